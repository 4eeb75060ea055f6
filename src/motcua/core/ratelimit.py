"""A fixed-window rate limit kept in PostgreSQL, shared by every web process and machine.

``allow(key, limit=..., window_seconds=...)`` counts one hit and says whether it is within the
limit. One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per hit: atomic without locks held
across requests. Windows older than a day are deleted when a new window opens. It must never
store more than the key it is given (callers pass a hash, not an address).

A benchmark server (``MOTCUA_BENCH``, see settings) still counts every hit, so a load test pays
the limit's real cost, but never refuses.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import connection
from django.utils import timezone

from motcua.core.models import RateLimitWindow


def client_key(prefix: str, request) -> str:
    # A hash: the table needs to tell clients apart, not to know who they are.
    address = request.META.get("REMOTE_ADDR", "")
    return f"{prefix}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    now = timezone.now()
    start = dt.datetime.fromtimestamp(
        int(now.timestamp()) // window_seconds * window_seconds, tz=dt.UTC
    )
    table = RateLimitWindow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (key, window_start, hits) VALUES (%s, %s, 1)
            ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + 1
            RETURNING hits
            """,  # noqa: S608 - the table name is ours, the values are parameters
            [key, start],
        )
        (hits,) = cursor.fetchone()
    if hits == 1:
        RateLimitWindow.objects.filter(window_start__lt=now - dt.timedelta(days=1)).delete()
    return hits <= limit or settings.MOTCUA_BENCH
