"""The procedure catalog: administrative units, agencies and their counters, fields, procedures
and their versions (channels, time, fees, required documents, e-form), and who offers what.

What a procedure requires is versioned: a dossier keeps the ``ProcedureVersion`` in force when it
was received, so a version's legal content is never edited in place by the import (a change makes
a new version). Models hold data and invariants; changes go through ``catalog.services``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.validators import (
    validate_agency_identifier,
    validate_eform_schema,
    validate_eform_ui,
    validate_procedure_code,
)


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


class ReceptionCounter(models.Model):
    """Quầy tiếp nhận: a numbered desk of an agency (or of the service centre) where dossiers are
    received and results returned. The agency's working calendar arrives with the worktime app."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="counters"
    )
    number = models.CharField(_("số quầy"), max_length=20)
    name = models.CharField(_("tên quầy"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("quầy tiếp nhận")
        verbose_name_plural = _("quầy tiếp nhận")
        ordering = ("agency", "number")
        constraints = [
            models.UniqueConstraint(fields=("agency", "number"), name="unique_counter_per_agency")
        ]

    def __str__(self):
        return f"{self.agency.short_name or self.agency.name} — {self.number}"


class Field(models.Model):
    """Lĩnh vực: the area of state management a procedure belongs to (Hộ tịch, Xây dựng…)."""

    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    ministry = models.CharField(
        _("bộ, ngành quản lý"), max_length=255, blank=True, help_text=_("Cơ quan ban hành.")
    )

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ("name",)

    def __str__(self):
        return self.name


class GovernmentLevel(models.TextChoices):
    """Cấp thực hiện, as the national catalog names them."""

    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


# Value -> lazy label, made once (``choices`` builds a new list on every call); translated when
# shown, in the language of the request.
_GOVERNMENT_LEVEL_LABELS = dict(GovernmentLevel.choices)


class ServiceLevel(models.IntegerChoices):
    """Mức độ dịch vụ công trực tuyến (Decree 43/2011/NĐ-CP Art 3)."""

    INFORMATION = 1, _("Mức độ 1: thông tin")
    FORMS = 2, _("Mức độ 2: tải biểu mẫu")
    ONLINE_SUBMISSION = 3, _("Mức độ 3: nộp hồ sơ trực tuyến")
    ONLINE_PAYMENT = 4, _("Mức độ 4: trực tuyến toàn bộ")


class OnlineMode(models.TextChoices):
    """Decree 42/2022/NĐ-CP, 224/2026/NĐ-CP: toàn trình or một phần (with a published reason)."""

    END_TO_END = "end_to_end", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


def in_force_on(on: datetime.date) -> Q:
    """The procedure versions whose period holds ``on``; the one in force is the first of them
    by ``IN_FORCE_ORDER``."""
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gt=on))


IN_FORCE_ORDER = ("-valid_from", "-number")


class Procedure(models.Model):
    """Thủ tục hành chính, identified by its national code (``1.001193``, or with a province
    suffix ``1.012753.H19``). What it legally requires lives in its versions.

    ``field_name`` and ``agency_names`` copy the field's name and the offering agencies' names so
    the generated ``search_text`` (folded with the IMMUTABLE ``motcua_unaccent`` of migration
    0002) covers them; ``catalog.services`` keeps them in step. ``service_level`` and
    ``online_mode`` mirror the newest version for filtering.
    """

    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True, validators=[validate_procedure_code]
    )
    name = models.TextField(_("tên thủ tục"))
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="procedures",
        null=True,
        blank=True,
    )
    levels = ArrayField(
        models.CharField(max_length=20, choices=GovernmentLevel.choices),
        verbose_name=_("cấp thực hiện"),
        default=list,
        blank=True,
    )
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    implementing_bodies = models.TextField(
        _("cơ quan thực hiện"), blank=True, help_text=_("Theo danh mục quốc gia.")
    )
    procedure_type = models.CharField(_("loại thủ tục"), max_length=255, blank=True)
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    service_level = models.PositiveSmallIntegerField(
        _("mức độ"), choices=ServiceLevel, default=ServiceLevel.INFORMATION
    )
    online_mode = models.CharField(
        _("trực tuyến"), max_length=20, choices=OnlineMode, default=OnlineMode.NONE
    )
    field_name = models.CharField(max_length=255, blank=True, editable=False)
    agency_names = models.TextField(blank=True, editable=False)
    search_text = models.GeneratedField(
        expression=Func(
            F("code"),
            F("name"),
            F("field_name"),
            F("agency_names"),
            template="translate(lower(motcua_unaccent(%(expressions)s)), 'y', 'i')",
            arg_joiner=" || ' ' || ",
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_vector = models.GeneratedField(
        expression=Func(
            F("code"),
            F("name"),
            F("field_name"),
            F("agency_names"),
            template=(
                "to_tsvector('simple'::regconfig, "
                "translate(lower(motcua_unaccent(%(expressions)s)), 'y', 'i'))"
            ),
            arg_joiner=" || ' ' || ",
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    name_key = models.GeneratedField(
        expression=Func(
            F("name"), template="translate(lower(motcua_unaccent(%(expressions)s)), 'y', 'i')"
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ("code",)
        indexes = [
            GinIndex(OpClass(F("search_text"), name="gin_trgm_ops"), name="procedure_search_trgm"),
            GinIndex(OpClass(F("name_key"), name="gin_trgm_ops"), name="procedure_name_trgm"),
            GinIndex(F("search_vector"), name="procedure_search_fts"),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        # The search column folds the field's name in; keep the copy true on every save.
        self.field_name = self.field.name if self.field_id else ""
        super().save(*args, **kwargs)

    @property
    def level_labels(self) -> list[str]:
        return [str(_GOVERNMENT_LEVEL_LABELS.get(level, level)) for level in self.levels]

    def version_in_force(self, on: datetime.date | None = None) -> ProcedureVersion | None:
        """The version a dossier received on ``on`` (today by default) must follow."""
        on = on or timezone.localdate()
        return self.versions.filter(in_force_on(on)).order_by(*IN_FORCE_ORDER).first()


class ProcedureVersion(models.Model):
    """What a procedure requires during a period: channels with time and fee, documents, the
    e-form, legal basis. Valid from ``valid_from`` (inclusive) until ``valid_until`` (exclusive);
    a version replaced on the day it started has an empty period but stays for the dossiers that
    already point to it.

    ``content_hash`` fingerprints the legal content so a re-import can tell whether something
    changed; the ``raw_*`` fields keep the text the national catalog published, parsed or not.
    """

    class Source(models.TextChoices):
        IMPORT = "import", _("Nhập từ danh mục quốc gia")
        ADMIN = "admin", _("Quản trị viên")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    valid_from = models.DateField(_("hiệu lực từ"), default=timezone.localdate)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    decision_number = models.CharField(_("quyết định công bố"), max_length=255, blank=True)
    service_level = models.PositiveSmallIntegerField(
        _("mức độ"), choices=ServiceLevel, default=ServiceLevel.INFORMATION
    )
    online_mode = models.CharField(
        _("trực tuyến"), max_length=20, choices=OnlineMode, default=OnlineMode.NONE
    )
    partial_online_reason = models.TextField(
        _("lý do chỉ trực tuyến một phần"),
        blank=True,
        help_text=_("Bắt buộc công khai khi dịch vụ chỉ trực tuyến một phần (Nghị định 42/2022)."),
    )
    cutoff_applies = models.BooleanField(
        _("áp dụng mốc 15 giờ"),
        default=False,
        help_text=_("Hồ sơ nhận sau 15 giờ được tính sang ngày làm việc tiếp theo."),
    )
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả"), blank=True)
    target_group = models.TextField(_("đối tượng thực hiện"), blank=True)
    raw_channels_text = models.TextField(_("cách thức thực hiện (nguyên văn)"), blank=True)
    raw_documents_text = models.TextField(_("thành phần hồ sơ (nguyên văn)"), blank=True)
    eform_schema = models.JSONField(
        _("biểu mẫu điện tử (JSON Schema)"),
        null=True,
        blank=True,
        validators=[validate_eform_schema],
        help_text=_("JSON Schema 2020-12 của tờ khai điện tử."),
    )
    eform_ui = models.JSONField(
        _("gợi ý hiển thị biểu mẫu"), default=dict, blank=True, validators=[validate_eform_ui]
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source, default=Source.ADMIN)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ("procedure", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=("procedure", "number"), name="unique_version_number_per_procedure"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="version_does_not_end_before_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.procedure.code} v{self.number}"

    def save(self, *args, **kwargs):
        # The e-form is data the portal renders and the server validates submissions against: a
        # broken schema must never reach the database, whatever path saved it.
        if self.eform_schema is not None:
            validate_eform_schema(self.eform_schema)
        validate_eform_ui(self.eform_ui or {})
        super().save(*args, **kwargs)

    @property
    def allows_online(self) -> bool:
        return self.online_mode != OnlineMode.NONE


class Channel(models.TextChoices):
    """Hình thức nộp (Decree 61/2018 Art 6)."""

    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Dịch vụ bưu chính")
    NATIONAL_PORTAL = "national_portal", _("Cổng Dịch vụ công quốc gia")


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("ngày làm việc")
    DAY = "day", _("ngày")
    WORKING_HOUR = "working_hour", _("giờ làm việc")
    HOUR = "hour", _("giờ")
    MONTH = "month", _("tháng")


class ChannelOption(models.Model):
    """One way to submit: the channel, the statutory processing time and the fee for it. A
    channel may appear more than once when time or fee differ by case."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    channel = models.CharField(_("hình thức nộp"), max_length=20, choices=Channel)
    processing_time = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("đơn vị thời gian"), max_length=20, choices=TimeUnit, default=TimeUnit.WORKING_DAY
    )
    time_unit_stated = models.BooleanField(
        _("đơn vị được ghi rõ"),
        default=True,
        help_text=_("Sai khi danh mục quốc gia chỉ ghi con số; khi đó coi là ngày làm việc."),
    )
    fee_vnd = models.BigIntegerField(
        _("phí, lệ phí (đồng)"), null=True, blank=True, help_text=_("Trống: không có thông tin.")
    )
    fee_text = models.TextField(_("ghi chú phí, lệ phí"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ("version", "position")
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_vnd__isnull=True) | Q(fee_vnd__gte=0), name="fee_not_negative"
            )
        ]

    def __str__(self):
        return self.get_channel_display()


class FeeItem(models.Model):
    """A named fee or charge (lệ phí, phí) with a fixed amount in đồng."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="fees"
    )
    name = models.CharField(_("tên khoản thu"), max_length=300)
    amount_vnd = models.BigIntegerField(_("số tiền (đồng)"))
    channel = models.CharField(
        _("áp dụng cho hình thức"),
        max_length=20,
        choices=Channel,
        blank=True,
        help_text=_("Trống: mọi hình thức."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("khoản phí, lệ phí")
        verbose_name_plural = _("khoản phí, lệ phí")
        ordering = ("version", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="fee_item_not_negative")
        ]

    def __str__(self):
        return self.name


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one document to submit or present."""

    class Group(models.TextChoices):
        SUBMIT = "submit", _("Giấy tờ phải nộp")
        PRESENT = "present", _("Giấy tờ phải xuất trình")

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        COPY = "copy", _("Bản sao")

    class Requirement(models.TextChoices):
        MANDATORY = "mandatory", _("Bắt buộc")
        CONDITIONAL = "conditional", _("Theo trường hợp")

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    group = models.CharField(_("nhóm"), max_length=10, choices=Group, default=Group.SUBMIT)
    name = models.TextField(_("tên giấy tờ"))
    form = models.CharField(_("loại bản"), max_length=10, choices=Form, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    requirement = models.CharField(
        _("yêu cầu"), max_length=12, choices=Requirement, default=Requirement.MANDATORY
    )
    template_name = models.CharField(_("tên mẫu đơn, tờ khai"), max_length=300, blank=True)
    template_file = models.FileField(
        _("tệp mẫu trống"), upload_to="catalog/templates/%Y/", blank=True
    )
    filled_by_eform = models.BooleanField(_("điền bằng biểu mẫu điện tử"), default=False)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ("version", "position")

    def __str__(self):
        return self.name[:80]


class ProcedureOffering(models.Model):
    """An agency that receives and handles a procedure, and the internal process it uses.

    ``process_code`` names the approved internal process (Circular 01/2018 Art 8); the dossier
    engine replaces it with a foreign key to its process definition. Blank: not configured yet.
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="offerings"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="offerings"
    )
    process_code = models.CharField(
        _("mã quy trình nội bộ"),
        max_length=100,
        blank=True,
        help_text=_("Quy trình nội bộ được Chủ tịch UBND tỉnh phê duyệt (sẽ liên kết khi có)."),
    )
    is_active = models.BooleanField(_("đang tiếp nhận"), default=True)

    class Meta:
        verbose_name = _("cơ quan thực hiện")
        verbose_name_plural = _("cơ quan thực hiện")
        ordering = ("procedure", "agency")
        constraints = [
            models.UniqueConstraint(fields=("procedure", "agency"), name="unique_offering")
        ]

    def __str__(self):
        return f"{self.procedure.code} @ {self.agency}"


class ProcedureChange(models.Model):
    """Nhật ký thay đổi: who changed a procedure, when, how, and what."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Tạo mới")
        UPDATED = "updated", _("Cập nhật")
        NEW_VERSION = "new_version", _("Phiên bản mới")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="changes"
    )
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind)
    source = models.CharField(_("nguồn"), max_length=10, choices=ProcedureVersion.Source)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField(_("nội dung"))
    changed_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ("procedure", "-changed_at", "-pk")

    def __str__(self):
        return f"{self.procedure.code}: {self.get_kind_display()}"
