"""Reads of the stored calendar: the ``WorkCalendar`` of an agency, a year's days off.

``calendar_for`` is on the path of every deadline computation, so it keeps built calendars in a
per-process cache keyed by a fingerprint of the stored inputs (one small query per call): an
edit in the admin is seen by every web and worker process on its next call.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from motcua.worktime.calendar import DEFAULT_WEEKLY_PERIODS, WorkCalendar
from motcua.worktime.holidays import (
    Decision,
    DecisionKind,
    DecisionStatus,
    Reason,
    build_calendar,
    projected_holidays,
)
from motcua.worktime.models import CalendarDecision, WorkingPeriod, WorkingSchedule

# The first year the Labour Code 2019 rules can project; the last is some years ahead of now.
FIRST_YEAR = 2021
YEARS_AHEAD = 10

_cache: dict[tuple, WorkCalendar] = {}
_cache_lock = threading.Lock()


def stored_decisions() -> list[Decision]:
    return [
        Decision(
            date=row.date,
            kind=DecisionKind(row.kind),
            name=row.name,
            source=row.source,
            status=DecisionStatus.OFFICIAL,
            scope=row.scope,
            reason=Reason(row.reason),
        )
        for row in CalendarDecision.objects.all()
    ]


def _schedule_for(agency) -> WorkingSchedule | None:
    if agency is not None:
        own = WorkingSchedule.objects.filter(agency=agency).first()
        if own is not None:
            return own
    return WorkingSchedule.objects.filter(agency__isnull=True).first()


def _weekly_periods(schedule: WorkingSchedule | None) -> dict:
    if schedule is None:
        return DEFAULT_WEEKLY_PERIODS
    weekly: dict[int, list] = {}
    for period in schedule.periods.all():
        weekly.setdefault(period.weekday, []).append((period.start, period.end))
    return weekly or DEFAULT_WEEKLY_PERIODS


def _fingerprint(agency) -> tuple:
    """What a built calendar depends on, in one query: the schedule ``_schedule_for`` picks
    (the agency's own, else the province default), its last change and number of periods, and
    the number and last change of the stored decisions."""
    schedules = WorkingSchedule._meta.db_table
    periods = WorkingPeriod._meta.db_table
    decisions = CalendarDecision._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.id, s.updated_at,
                   (SELECT COUNT(*) FROM {periods} p WHERE p.schedule_id = s.id),
                   d.n, d.changed
            FROM (SELECT COUNT(*) AS n, MAX(updated_at) AS changed FROM {decisions}) d
            LEFT JOIN LATERAL (
                SELECT id, updated_at FROM {schedules}
                WHERE agency_id = %s OR agency_id IS NULL
                ORDER BY agency_id IS NULL, id
                LIMIT 1
            ) s ON TRUE
            """,  # noqa: S608 - only the models' own table names are formatted in
            [agency.pk if agency is not None else None],
        )
        return tuple(cursor.fetchone())


def _calendar_key(agency) -> tuple:
    """What ``calendar_for(agency)`` builds from: the stored inputs and the last year."""
    return (*_fingerprint(agency), timezone.localdate().year + YEARS_AHEAD)


def calendar_fingerprint(agency=None) -> str:
    """A short text that changes whenever ``calendar_for(agency)`` would build another
    calendar: for figures computed with a calendar and stored."""
    return hashlib.sha256(repr(_calendar_key(agency)).encode()).hexdigest()


def calendar_for(agency=None) -> WorkCalendar:
    """The working calendar of ``agency`` (its own hours, or the province default)."""
    key = _calendar_key(agency)
    last_year = key[-1]
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    schedule = _schedule_for(agency)
    calendar = build_calendar(
        range(FIRST_YEAR, last_year + 1), stored_decisions(), _weekly_periods(schedule)
    )
    with _cache_lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = calendar
    return calendar


@dataclass(frozen=True)
class YearDay:
    date: date
    kind: str
    reason: str
    name: str
    source: str
    projected: bool


def days_of_year(year: int) -> tuple[list[YearDay], bool]:
    """The year's days off and make-up days, and whether they are projected (no decision yet)."""
    rows = list(CalendarDecision.objects.filter(date__year=year))
    if rows:
        days = [YearDay(r.date, r.kind, r.reason, r.name, r.source, False) for r in rows]
        return days, False
    projected = [
        YearDay(d.date, d.kind.value, d.reason.value, d.name, d.source, True)
        for d in projected_holidays(year)
    ]
    return projected, True
