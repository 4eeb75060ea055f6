"""People who use motcua: citizens, business representatives and staff.

A custom user model from the first migration so later issues can add sign-in by phone, national
identity and agency membership without a painful swap.
"""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import StaffRole

phone_validator = RegexValidator(
    r"^(\+84|0)\d{9,10}$", _("Số điện thoại không hợp lệ (ví dụ: 0912345678).")
)


class User(AbstractUser):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Tổ chức, doanh nghiệp")
        STAFF = "staff", _("Cán bộ, công chức")

    kind = models.CharField(_("loại tài khoản"), max_length=20, choices=Kind, default=Kind.CITIZEN)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=15, blank=True, validators=[phone_validator]
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Cơ quan, đơn vị công tác (đối với cán bộ)."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def has_role(self, role: StaffRole) -> bool:
        return self.groups.filter(name=role.label).exists()
