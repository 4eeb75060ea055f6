"""The outbox: notifications, their deliveries channel by channel, and every attempt; the
versioned message templates; each user's channel preferences.

A ``Notification`` is one event told to one person. It is rendered once, when the event
happens, for every channel it may go through, and keeps those texts. Its ``Delivery`` rows are
the channels actually tried, in fallback order (Zalo, then SMS, then email); each ``Delivery``
keeps its ``DeliveryAttempt`` rows. Every row says in Vietnamese what happened last
(``status_reason`` / ``reason``): nothing is ever "pending" without an explanation.

Rows here change only through ``motcua.notifications.services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.notifications.events import event_choices


class Status(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DELIVERED = "delivered", _("Đã nhận")
    FAILED = "failed", _("Không gửi được")


def channel_label(code: str) -> str:
    """The channel's name for people; channels come from the registry, not from model choices,
    so a new plugin needs no migration."""
    from motcua.notifications.registry import channels

    return channels[code].label if code in channels else code


class MessageTemplate(models.Model):
    """The text of one event on one channel. Editing makes a new version; old ones stay so
    every notification can show which text it was rendered from."""

    event = models.CharField(_("sự kiện"), max_length=50, choices=event_choices())
    channel = models.CharField(_("kênh"), max_length=20)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    is_current = models.BooleanField(_("đang dùng"), default=True)
    subject = models.CharField(
        _("tiêu đề"),
        max_length=300,
        blank=True,
        help_text=_("Tiêu đề thư điện tử và tiêu đề trong trung tâm thông báo."),
    )
    body = models.TextField(
        _("nội dung"),
        help_text=_('Cú pháp mẫu Django, ví dụ {{ dossier_code }}, {{ due_at|date:"d/m/Y" }}.'),
    )
    fold_diacritics = models.BooleanField(
        _("gửi không dấu"),
        default=False,
        help_text=_("Chỉ dùng cho SMS: bỏ dấu tiếng Việt để tin nhắn ngắn và rẻ hơn (GSM-7)."),
    )
    provider_template_id = models.CharField(
        _("mã mẫu ZNS"),
        max_length=50,
        blank=True,
        help_text=_("Chỉ dùng cho Zalo: mã mẫu tin đã được Zalo phê duyệt."),
    )
    provider_params = models.CharField(
        _("tham số mẫu ZNS"),
        max_length=500,
        blank=True,
        help_text=_("Chỉ dùng cho Zalo: tên các biến gửi kèm, cách nhau bởi dấu phẩy."),
    )
    change_note = models.CharField(_("ghi chú thay đổi"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["event", "channel", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "version"], name="notification_template_version"
            ),
            models.UniqueConstraint(
                fields=["event", "channel"],
                condition=Q(is_current=True),
                name="notification_template_one_current",
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} — {self.channel_label} (v{self.version})"

    @property
    def channel_label(self) -> str:
        return channel_label(self.channel)

    @property
    def param_names(self) -> list[str]:
        return [name.strip() for name in self.provider_params.split(",") if name.strip()]


class ChannelPreference(models.Model):
    """Which channels a person accepts. Missing row: every channel they have an address for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    use_zalo = models.BooleanField(_("nhận qua Zalo"), default=True)
    use_sms = models.BooleanField(_("nhận qua SMS"), default=True)
    use_email = models.BooleanField(_("nhận qua thư điện tử"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kênh nhận thông báo")
        verbose_name_plural = _("kênh nhận thông báo")

    def __str__(self):
        return str(self.user)

    def accepts(self, channel_code: str) -> bool:
        return bool(getattr(self, f"use_{channel_code}", False))


class Notification(models.Model):
    """One event told to one person, with the texts rendered for each channel it may use."""

    public_id = models.UUIDField(_("mã"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("sự kiện"), max_length=50, choices=event_choices())
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient_name = models.CharField(_("người nhận"), max_length=200, blank=True)
    recipient_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    recipient_email = models.EmailField(_("thư điện tử"), blank=True)
    subject_ref = models.CharField(
        _("đối tượng"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("Điều thông báo nói về, ví dụ 'dossiers.dossier:42'."),
    )
    context = models.JSONField(_("dữ liệu"), default=dict, encoder=DjangoJSONEncoder)
    title = models.CharField(_("tiêu đề"), max_length=300)
    text = models.TextField(_("nội dung"))
    rendered = models.JSONField(_("nội dung theo kênh"), default=dict)
    channel_plan = models.JSONField(_("thứ tự kênh"), default=list)
    plan_notes = models.JSONField(_("kênh không dùng"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status, default=Status.QUEUED)
    status_reason = models.TextField(_("diễn giải"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_recent")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.recipient_name or self.recipient_phone}"


class FailedNotification(Notification):
    """Notifications no channel could deliver: the admin's failure list."""

    class Meta:
        proxy = True
        verbose_name = _("thông báo gửi thất bại")
        verbose_name_plural = _("thông báo gửi thất bại")


class Delivery(models.Model):
    """One notification through one channel."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("thông báo"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("kênh"), max_length=20)
    position = models.PositiveSmallIntegerField(_("thứ tự trong kế hoạch"))
    idempotency_key = models.CharField(_("khóa chống gửi trùng"), max_length=80, unique=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status, default=Status.QUEUED)
    reason = models.TextField(_("diễn giải"))
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("đã nhận lúc"), null=True, blank=True)
    failed_at = models.DateTimeField(_("thất bại lúc"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("mã tin của nhà cung cấp"), max_length=120, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("lượt gửi")
        ordering = ["notification", "created_at", "id"]
        indexes = [
            models.Index(
                fields=["sending_started_at"],
                condition=Q(status="sending"),
                name="delivery_sending_since",
            ),
        ]

    def __str__(self):
        return f"{self.channel_label}: {self.get_status_display()}"

    @property
    def channel_label(self) -> str:
        return channel_label(self.channel)


class DeliveryAttempt(models.Model):
    """One call to the provider, and how it ended."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Nhà cung cấp đã nhận")
        DUPLICATE = "duplicate", _("Nhà cung cấp đã nhận từ lần trước")
        TEMPORARY = "temporary", _("Lỗi tạm thời")
        PERMANENT = "permanent", _("Lỗi không khắc phục được")
        INTERRUPTED = "interrupted", _("Bị gián đoạn")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("lượt gửi"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(_("lần"))
    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome, blank=True)
    reason = models.TextField(_("diễn giải"), blank=True)
    detail = models.TextField(_("chi tiết kỹ thuật"), blank=True)

    class Meta:
        verbose_name = _("lần gửi")
        verbose_name_plural = _("lần gửi")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="delivery_attempt_number")
        ]

    def __str__(self):
        return f"#{self.number} {self.get_outcome_display() or '…'}"
