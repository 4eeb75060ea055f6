"""What the messaging sandbox received, and how it was told to behave."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")
    EMAIL = "email", _("Thư điện tử")


class Behaviour(models.Model):
    """How one simulated provider answers the next requests."""

    class Failure(models.TextChoices):
        NONE = "", _("Bình thường")
        TEMPORARY = "temporary", _("Lỗi tạm thời")
        PERMANENT = "permanent", _("Lỗi vĩnh viễn")

    channel = models.CharField(_("kênh"), max_length=10, choices=Channel, unique=True)
    failure = models.CharField(_("kiểu lỗi"), max_length=10, choices=Failure, blank=True)
    failures_left = models.PositiveIntegerField(
        _("số lần lỗi còn lại"), null=True, blank=True, help_text=_("Để trống: lỗi mãi.")
    )
    delay_seconds = models.FloatField(_("trả lời chậm (giây)"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cách phản hồi")
        verbose_name_plural = _("cách phản hồi")

    def __str__(self):
        return f"{self.channel}: {self.failure or 'ok'}"


class Request(models.Model):
    """Every call the simulated providers received, and what they answered."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Nhận")
        DUPLICATE = "duplicate", _("Trùng, không gửi lại")
        TEMPORARY = "temporary", _("Lỗi tạm thời")
        PERMANENT = "permanent", _("Lỗi vĩnh viễn")
        REFUSED = "refused", _("Từ chối (sai khóa, sai dữ liệu)")

    channel = models.CharField(_("kênh"), max_length=10, choices=Channel)
    received_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    idempotency_key = models.CharField(_("khóa"), max_length=120, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome)

    class Meta:
        verbose_name = _("yêu cầu")
        verbose_name_plural = _("yêu cầu")
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.channel} {self.outcome} {self.idempotency_key}"


class Message(models.Model):
    """A message the simulated provider accepted: what the person would have received."""

    channel = models.CharField(_("kênh"), max_length=10, choices=Channel)
    recipient = models.CharField(_("người nhận"), max_length=200)
    sender = models.CharField(_("người gửi"), max_length=200, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    idempotency_key = models.CharField(_("khóa"), max_length=120, blank=True, db_index=True)
    provider_message_id = models.CharField(_("mã tin"), max_length=64, unique=True)
    template_id = models.CharField(_("mã mẫu ZNS"), max_length=50, blank=True)
    template_data = models.JSONField(_("tham số"), default=dict, blank=True)
    callback_url = models.URLField(_("địa chỉ báo nhận"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    receipt_sent_at = models.DateTimeField(_("đã báo nhận lúc"), null=True, blank=True)
    receipt_delivered = models.BooleanField(_("báo đã nhận"), null=True)

    class Meta:
        verbose_name = _("tin đã nhận")
        verbose_name_plural = _("tin đã nhận")
        ordering = ["-received_at", "-id"]
        constraints = [
            # Like eSMS: one accepted message per RequestId.
            models.UniqueConstraint(
                fields=["channel", "idempotency_key"],
                condition=Q(channel="sms") & ~Q(idempotency_key=""),
                name="sandbox_sms_one_message_per_request_id",
            )
        ]

    def __str__(self):
        return f"{self.channel} → {self.recipient}"
