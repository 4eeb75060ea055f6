"""Telling the sandbox how to behave, and reading what it received (tests, inbox page)."""

from __future__ import annotations

import time

from django.db import transaction

from motcua.sandbox.messaging.models import Behaviour, Message, Request


def behave(
    channel: str, *, failure: str = "", times: int | None = None, delay_seconds: float = 0
) -> Behaviour:
    """``behave("sms", failure="temporary", times=3)``: the next three SMS requests fail."""
    if failure not in {"", "temporary", "permanent"}:
        raise ValueError(f"failure must be '', 'temporary' or 'permanent', not {failure!r}")
    behaviour, _ = Behaviour.objects.update_or_create(
        channel=channel,
        defaults={"failure": failure, "failures_left": times, "delay_seconds": delay_seconds},
    )
    return behaviour


def reset() -> None:
    Behaviour.objects.all().delete()


def take_failure(channel: str) -> str:
    """The failure this request must answer with ('' for none), counting it down."""
    with transaction.atomic():
        behaviour = Behaviour.objects.select_for_update().filter(channel=channel).first()
        if behaviour is None or not behaviour.failure:
            return ""
        if behaviour.failures_left is None:
            return behaviour.failure
        if behaviour.failures_left == 0:
            return ""
        behaviour.failures_left -= 1
        behaviour.save(update_fields=["failures_left", "updated_at"])
        return behaviour.failure


def pause(channel: str) -> None:
    """Answer slowly when told to. Called after the message is recorded: the worst case for
    the sender is a provider that accepted the message but whose answer never arrives. Setting
    the delay back to 0 ends a pause early (so a test's web server is not left waiting)."""
    started = time.monotonic()
    while True:
        delay = (
            Behaviour.objects.filter(channel=channel)
            .values_list("delay_seconds", flat=True)
            .first()
        )
        if not delay or time.monotonic() - started >= delay:
            return
        time.sleep(min(0.2, delay))


def log(channel: str, outcome: str, key: str = "") -> None:
    Request.objects.create(channel=channel, outcome=outcome, idempotency_key=key)


def messages(channel: str | None = None):
    queryset = Message.objects.all()
    return queryset.filter(channel=channel) if channel else queryset


def requests(channel: str | None = None):
    queryset = Request.objects.all()
    return queryset.filter(channel=channel) if channel else queryset
