"""Stored processing times (ADR 0012): per month, for the whole province and for each receiving
agency, how many resolved dossiers of each procedure and how many stays at each workflow step took
each tenth of a working day, so the dashboards' slowest procedures and slowest steps read a few
thousand counts instead of every dossier and event of the year.

What it is for: ``dashboards.slowest_procedures`` and ``slowest_steps`` call ``stored_histogram``
for whole months of the province or of agencies (an officer's work is computed from the rows).
The counts are the very histograms that ``dashboards.procedure_histogram`` and
``step_histogram`` compute from the rows, and histograms of consecutive ranges and of different
agencies add up, so a figure read here equals the one computed live.

How they stay exact:

* A month is stored up to ``covered_until``: its end, or a few minutes (``MARGIN``) before it was
  computed, so that the transactions still committing then are not missed. On reading, whatever
  ended after that is computed from the rows (at most an hour of the current month: the refresh
  job stores it again every hour).
* A change dated before a stored month's ``covered_until`` drops that month: a resolved dossier
  whose figures change (``aggregates.dossier_saved``), a back-dated move between steps
  (``aggregates.event_saved``), a deleted dossier. Until it is stored again the month is computed
  from the rows. (A change committed while its month is being computed may be missed until the
  month is next stored: back-dated changes are rare, and ``rebuild-report-aggregates`` stores
  everything again.)
* Durations are measured on the province's working calendar: a month stored with another
  calendar (say, a holiday decided since) is not used.
* ``aggregates.rebuild`` stores every month; the refresh job stores missing months a few at a
  time, newest first.

It must never be the only copy of a figure: everything here can be dropped and recomputed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from motcua.reports.models import DurationCount, DurationMonth
from motcua.reports.periods import Period

PROCEDURE = DurationMonth.Kind.PROCEDURE.value
STEP = DurationMonth.Kind.STEP.value
KINDS = (PROCEDURE, STEP)
MARGIN = timedelta(minutes=5)
REFRESH_CURRENT_AFTER = timedelta(hours=1)
LOCK_KEY = 120013  # pg_advisory_xact_lock: one writer of a month at a time


def _calendar() -> str:
    from motcua.worktime.selectors import calendar_fingerprint

    return calendar_fingerprint(None)


def _bounds(month: date) -> tuple[datetime, datetime]:
    from motcua.reports.aggregates import day_start, month_end

    return day_start(month), day_start(month_end(month) + timedelta(days=1))


def _months(first_day: date, last_day: date) -> list[date]:
    from motcua.reports.aggregates import month_end

    months, month = [], first_day.replace(day=1)
    while month <= last_day:
        months.append(month)
        month = month_end(month) + timedelta(days=1)
    return months


def _compute(kind: str, start: datetime, end: datetime, agency_ids=None, by_agency=False):
    from motcua.reports.dashboards import DashboardScope, procedure_histogram, step_histogram

    return (procedure_histogram if kind == PROCEDURE else step_histogram)(
        start, end, DashboardScope(agency_ids=agency_ids), by_agency=by_agency
    )


def _key(kind: str, key: str):
    return int(key) if kind == PROCEDURE else key


def store_month(month: date, kind: str, now: datetime | None = None) -> bool:
    """Compute and store the ``kind`` histograms of ``month`` (each receiving agency's and the
    province's, their sum) up to its end or to ``MARGIN`` before ``now``. Returns whether
    anything of the month could be stored."""
    now = now or timezone.now()
    start, end = _bounds(month)
    covered = min(end, now - MARGIN)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        DurationMonth.objects.filter(month=month, kind=kind).delete()
        DurationCount.objects.filter(month=month, kind=kind).delete()
        if covered <= start:
            return False
        calendar = _calendar()
        by_agency = _compute(kind, start, covered, by_agency=True)
        province: dict = {}
        for (_agency, key), counts in by_agency.items():
            bucket = province.setdefault(key, {})
            for tenths, count in counts.items():
                bucket[tenths] = bucket.get(tenths, 0) + count
        rows = [((None, key), counts) for key, counts in province.items()]
        DurationCount.objects.bulk_create(
            (
                DurationCount(
                    month=month, kind=kind, agency_id=agency, key=str(key), tenths=tenths,
                    count=count,
                )
                for (agency, key), counts in (*rows, *by_agency.items())
                for tenths, count in counts.items()
            ),
            batch_size=5000,
        )  # fmt: skip
        DurationMonth.objects.create(
            month=month, kind=kind, covered_until=covered, calendar=calendar
        )
    return True


def stored_histogram(kind: str, period: Period, agency_ids=None) -> dict | None:
    """The ``kind`` histogram of ``period`` (whole months only, else ``None``) for the province
    or the receiving agencies ``agency_ids``: the stored months' counts, plus what ended after
    each one's ``covered_until`` and the months not stored, computed from the rows (consecutive
    ranges in one query)."""
    if period.first_day.day != 1 or (period.last_day + timedelta(days=1)).day != 1:
        return None
    from motcua.reports.dashboards import merge_histograms

    months = _months(period.first_day, period.last_day)
    covered = dict(
        DurationMonth.objects.filter(kind=kind, month__in=months, calendar=_calendar()).values_list(
            "month", "covered_until"
        )
    )
    histogram: dict = {}
    if covered:
        where = {"agency__isnull": True} if agency_ids is None else {"agency_id__in": agency_ids}
        rows = (
            DurationCount.objects.filter(kind=kind, month__in=list(covered), **where)
            .values_list("key", "tenths")
            .order_by()
            .annotate(n=Sum("count"))
        )
        for key, tenths, count in rows:
            bucket = histogram.setdefault(_key(kind, key), {})
            bucket[tenths] = bucket.get(tenths, 0) + count
    ranges: list[list[datetime]] = []
    for month in months:
        start, end = _bounds(month)
        begin = max(covered.get(month, start), start)
        if begin >= end:
            continue
        if ranges and ranges[-1][1] == begin:
            ranges[-1][1] = end
        else:
            ranges.append([begin, end])
    for start, end in ranges:
        merge_histograms(histogram, _compute(kind, start, end, agency_ids))
    return histogram


# --- keeping them exact ---------------------------------------------------------------------


def _month_of(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def forget_result(moment: datetime | None) -> None:
    """A resolved dossier's figures changed (its result dated ``moment``, before or after the
    change): the stored month that counted it, if it had, is dropped."""
    if moment is None or moment >= timezone.now() - MARGIN:
        return  # after every stored month's coverage: nothing stored counted it
    DurationMonth.objects.filter(
        kind=PROCEDURE, month=_month_of(moment), covered_until__gt=moment
    ).delete()


def forget_moves_since(moment: datetime | None) -> None:
    """A move between steps dated ``moment`` appeared or went: the stays ending then and at the
    dossier's next move change, so every stored month from ``moment`` that covered it is
    dropped."""
    if moment is None or moment >= timezone.now() - MARGIN:
        return
    DurationMonth.objects.filter(
        kind=STEP, month__gte=_month_of(moment), covered_until__gt=moment
    ).delete()


def refresh(limit: int = 2, now: datetime | None = None) -> list[tuple[date, str]]:
    """The job's pass: store the current month again when its coverage is older than
    ``REFRESH_CURRENT_AFTER``, the month just ended if it is not covered to its end, then the
    missing months, newest first; at most ``limit`` months. Returns what it stored."""
    from motcua.reports.models import MonthlyFlow

    now = now or timezone.now()
    # From the first month the flows know of (an index read; the dossiers have no index on
    # their submission time, and this runs every minute).
    earliest = MonthlyFlow.objects.order_by("day").values_list("day", flat=True).first()
    if earliest is None:
        return []
    months = _months(earliest, timezone.localtime(now).date())
    covered = {
        (month, kind): until
        for month, kind, until in DurationMonth.objects.filter(calendar=_calendar()).values_list(
            "month", "kind", "covered_until"
        )
    }
    wanted = []
    for month in reversed(months):
        end = _bounds(month)[1]
        for kind in KINDS:
            until = covered.get((month, kind))
            if until is None:
                wanted.append((month, kind))
            elif until < end and end <= now - MARGIN:
                wanted.append((month, kind))  # ended since it was stored: store it whole
            elif until < end and until < now - MARGIN - REFRESH_CURRENT_AFTER:
                wanted.append((month, kind))  # the current month, stored over an hour ago
    done = []
    for month, kind in wanted[:limit]:
        if store_month(month, kind, now):
            done.append((month, kind))
    return done
