"""Fee rules the catalog lacks, payment requests of dossiers, the payments made against them,
the gateway settings of each agency, and every message a gateway sent us.

A payment's status changes only in ``services`` (under a row lock); nothing here may confirm,
fail or refund a payment by itself. No secret is stored: a gateway's hash secret comes from the
environment, named by ``GatewayAccount.secret_name``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel


class FeeRule(models.Model):
    """An amount the catalog's fixed fees cannot say: per set of the dossier, per copy asked
    for in the e-form, or when the applicant picked an option in the e-form.

    The catalog keeps the fixed amounts (``ChannelOption.fee_vnd`` and ``FeeItem``); a rule
    adds to them for the same procedure version.
    """

    class Kind(models.TextChoices):
        PER_SET = "per_set", _("Theo số bộ hồ sơ")
        PER_COPY = "per_copy", _("Theo số bản yêu cầu (trường của tờ khai)")
        OPTION = "option", _("Khi chọn một tùy chọn trên tờ khai")

    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="fee_rules",
    )
    name = models.CharField(_("tên khoản thu"), max_length=300)
    kind = models.CharField(_("cách tính"), max_length=10, choices=Kind)
    amount_vnd = models.BigIntegerField(_("đơn giá (đồng)"))
    channel = models.CharField(
        _("áp dụng cho hình thức"),
        max_length=20,
        choices=Channel,
        blank=True,
        help_text=_("Trống: mọi hình thức."),
    )
    form_field = models.CharField(
        _("trường trên tờ khai"),
        max_length=100,
        blank=True,
        help_text=_("Số bản (theo số bản) hoặc tùy chọn (khi chọn)."),
    )
    form_value = models.CharField(
        _("giá trị tùy chọn"),
        max_length=200,
        blank=True,
        help_text=_("Trống: tùy chọn được đánh dấu (đúng)."),
    )
    free_quantity = models.PositiveSmallIntegerField(
        _("số lượng miễn phí"),
        default=0,
        help_text=_("Ví dụ: bản thứ hai trở đi mới tính phí thì ghi 1."),
    )

    class Meta:
        verbose_name = _("quy tắc tính phí")
        verbose_name_plural = _("quy tắc tính phí")
        ordering = ("version", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="fee_rule_not_negative"),
            models.CheckConstraint(
                condition=Q(kind="per_set") | ~Q(form_field=""),
                name="fee_rule_form_field_required",
            ),
        ]

    def __str__(self):
        return self.name


class GatewayAccount(models.Model):
    """An agency's own merchant account at a gateway (its VNPay terminal, its bank account for
    transfers). Without one, the environment's account (``MOTCUA_VNPAY_*``) is used."""

    agency = models.ForeignKey(
        "catalog.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    gateway = models.CharField(_("hình thức thanh toán"), max_length=20)
    is_enabled = models.BooleanField(_("đang sử dụng"), default=True)
    merchant_code = models.CharField(
        _("mã đơn vị (vnp_TmnCode)"), max_length=20, blank=True, db_index=True
    )
    secret_name = models.CharField(
        _("tên khóa bí mật"),
        max_length=50,
        blank=True,
        help_text=_("Khóa lấy từ biến môi trường MOTCUA_PAYMENTS_SECRET_<TÊN>, không lưu ở đây."),
    )
    bank_name = models.CharField(_("ngân hàng"), max_length=200, blank=True)
    account_number = models.CharField(_("số tài khoản"), max_length=40, blank=True)
    account_holder = models.CharField(_("chủ tài khoản"), max_length=200, blank=True)
    instructions = models.TextField(_("hướng dẫn"), blank=True)

    class Meta:
        verbose_name = _("tài khoản thanh toán của cơ quan")
        verbose_name_plural = _("tài khoản thanh toán của cơ quan")
        constraints = [
            models.UniqueConstraint(
                fields=("agency", "gateway"), name="one_gateway_account_per_agency"
            )
        ]

    def __str__(self):
        return f"{self.agency} — {self.gateway}"


class PaymentRequest(models.Model):
    """What the applicant of a dossier must pay, computed when the process asked for it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ nộp")
        PAID = "paid", _("Đã nộp")
        CANCELLED = "cancelled", _("Đã hủy")

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="payment_requests",
    )
    agency = models.ForeignKey(
        "catalog.Agency", verbose_name=_("cơ quan thu"), on_delete=models.PROTECT, related_name="+"
    )
    amount_vnd = models.BigIntegerField(_("số tiền (đồng)"))
    lines = models.JSONField(_("các khoản"), default=list)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status, default=Status.OPEN)
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    due_at = models.DateTimeField(_("hạn nộp"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("nộp xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu nộp phí, lệ phí")
        verbose_name_plural = _("yêu cầu nộp phí, lệ phí")
        ordering = ("-requested_at",)
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payment_request_positive"),
            models.UniqueConstraint(
                fields=("dossier",),
                condition=Q(status="open"),
                name="one_open_payment_request_per_dossier",
            ),
        ]

    def __str__(self):
        return f"{self.dossier} — {self.amount_vnd} đ"


class Payment(models.Model):
    """One attempt to pay a request through one gateway. Confirmed exactly once: by a verified
    gateway notification or status query (online), or by a member of staff (offline)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ kết quả")
        AWAITING_STAFF = "awaiting_staff", _("Chờ cán bộ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        FAILED = "failed", _("Không thành công")
        REFUNDED = "refunded", _("Đã hoàn tiền")

    class Via(models.TextChoices):
        IPN = "ipn", _("Thông báo của cổng thanh toán (IPN)")
        QUERY = "query", _("Truy vấn trạng thái (đối soát)")
        STAFF = "staff", _("Cán bộ xác nhận")

    request = models.ForeignKey(
        PaymentRequest, verbose_name=_("yêu cầu"), on_delete=models.PROTECT, related_name="payments"
    )
    gateway = models.CharField(_("hình thức thanh toán"), max_length=20)
    reference = models.CharField(_("mã giao dịch"), max_length=34, unique=True)
    merchant_code = models.CharField(_("mã đơn vị"), max_length=20, blank=True)
    amount_vnd = models.BigIntegerField(_("số tiền (đồng)"))
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=Status, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    client_ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    gateway_transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=40, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    response_code = models.CharField(_("mã phản hồi"), max_length=4, blank=True)
    failure_reason = models.CharField(_("lý do không thành công"), max_length=300, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)

    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True, db_index=True)
    confirmed_via = models.CharField(_("xác nhận qua"), max_length=5, choices=Via, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xác nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_duplicate = models.BooleanField(
        _("nộp trùng"), default=False, help_text=_("Yêu cầu đã được nộp bằng giao dịch khác.")
    )
    note = models.TextField(_("ghi chú"), blank=True)

    proof = models.FileField(
        _("chứng từ chuyển khoản"), upload_to="payments/proofs/%Y/%m/", blank=True
    )
    proof_content_type = models.CharField(max_length=40, blank=True)

    receipt_number = models.CharField(_("số biên nhận"), max_length=30, blank=True)
    receipt = models.FileField(
        _("biên nhận (PDF)"), upload_to="payments/receipts/%Y/%m/", blank=True
    )

    refunded_at = models.DateTimeField(_("hoàn tiền lúc"), null=True, blank=True)
    refund_reason = models.TextField(_("lý do hoàn tiền"), blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ hoàn tiền"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payment_positive"),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="confirmed_payment_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["gateway", "created_at"],
                name="payment_pending_online",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def gateway_label(self) -> str:
        from motcua.payments.registry import registry

        return registry.label(self.gateway)


class GatewayMessage(models.Model):
    """Every message a gateway sent us (return, IPN, status query answer) and what we
    answered: the audit trail of confirmations and of refused forgeries."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Chuyển hướng trả về")
        IPN = "ipn", _("IPN")
        QUERY = "query", _("Truy vấn trạng thái")

    payment = models.ForeignKey(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    gateway = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=Kind)
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    params = models.JSONField(default=dict)
    answer = models.CharField(max_length=10, blank=True)
    answer_message = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông điệp cổng thanh toán")
        verbose_name_plural = _("thông điệp cổng thanh toán")
        ordering = ("-received_at", "-pk")

    def __str__(self):
        return f"{self.gateway} {self.kind} {self.reference} → {self.answer}"
