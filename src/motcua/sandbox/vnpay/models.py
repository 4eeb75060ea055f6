"""What the VNPay sandbox holds: how it is told to behave, and the transactions it saw."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Behaviour(models.Model):
    """How the sandbox ends the next payments (one row, pk=1)."""

    class Mode(models.TextChoices):
        NORMAL = "normal", _("Bình thường: trả về và gửi IPN một lần")
        DECLINE = "decline", _("Từ chối giao dịch")
        IPN_TWICE = "ipn_twice", _("Gửi IPN hai lần")
        IPN_LATE = "ipn_late", _("Gửi IPN trễ")
        NO_IPN = "no_ipn", _("Không gửi IPN")

    mode = models.CharField(_("cách phản hồi"), max_length=10, choices=Mode, default=Mode.NORMAL)
    decline_code = models.CharField(_("mã từ chối"), max_length=2, default="51")
    late_seconds = models.PositiveIntegerField(_("trễ (giây)"), default=60)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cách phản hồi")
        verbose_name_plural = _("cách phản hồi")

    def __str__(self):
        return self.mode


class Transaction(models.Model):
    """A payment the sandbox was asked to take (vnp_TxnRef of one terminal)."""

    tmn_code = models.CharField(max_length=20)
    txn_ref = models.CharField(max_length=100)
    amount = models.CharField(max_length=20)  # on the wire: VND × 100
    order_info = models.CharField(max_length=255)
    return_url = models.URLField(max_length=1000)
    create_date = models.CharField(max_length=14)
    expire_date = models.CharField(max_length=14, blank=True)
    token = models.CharField(max_length=32)
    status = models.CharField(max_length=2, default="01")  # vnp_TransactionStatus
    response_code = models.CharField(max_length=2, blank=True)
    transaction_no = models.CharField(max_length=20, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    pay_date = models.CharField(max_length=14, blank=True)
    ipn_due_at = models.DateTimeField(null=True, blank=True)
    ipn_answers = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giao dịch thử nghiệm")
        verbose_name_plural = _("giao dịch thử nghiệm")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=("tmn_code", "txn_ref"), name="sandbox_vnpay_one_txn")
        ]

    def __str__(self):
        return f"{self.tmn_code}:{self.txn_ref} {self.status}"
