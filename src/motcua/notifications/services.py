"""Every change to the outbox: telling someone about an event, delivering, retrying, falling
back to the next channel, applying delivery receipts, recovering from a dead worker, editing
templates and preferences.

The flow of one notification::

    notify()                 caller's transaction: Notification + first Delivery (queued)
                             + the delivery job, all or nothing
    deliver job → attempt_delivery()
        claim                short transaction: queued → sending, attempt row
        send                 no transaction held: the provider's HTTP call
        record               short transaction: sending → sent | queued again (temporary
                             failure, with the time of the next try and a new job) | failed
                             (permanent, or out of attempts) → next channel's Delivery + job
    receipt webhook          sent → delivered, or failed → next channel
    requeue job (periodic)   sending for longer than SENDING_TIMEOUT → queued again (the worker
                             died mid-send; the idempotency key stops a second SMS)

States only move forward (queued → sending → sent → delivered; failed ends a delivery); each
move writes a Vietnamese explanation. Nothing here holds a row lock across a provider call.

Views, jobs and webhooks call these functions; nothing else writes the outbox's tables.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from procrastinate import exceptions as procrastinate_exceptions

from motcua.notifications.base import (
    Address,
    DeliveryError,
    OutgoingMessage,
    Receipt,
    SendResult,
    TemporaryFailure,
)
from motcua.notifications.events import get_event
from motcua.notifications.models import (
    ChannelPreference,
    Delivery,
    DeliveryAttempt,
    MessageTemplate,
    Notification,
    Status,
    channel_label,
)
from motcua.notifications.registry import channels
from motcua.notifications.rendering import RenderError, render

logger = logging.getLogger(__name__)

IN_PROGRESS = (Status.QUEUED, Status.SENDING)


@dataclass(frozen=True)
class Recipient:
    """Someone to notify who may have no account (an applicant at the counter)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    user: object | None = None


def config() -> dict:
    return settings.MOTCUA_NOTIFICATIONS


def when(moment: dt.datetime) -> str:
    """'10:32 03/11/2026' in Vietnam's time."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def subject_reference(subject) -> str:
    """'dossiers.dossier:42' for a model instance; a string is kept as it is."""
    if subject is None:
        return ""
    if isinstance(subject, str):
        return subject
    meta = getattr(subject, "_meta", None)
    if meta is None or subject.pk is None:
        raise TypeError("subject_ref must be a saved model instance or a string")
    return f"{meta.label_lower}:{subject.pk}"


# --- notify ---------------------------------------------------------------------------------


def notify(event: str, *, recipient, context: dict, subject_ref=None) -> Notification:
    """Tell ``recipient`` about ``event``.

    ``recipient`` is a user (their phone, email and channel preferences are used) or a
    ``Recipient``. ``context`` holds the event's variables (see ``events.py``); datetimes
    stay datetimes. ``subject_ref`` is what the message is about (a model instance or a string)
    so pages can list "messages of this dossier".

    Runs in the caller's transaction: if the caller rolls back, nothing is sent. A template
    error or a person with no usable channel does not raise: the notification is stored as
    failed with the reason, and the caller's action goes on.
    """
    event_definition = get_event(event)
    user, address, preference = _resolve(recipient)
    context = {**context}
    context.setdefault("recipient_name", address.name)
    templates = {t.channel: t for t in MessageTemplate.objects.filter(event=event, is_current=True)}
    plan, notes, rendered = [], {}, {}
    with translation.override(settings.LANGUAGE_CODE):
        for channel in channels:
            code = channel.code
            if not channels.is_enabled(code):
                continue
            if preference is not None and not preference.accepts(code):
                notes[code] = "Người nhận không chọn nhận qua kênh này"
                continue
            problem = channel.address_problem(address)
            if problem:
                notes[code] = problem
                continue
            if code not in templates:
                notes[code] = "Chưa có mẫu thông báo cho kênh này"
                continue
            try:
                rendered[code] = render(templates[code], context).as_dict()
            except RenderError as error:
                notes[code] = f"Mẫu thông báo lỗi: {error}"
                continue
            plan.append(code)
        title, text = _centre_text(event_definition, templates, context, rendered)

    with transaction.atomic():
        notification = Notification.objects.create(
            event=event,
            user=user,
            recipient_name=address.name,
            recipient_phone=address.phone,
            recipient_email=address.email,
            subject_ref=subject_reference(subject_ref),
            context=context,
            title=title,
            text=text,
            rendered=rendered,
            channel_plan=plan,
            plan_notes=notes,
            status=Status.QUEUED,
            status_reason="",
        )
        if plan:
            _start_delivery(notification, position=0)
        else:
            notification.status = Status.FAILED
            notification.status_reason = "Không gửi được qua kênh nào. " + _notes_text(notes)
            notification.save(update_fields=["status", "status_reason", "updated_at"])
    return notification


def _resolve(recipient) -> tuple[object | None, Address, ChannelPreference | None]:
    if isinstance(recipient, Recipient):
        user = recipient.user
        address = Address(name=recipient.name, phone=recipient.phone, email=recipient.email)
    elif isinstance(recipient, Address):
        user, address = None, recipient
    elif hasattr(recipient, "get_full_name"):
        user = recipient
        address = Address(
            name=recipient.get_full_name(),
            phone=getattr(recipient, "phone", "") or "",
            email=recipient.email or "",
        )
    else:
        raise TypeError("recipient must be a user, a Recipient or an Address")
    preference = None
    if user is not None:
        preference = ChannelPreference.objects.filter(user=user).first()
    return user, address, preference


def _centre_text(event_definition, templates, context, rendered) -> tuple[str, str]:
    """The title and text shown in the notification centre: the email's, when it renders."""
    if "email" in rendered:
        return rendered["email"]["subject"] or str(event_definition.label), rendered["email"][
            "body"
        ]
    source = templates.get("email")
    if source is not None:
        try:
            message = render(source, context)
            return message.subject or str(event_definition.label), message.body
        except RenderError:
            pass
    for message in rendered.values():
        return message["subject"] or str(event_definition.label), message["body"]
    return str(event_definition.label), str(event_definition.description)


def _notes_text(notes: dict[str, str]) -> str:
    return "; ".join(f"{channel_label(code)}: {note}" for code, note in notes.items()) + "."


def _start_delivery(notification: Notification, *, position: int) -> Delivery:
    code = notification.channel_plan[position]
    delivery = Delivery.objects.create(
        notification=notification,
        channel=code,
        position=position,
        idempotency_key=f"motcua-{uuid.uuid4().hex}",
        status=Status.QUEUED,
        reason=f"Đang chờ gửi qua {channel_label(code)}.",
        next_attempt_at=timezone.now(),
    )
    _schedule(delivery, at=None)
    _mirror(notification, delivery)
    return delivery


def _schedule(delivery: Delivery, *, at: dt.datetime | None) -> None:
    """Defer the delivery job in the current transaction. One waiting job per delivery is
    enough (``queueing_lock``); a second request while one waits is not an error."""
    from motcua.notifications.tasks import deliver

    task = deliver.configure(queueing_lock=f"notifications.delivery.{delivery.pk}", schedule_at=at)
    try:
        with transaction.atomic():  # a savepoint: the lock conflict must not abort the caller
            task.defer(delivery_id=delivery.pk)
    except (procrastinate_exceptions.AlreadyEnqueued, IntegrityError):
        pass


def _mirror(notification: Notification, delivery: Delivery) -> None:
    """The notification shows its current delivery's state and explanation."""
    notification.status = delivery.status
    notification.status_reason = delivery.reason
    notification.save(update_fields=["status", "status_reason", "updated_at"])


# --- delivering -----------------------------------------------------------------------------


def attempt_delivery(delivery_id: int, *, now: dt.datetime | None = None) -> str:
    """One try of one delivery; what the delivery job runs. Returns what happened, in short."""
    claimed = _claim(delivery_id, now or timezone.now())
    if claimed is None:
        return "skipped"
    delivery, attempt, message = claimed
    channel = channels[delivery.channel]
    try:
        result: SendResult | DeliveryError = channel.send(message)
    except DeliveryError as error:
        result = error
    except Exception as error:  # a bug or an unexpected library error: retry, and say so
        logger.exception(
            "delivery %s: unexpected error from the %s channel", delivery_id, channel.code
        )
        result = TemporaryFailure("Lỗi hệ thống khi gửi", f"{type(error).__name__}: {error}")
    return _record(delivery.pk, attempt.pk, result)


def _claim(delivery_id: int, now: dt.datetime):
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Status.QUEUED:
            return None
        if delivery.next_attempt_at and delivery.next_attempt_at > now + dt.timedelta(seconds=1):
            # Too early (a job deferred before a retry was scheduled): make sure one waits
            # for the right time, then stand down.
            _schedule(delivery, at=delivery.next_attempt_at)
            return None
        notification = delivery.notification
        delivery.attempts += 1
        delivery.status = Status.SENDING
        delivery.sending_started_at = now
        delivery.reason = f"Đang gửi qua {delivery.channel_label} (lần {delivery.attempts})."
        delivery.save(
            update_fields=["attempts", "status", "sending_started_at", "reason", "updated_at"]
        )
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=now
        )
        _mirror(notification, delivery)
        rendered = notification.rendered[delivery.channel]
        message = OutgoingMessage(
            address=Address(
                name=notification.recipient_name,
                phone=notification.recipient_phone,
                email=notification.recipient_email,
            ),
            idempotency_key=delivery.idempotency_key,
            body=rendered["body"],
            subject=rendered.get("subject", ""),
            provider_template_id=rendered.get("provider_template_id", ""),
            template_data=rendered.get("template_data") or {},
        )
    return delivery, attempt, message


def _record(delivery_id: int, attempt_id: int, result) -> str:
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification")
            .get(pk=delivery_id)
        )
        attempt = DeliveryAttempt.objects.select_for_update().get(pk=attempt_id)
        notification = delivery.notification
        label = delivery.channel_label
        attempt.finished_at = now
        # Only the newest attempt of a delivery still sending decides a failure; a success
        # always counts (an older attempt may finish after the sweeper re-queued it).
        current = delivery.status == Status.SENDING and delivery.attempts == attempt.number

        if isinstance(result, SendResult):
            attempt.outcome = (
                DeliveryAttempt.Outcome.DUPLICATE
                if result.duplicate
                else DeliveryAttempt.Outcome.ACCEPTED
            )
            attempt.detail = result.detail
            attempt.reason = (
                f"{label} đã nhận tin từ lần gửi trước (khóa chống gửi trùng), không gửi lại."
                if result.duplicate
                else f"{label} đã nhận tin."
            )
            attempt.save()
            if delivery.status in IN_PROGRESS:
                delivery.status = Status.SENT
                delivery.sent_at = delivery.sent_at or now
                if result.provider_message_id:
                    delivery.provider_message_id = result.provider_message_id
                delivery.next_attempt_at = None
                channel = channels[delivery.channel]
                delivery.reason = (
                    f"Đã gửi qua {label} lúc {when(now)}; đang chờ báo đã nhận."
                    if channel.has_receipts
                    else f"Đã gửi qua {label} lúc {when(now)}: máy chủ thư đã nhận thư."
                )
                delivery.save()
                _mirror(notification, delivery)
            return "sent"

        attempt.reason, attempt.detail = result.reason, result.detail
        if result.permanent:
            attempt.outcome = DeliveryAttempt.Outcome.PERMANENT
            attempt.save()
            if current:
                _fail_and_fall_back(delivery, f"Không gửi được qua {label}: {result.reason}.", now)
            return "failed"

        attempt.outcome = DeliveryAttempt.Outcome.TEMPORARY
        attempt.save()
        if not current:
            return "stale"
        delays = config()["RETRY_DELAYS"]
        if delivery.attempts > len(delays):
            _fail_and_fall_back(
                delivery,
                f"Đã thử {delivery.attempts} lần qua {label} không thành công. "
                f"Lần cuối: {result.reason}.",
                now,
            )
            return "failed"
        next_at = now + dt.timedelta(seconds=delays[delivery.attempts - 1])
        delivery.status = Status.QUEUED
        delivery.next_attempt_at = next_at
        delivery.sending_started_at = None
        delivery.reason = (
            f"Lần gửi thứ {delivery.attempts} qua {label} chưa thành công: {result.reason}. "
            f"Sẽ thử lại lúc {when(next_at)}."
        )
        delivery.save()
        _schedule(delivery, at=next_at)
        _mirror(notification, delivery)
        return "retry"


def _fail_and_fall_back(delivery: Delivery, reason: str, now: dt.datetime) -> None:
    notification = delivery.notification
    delivery.status = Status.FAILED
    delivery.failed_at = now
    delivery.next_attempt_at = None
    delivery.sending_started_at = None
    delivery.reason = reason
    delivery.save()
    if (
        notification.deliveries.filter(status__in=(Status.SENT, Status.DELIVERED))
        .exclude(pk=delivery.pk)
        .exists()
    ):
        return  # another channel already got through
    next_position = delivery.position + 1
    if next_position < len(notification.channel_plan):
        next_delivery = _start_delivery(notification, position=next_position)
        notification.status_reason = f"{reason} Chuyển sang gửi qua {next_delivery.channel_label}."
        notification.save(update_fields=["status_reason", "updated_at"])
        return
    failures = [
        f"{d.channel_label}: {d.reason}"
        for d in notification.deliveries.filter(status=Status.FAILED).order_by("position", "id")
    ]
    notes = _notes_text(notification.plan_notes) if notification.plan_notes else ""
    notification.status = Status.FAILED
    notification.status_reason = (
        "Không gửi được qua kênh nào. " + " ".join(failures) + (f" {notes}" if notes else "")
    )
    notification.save(update_fields=["status", "status_reason", "updated_at"])


# --- receipts -------------------------------------------------------------------------------


def apply_receipts(channel_code: str, receipts: Iterable[Receipt]) -> int:
    """Apply a provider's delivery receipts. Unknown messages are ignored (logged); returns
    how many deliveries changed."""
    changed = 0
    for receipt in receipts:
        with transaction.atomic():
            match = models.Q(pk__in=[])
            if receipt.provider_message_id:
                match |= models.Q(provider_message_id=receipt.provider_message_id)
            if receipt.idempotency_key:
                match |= models.Q(idempotency_key=receipt.idempotency_key)
            delivery = (
                Delivery.objects.select_for_update(of=("self",))
                .select_related("notification")
                .filter(match, channel=channel_code)
                .first()
            )
            if delivery is None:
                logger.warning("receipt for an unknown %s message: %s", channel_code, receipt)
                continue
            if delivery.status in (Status.DELIVERED, Status.FAILED):
                continue  # final states do not move back
            at = receipt.occurred_at or timezone.now()
            if receipt.provider_message_id and not delivery.provider_message_id:
                delivery.provider_message_id = receipt.provider_message_id
            if receipt.delivered:
                delivery.status = Status.DELIVERED
                delivery.delivered_at = at
                delivery.sent_at = delivery.sent_at or at
                delivery.next_attempt_at = None
                delivery.reason = (
                    f"Người nhận đã nhận tin qua {delivery.channel_label} lúc {when(at)}."
                )
                delivery.save()
                _mirror(delivery.notification, delivery)
            else:
                _fail_and_fall_back(
                    delivery,
                    f"{delivery.channel_label} báo không chuyển được tin: "
                    f"{receipt.reason or 'không rõ lý do'}.",
                    at,
                )
            changed += 1
    return changed


# --- recovery and retry ---------------------------------------------------------------------


def requeue_stuck_deliveries(*, now: dt.datetime | None = None) -> int:
    """Deliveries left "sending" by a worker that died: back to the queue, with the reason.

    A live worker cannot stay in "sending" longer than the HTTP timeout, so anything older than
    ``SENDING_TIMEOUT`` was abandoned. The resend carries the same idempotency key.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=config()["SENDING_TIMEOUT"])
    requeued = 0
    with transaction.atomic():
        stuck = (
            Delivery.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("notification")
            .filter(status=Status.SENDING, sending_started_at__lt=cutoff)
        )
        for delivery in stuck:
            channel = channels.get(delivery.channel)
            DeliveryAttempt.objects.filter(
                delivery=delivery, number=delivery.attempts, finished_at__isnull=True
            ).update(
                finished_at=now,
                outcome=DeliveryAttempt.Outcome.INTERRUPTED,
                reason="Tiến trình gửi dừng đột ngột trước khi ghi nhận kết quả.",
            )
            delivery.status = Status.QUEUED
            delivery.sending_started_at = None
            delivery.next_attempt_at = now
            delivery.reason = (
                f"Lần gửi thứ {delivery.attempts} qua {delivery.channel_label} bị gián đoạn "
                f"(tiến trình gửi dừng lúc đang gửi); đang gửi lại."
            )
            if channel is not None and not channel.deduplicates:
                delivery.reason += " Người nhận có thể nhận trùng tin này."
            delivery.save()
            _schedule(delivery, at=None)
            _mirror(delivery.notification, delivery)
            requeued += 1
    return requeued


def retry_notification(notification: Notification) -> bool:
    """Start a failed notification again from its first channel (new idempotency keys: this
    is a deliberate resend). Returns False when it is not failed."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification.pk)
        if notification.status != Status.FAILED or not notification.channel_plan:
            return False
        _start_delivery(notification, position=0)
        notification.status_reason = "Quản trị yêu cầu gửi lại. " + notification.status_reason
        notification.save(update_fields=["status_reason", "updated_at"])
    return True


# --- the citizen's side ---------------------------------------------------------------------


def mark_read(notification: Notification, *, user) -> None:
    if notification.user_id != user.pk:
        raise PermissionError("a user may only mark their own notifications")
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def save_preferences(user, *, use_zalo: bool, use_sms: bool, use_email: bool) -> ChannelPreference:
    if not (use_zalo or use_sms or use_email):
        raise ValueError("at least one channel must stay on")
    preference, _ = ChannelPreference.objects.update_or_create(
        user=user, defaults={"use_zalo": use_zalo, "use_sms": use_sms, "use_email": use_email}
    )
    return preference


# --- templates ------------------------------------------------------------------------------


def save_template_version(
    template: MessageTemplate, *, changed_by=None, **changes
) -> MessageTemplate:
    """Editing a template: a new row with the next version number becomes current; the old row
    is kept unchanged (notifications point to the version they were rendered from)."""
    with transaction.atomic():
        current = (
            MessageTemplate.objects.select_for_update()
            .filter(event=template.event, channel=template.channel, is_current=True)
            .first()
        )
        latest = (
            MessageTemplate.objects.filter(event=template.event, channel=template.channel)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
            or 0
        )
        if current is not None:
            MessageTemplate.objects.filter(pk=current.pk).update(is_current=False)
        fields = {
            name: getattr(template, name)
            for name in (
                "subject",
                "body",
                "fold_diacritics",
                "provider_template_id",
                "provider_params",
                "change_note",
            )
        }
        fields.update(changes)
        return MessageTemplate.objects.create(
            event=template.event,
            channel=template.channel,
            version=latest + 1,
            is_current=True,
            created_by=changed_by,
            **fields,
        )
