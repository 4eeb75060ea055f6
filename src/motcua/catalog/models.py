"""Administrative units and agencies: who offers procedures, and where.

Procedures, fields and versions join this app with the catalog issue; units and agencies come
first because everything else refers to them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.validators import validate_agency_identifier


class AdministrativeUnit(models.Model):
    """Đơn vị hành chính: a province, a (pre-2025) district or a commune/ward/special zone.

    ``scheme`` separates the two-level model in force from 1 July 2025 from the older three-level
    one, whose codes overlap; a deployment may hold both while old dossiers are still open.
    """

    class Scheme(models.TextChoices):
        TWO_LEVEL_2025 = "2025", _("Hai cấp (từ 01/7/2025)")
        THREE_LEVEL = "pre2025", _("Ba cấp (trước 01/7/2025)")

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện")
        COMMUNE = 3, _("Cấp xã")

    scheme = models.CharField(
        _("mô hình"), max_length=10, choices=Scheme, default=Scheme.TWO_LEVEL_2025
    )
    code = models.CharField(
        _("mã"), max_length=10, help_text=_("Mã theo danh mục của Cục Thống kê.")
    )
    name = models.CharField(_("tên"), max_length=200)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ("scheme", "level", "code")
        constraints = [
            models.UniqueConstraint(fields=("scheme", "code"), name="unique_unit_code_per_scheme"),
        ]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """Cơ quan, đơn vị: a body that receives or handles dossiers (a department, a commune's
    People's Committee, the public administration service centre, one of their divisions)."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
        POLICE = "police", _("Công an")
        DIVISION = "division", _("Phòng, đơn vị trực thuộc")
        OTHER = "other", _("Khác")

    identifier = models.CharField(
        _("mã định danh"),
        max_length=35,
        unique=True,
        validators=[validate_agency_identifier],
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg, ví dụ 000.00.12.H49."),
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ("identifier",)

    def __str__(self):
        return self.name
