"""Selectors that tell whether the database and the job worker are healthy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone


@dataclass
class Check:
    ok: bool
    detail: str

    def as_dict(self) -> dict:
        return {"ok": self.ok, "detail": self.detail}


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check(False, f"database unreachable: {exc.__class__.__name__}")
    return Check(True, "ok")


def check_worker() -> Check:
    from motcua.core.models import WorkerHeartbeat

    stale_after = timedelta(seconds=settings.MOTCUA_WORKER_STALE_SECONDS)
    try:
        last = (
            WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        )
    except DatabaseError:
        return Check(False, "unknown: database unreachable")
    if last is None:
        return Check(False, "no worker has reported a heartbeat")
    age = timezone.now() - last
    if age > stale_after:
        return Check(False, f"last heartbeat {int(age.total_seconds())} s ago")
    return Check(True, f"last heartbeat {int(age.total_seconds())} s ago")
