"""Reading the outbox: a person's notification centre, a subject's messages, the failures.

Selectors never change anything.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from motcua.notifications.models import Delivery, Notification, Status
from motcua.notifications.services import subject_reference


def _with_deliveries(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.order_by("position", "id"))
    )


def notifications_for_user(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return _with_deliveries(Notification.objects.filter(user=user))


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_for_user(user, public_id) -> Notification | None:
    return notifications_for_user(user).filter(public_id=public_id).first()


def messages_for_subject(subject) -> QuerySet[Notification]:
    """Every notification about ``subject`` (a model instance or a reference string), oldest
    first, with its deliveries: the "messages sent" panel of a dossier page."""
    reference = subject_reference(subject)
    return _with_deliveries(Notification.objects.filter(subject_ref=reference)).order_by(
        "created_at", "id"
    )


def failed_notifications() -> QuerySet[Notification]:
    return _with_deliveries(Notification.objects.filter(status=Status.FAILED))
