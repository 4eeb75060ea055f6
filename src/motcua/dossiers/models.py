"""Dossiers (hồ sơ), their documents and their append-only event log.

A dossier moves only through ``services.perform_action``; nothing else may change its step,
clock or outcome. Every change writes a ``DossierEvent`` whose hash chains to the previous one,
and the database refuses to update or delete events (trigger in migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel


class Dossier(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Giải quyết")
        REFUSED = "refused", _("Từ chối")
        WITHDRAWN = "withdrawn", _("Rút hồ sơ")
        STOPPED = "stopped", _("Dừng xử lý")

    class Timeliness(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    class ResultDelivery(models.TextChoices):
        COUNTER = "counter", _("Nhận trực tiếp")
        ONLINE = "online", _("Nhận trực tuyến")
        POST = "post", _("Qua dịch vụ bưu chính")

    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True)
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    current_agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan đang giữ hồ sơ"),
        on_delete=models.PROTECT,
        related_name="held_dossiers",
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("thủ tục (phiên bản)"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    process_version = models.ForeignKey(
        "workflow.ProcessVersion",
        verbose_name=_("quy trình nội bộ"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(_("hình thức nộp"), max_length=20, choices=Channel)
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=10,
        choices=ResultDelivery,
        default=ResultDelivery.COUNTER,
    )

    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    applicant_name = models.CharField(_("người nộp"), max_length=200)
    applicant_id_number = models.CharField(_("số định danh"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    applicant_unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    delegate_name = models.CharField(_("người được ủy quyền"), max_length=200, blank=True)
    delegate_id_number = models.CharField(
        _("số định danh người được ủy quyền"), max_length=20, blank=True
    )
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)

    step = models.CharField(_("bước hiện tại"), max_length=80)
    step_entered_at = models.DateTimeField(_("vào bước lúc"))
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý chính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
    )
    co_handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ phối hợp"), blank=True, related_name="+"
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ theo dõi"), blank=True, related_name="+"
    )

    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True, db_index=True)
    clock = models.JSONField(_("đồng hồ thời hạn"), null=True, blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome, blank=True)
    timeliness = models.CharField(
        _("đánh giá thời hạn"), max_length=10, choices=Timeliness, blank=True
    )
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    supplement_request = models.TextField(_("nội dung yêu cầu bổ sung"), blank=True)

    version = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ("-submitted_at",)
        indexes = [
            models.Index(fields=["current_agency", "step"], name="dossier_worklist"),
            models.Index(
                fields=["due_at"],
                name="dossier_open_due",
                condition=models.Q(completed_at__isnull=True),
            ),
            # The reports' day-by-day counts and drill-down (ADR 0012).
            models.Index(fields=["received_at"], name="dossier_received_at"),
            models.Index(fields=["completed_at"], name="dossier_completed_at"),
        ]

    def __str__(self):
        return self.code

    @property
    def is_decided(self) -> bool:
        """The agency has decided (approved, refused…); the result may still await return."""
        return self.completed_at is not None


class DossierDocument(models.Model):
    """A document of the dossier: one the applicant submitted (against an item of the
    procedure's list, thành phần hồ sơ) or the result the agency issues."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Giấy tờ nộp")
        RESULT = "result", _("Kết quả giải quyết")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind, default=Kind.SUBMITTED)
    signed = models.BooleanField(_("đã ký số"), default=False)
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.TextField(_("tên giấy tờ"))
    form = models.CharField(_("loại bản"), max_length=10, blank=True)
    copies = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    present = models.BooleanField(_("đã có"), default=False)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/", blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ đã nộp")
        verbose_name_plural = _("thành phần hồ sơ đã nộp")
        ordering = ("dossier", "pk")

    def __str__(self):
        return self.name[:80]


class DossierEvent(models.Model):
    """Nhật ký xử lý: one row per state change, never updated or deleted (form 05 reads it)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField(_("thứ tự"))
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200)
    actor_role = models.CharField(_("vai trò"), max_length=40)
    agency = models.ForeignKey(
        "catalog.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("thao tác"), max_length=80)
    action_name = models.CharField(_("tên thao tác"), max_length=255)
    from_step = models.CharField(_("từ bước"), max_length=80, blank=True)
    to_step = models.CharField(_("đến bước"), max_length=80)
    note = models.TextField(_("ghi chú"), blank=True)
    payload = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ("dossier", "sequence")
        constraints = [
            models.UniqueConstraint(fields=("dossier", "sequence"), name="one_event_per_sequence")
        ]
        # The reports count supplement requests of a period (ADR 0012).
        indexes = [models.Index(fields=["action", "at"], name="dossier_event_action_at")]

    def __str__(self):
        return f"{self.dossier_id}#{self.sequence} {self.action}"


class Consultation(models.Model):
    """Lấy ý kiến: a question to another body, logged with its deadline and answer."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    body = models.CharField(_("cơ quan được hỏi ý kiến"), max_length=255)
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content = models.TextField(_("nội dung"))
    deadline = models.DateTimeField(_("hạn trả lời"))
    answer = models.TextField(_("ý kiến trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lấy ý kiến")
        verbose_name_plural = _("lấy ý kiến")
        ordering = ("dossier", "created_at")

    def __str__(self):
        return f"{self.body}: {self.content[:60]}"


class Transfer(models.Model):
    """Liên thông: the dossier handed to another agency. The dossier keeps its code and its
    receiving agency, so statistics count it once, where it was received."""

    class Mode(models.TextChoices):
        SEQUENTIAL = "sequential", _("Tuần tự")
        PARALLEL = "parallel", _("Song song")
        UP = "up", _("Chuyển cấp trên")
        BACK = "back", _("Chuyển về nơi tiếp nhận")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transfers")
    mode = models.CharField(_("hình thức"), max_length=12, choices=Mode)
    from_agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(_("cơ quan chủ trì"), default=False)
    sent_at = models.DateTimeField(_("chuyển lúc"))
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("liên thông")
        verbose_name_plural = _("liên thông")
        ordering = ("dossier", "sent_at")

    def __str__(self):
        return f"{self.get_mode_display()}: {self.from_agency} → {self.to_agency}"


class DossierCodeSequence(models.Model):
    """The last number given to a receiving agency's dossiers on one day."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("agency", "day"), name="one_sequence_per_agency_day")
        ]

    def __str__(self):
        return f"{self.agency_id} {self.day:%d/%m/%Y}: {self.last_number}"


class DossierSlip(models.Model):
    """An official slip issued for the dossier (receipt, supplement request, refusal, apology…),
    rendered as PDF by the follow-up job of the action that required it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="slips")
    event = models.ForeignKey(DossierEvent, on_delete=models.PROTECT, related_name="slips")
    kind = models.CharField(_("loại phiếu"), max_length=30)
    number = models.CharField(_("số"), max_length=30, blank=True)
    file = models.FileField(_("tệp PDF"), upload_to="slips/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu đã cấp")
        verbose_name_plural = _("phiếu đã cấp")
        ordering = ("dossier", "created_at")
        constraints = [
            models.UniqueConstraint(fields=("event", "kind"), name="one_slip_per_event_and_kind")
        ]

    def __str__(self):
        return f"{self.dossier} — {self.kind} {self.number}".strip()


class IntegrationClient(models.Model):
    """A system allowed to submit dossiers through the API (a kiosk, the post office's system, the
    national portal's connector). Its token is shown once and stored only as a hash."""

    name = models.CharField(_("tên hệ thống"), max_length=200)
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Hồ sơ gửi qua hệ thống này được tiếp nhận tại cơ quan này."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("tiền tố mã truy cập"), max_length=8, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("hệ thống tích hợp")
        verbose_name_plural = _("hệ thống tích hợp")

    def __str__(self):
        return self.name

    @property
    def is_authenticated(self) -> bool:  # DRF treats request.user-like objects this way
        return True


class IdempotentRequest(models.Model):
    """A submission already handled under an ``Idempotency-Key``; a replay gets the same dossier."""

    client = models.ForeignKey(IntegrationClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("client", "key"), name="one_request_per_client_key")
        ]

    def __str__(self):
        return f"{self.client_id}:{self.key}"


class SlaAlert(models.Model):
    """An alert sent about a dossier's deadline, once per kind and due time (a new due time after
    an extension or a restart deserves its own alert)."""

    class Kind(models.TextChoices):
        NEAR_DUE = "near_due", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sla_alerts")
    kind = models.CharField(_("loại cảnh báo"), max_length=10, choices=Kind)
    due_at = models.DateTimeField(_("hạn được cảnh báo"))
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cảnh báo thời hạn")
        verbose_name_plural = _("cảnh báo thời hạn")
        constraints = [
            models.UniqueConstraint(
                fields=("dossier", "kind", "due_at"), name="one_alert_per_kind_and_due_time"
            )
        ]

    def __str__(self):
        return f"{self.dossier} {self.kind} {self.due_at:%d/%m/%Y %H:%M}"
