"""Processing times (ADR 0012): how many resolved dossiers of each procedure and how many stays at
each workflow step took each tenth of a working day (a histogram), measured from the rows
(``procedure_histogram``, ``step_histogram``) and stored per month for the whole province and for
each receiving agency, so the dashboards' slowest procedures and slowest steps read a few
thousand counts instead of every dossier and event of the year; ``ranked`` reads the medians and
p90 from a histogram.

What it is for: ``dashboards.slowest_procedures`` and ``slowest_steps`` call ``stored_histogram``
for whole months of the province or of agencies (an officer's work is measured from the rows).
Histograms of consecutive ranges and of different agencies add up, so a figure read from the
stored months equals the one measured over the whole period.

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
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.reports import metrics, periods
from motcua.reports.models import DurationCount, DurationMonth, MonthlyFlow
from motcua.reports.periods import Period
from motcua.reports.working_line import calendar_line
from motcua.worktime.selectors import calendar_fingerprint

if TYPE_CHECKING:
    from motcua.reports.dashboards import DashboardScope

PROCEDURE = DurationMonth.Kind.PROCEDURE.value
STEP = DurationMonth.Kind.STEP.value
KINDS = (PROCEDURE, STEP)
MARGIN = timedelta(minutes=5)
REFRESH_CURRENT_AFTER = timedelta(hours=1)
LOCK_KEY = 120013  # pg_advisory_xact_lock(LOCK_KEY, month and kind): one writer of each


# --- measuring from the rows ------------------------------------------------------------------

# Durations are measured in tenths of a working day, the precision the dashboards show them
# with: a median or p90 is ``percentile_cont`` over the durations so rounded, which can be read
# exactly from counts per tenth (a histogram), stored per month for the province and for each
# receiving agency (``reports/durations.py``) and added up over any months and agencies.
TENTHS = 10
HALF_UP = 0.5

# {key (procedure id or step code; with ``by_agency``, (agency id, key)): {duration in tenths
# of a working day: how many}}
Histogram = dict


def _in_tenths(duration_sql: str) -> str:
    return f"FLOOR(({duration_sql}) * {TENTHS} + {HALF_UP})::int"


def procedure_histogram(
    start: datetime, end: datetime, scope: DashboardScope, by_agency: bool = False
) -> Histogram:
    """The dossiers resolved in ``[start, end)`` by procedure (and receiving agency) and
    working days from receipt to result (in tenths)."""
    resolved = scope.dossiers().filter(metrics.row_filters(start, end)["resolved"])
    line = calendar_line(end)
    received_sql, received_params = line.position_sql("received_at")
    completed_sql, completed_params = line.position_sql("completed_at")
    tenths = _in_tenths(f"{completed_sql} - {received_sql}")
    inner_sql, inner_params = (
        resolved.order_by()
        .values(
            "received_at",
            "completed_at",
            g_agency=F("agency_id"),
            g_procedure=F("procedure_version__procedure_id"),
        )
        .query.sql_with_params()
    )
    keys = "g_agency, g_procedure" if by_agency else "g_procedure"
    sql = f"""
        SELECT {keys}, {tenths} AS tenths, COUNT(*)
        FROM ({inner_sql}) AS resolved
        GROUP BY {keys}, tenths
    """  # noqa: S608 - ORM-compiled SQL and SQL built above; values are parameters
    return _fetch_histogram(sql, [*completed_params, *received_params, *inner_params], by_agency)


def _add(histogram: Histogram, key, tenths: int, count: int) -> None:
    bucket = histogram.setdefault(key, {})
    bucket[tenths] = bucket.get(tenths, 0) + count


def _fetch_histogram(sql: str, params: list, by_agency: bool = False) -> Histogram:
    histogram: Histogram = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            _add(histogram, (row[0], row[1]) if by_agency else row[0], *row[-2:])
    return histogram


def merge_histograms(target: Histogram, other: Histogram, key=lambda key: key) -> Histogram:
    """Add ``other``'s counts to ``target``, each under ``key(its key)``."""
    for name, counts in other.items():
        for tenths, count in counts.items():
            _add(target, key(name), tenths, count)
    return target


def _percentile(counts: list[tuple[int, int]], total: int, fraction: Fraction) -> float:
    """``percentile_cont(fraction)`` of the values (tenths) given with their counts, sorted;
    in working days, rounded half up to one decimal."""
    position = fraction * (total - 1)
    low_rank = int(position)  # 0-based ranks of the two values around the position
    high_rank = low_rank + (position > low_rank)
    low = high = None
    seen = 0
    for value, count in counts:
        if low is None and low_rank < seen + count:
            low = value
        if high_rank < seen + count:
            high = value
            break
        seen += count
    exact = Fraction(low) + (position - low_rank) * (high - low)
    return float((Decimal(exact.numerator) / Decimal(exact.denominator) / TENTHS).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    ))  # fmt: skip


def ranked(histogram: Histogram, limit: int) -> list[tuple]:
    """(key, count, median, p90) of the keys with the longest median, then p90, then key."""
    rows = []
    for key, counts in histogram.items():
        ordered = sorted((value, count) for value, count in counts.items() if count)
        total = sum(count for _value, count in ordered)
        if total:
            median = _percentile(ordered, total, Fraction(1, 2))
            p90 = _percentile(ordered, total, Fraction(9, 10))
            rows.append((key, total, median, p90))
    rows.sort(key=lambda row: (-row[2], -row[3], row[0]))
    return rows[:limit]


def _province_wide(scope: DashboardScope) -> bool:
    return scope.agency_ids is None and scope.officer_id is None


def step_histogram(
    start: datetime, end: datetime, scope: DashboardScope, by_agency: bool = False
) -> Histogram:
    """The stays that ended in ``[start, end)`` by step and working days (in tenths), read from
    the event log: a stay starts at the event that moved the dossier into the step and ends at
    the next event that moved it out (in-step events such as an extension do not end it). For
    an officer, the stays they ended themselves.

    Each move in the range (found through the ``(action, at)`` index, which PostgreSQL
    skip-scans by ``at``) looks up the dossier's move before it (the ``(dossier, sequence)``
    key): the work is proportional to the moves of the range, so the few minutes a stored month
    leaves to count cost almost nothing."""
    line = calendar_line(end)
    left_sql, left_params = line.position_sql("m.at")
    entered_sql, entered_params = line.position_sql("p.at")
    scope_sql, scope_params = "", []
    if not _province_wide(scope):
        dossier_sql, scope_params = scope.dossiers().values("pk").order_by().query.sql_with_params()
        scope_sql = f"AND m.dossier_id IN ({dossier_sql})"
    if scope.officer_id is not None:
        scope_sql += " AND m.actor_id = %s"
        scope_params = [*scope_params, scope.officer_id]
    events = DossierEvent._meta.db_table
    tenths = _in_tenths(f"{left_sql} - {entered_sql}")
    keys, join = "p.to_step", ""
    if by_agency:  # the dossier's receiving agency, as the scopes count it
        keys = "d.agency_id, p.to_step"
        join = f"JOIN {Dossier._meta.db_table} d ON d.id = m.dossier_id"
    sql = f"""
        SELECT {keys}, {tenths} AS tenths, COUNT(*)
        FROM {events} m
        {join}
        CROSS JOIN LATERAL (
            SELECT e.to_step, e.at FROM {events} e
            WHERE e.dossier_id = m.dossier_id AND e.sequence < m.sequence
              AND e.from_step IS DISTINCT FROM e.to_step
            ORDER BY e.sequence DESC
            LIMIT 1
        ) p
        WHERE m.at >= %s AND m.at < %s AND m.from_step IS DISTINCT FROM m.to_step {scope_sql}
        GROUP BY {keys}, tenths
    """  # noqa: S608 - the pieces are our table names and SQL built above; values are parameters
    return _fetch_histogram(
        sql, [*left_params, *entered_params, start, end, *scope_params], by_agency
    )


# --- stored per month ---------------------------------------------------------------------------


def _calendar() -> str:
    return calendar_fingerprint(None)


def _bounds(month: date) -> tuple[datetime, datetime]:
    whole = periods.month(month.year, month.month)
    return whole.start, whole.end


def _compute(kind: str, start: datetime, end: datetime, agency_ids=None, by_agency=False):
    from motcua.reports.dashboards import DashboardScope

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
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [LOCK_KEY, month.toordinal() * len(KINDS) + KINDS.index(kind)],
            )
        DurationMonth.objects.filter(month=month, kind=kind).delete()
        DurationCount.objects.filter(month=month, kind=kind).delete()
        if covered <= start:
            return False
        calendar = _calendar()
        by_agency = _compute(kind, start, covered, by_agency=True)
        # The province's rows (no agency) are the sum of the agencies'.
        both = merge_histograms(dict(by_agency), by_agency, key=lambda pair: (None, pair[1]))
        DurationCount.objects.bulk_create(
            (
                DurationCount(
                    month=month, kind=kind, agency_id=agency, key=str(key), tenths=tenths,
                    count=count,
                )
                for (agency, key), counts in both.items()
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
    months = periods.month_starts(period.first_day, period.last_day)
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
            _add(histogram, _key(kind, key), tenths, count)
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
    now = now or timezone.now()
    # From the first month the flows know of (an index read; the dossiers have no index on
    # their submission time, and this runs every minute).
    earliest = MonthlyFlow.objects.order_by("day").values_list("day", flat=True).first()
    if earliest is None:
        return []
    months = periods.month_starts(earliest, timezone.localtime(now).date())
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
