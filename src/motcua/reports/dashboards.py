"""Reads for the staff dashboards (province, agency, officer): period totals, the monthly trend,
the backlog by age, the slowest procedures and steps, and the overdue dossiers by officer.

What it is for: every figure is one function returning dataclasses, computed with grouped
aggregate SQL; the dossiers behind each figure come from ``dossiers_behind`` with the same
filter, so a number and its list always agree. Period totals (``period_totals``,
``monthly_trend``) use the processing report's definitions (``metrics.row_filters``), so they
can later read the daily aggregate tables instead of the dossier rows without changing callers.

Durations are in working days on the province's working calendar (``worktime``), measured as
the calendar measures them: working time glued end to end, one day = the standard day's working
hours. The calendar is turned into two small arrays (the working time at the start of each date,
and which working hours each date has) that PostgreSQL indexes per row, so no dossier is ever
read into Python.

It must never loop over dossiers in Python or write anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.reports import metrics
from motcua.reports.periods import Period
from motcua.workflow.models import ProcessVersion
from motcua.worktime.selectors import calendar_for

# --- who the figures cover --------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardScope:
    """The dossiers a dashboard covers: the whole province, receiving agencies (an agency and its
    units), or one officer's work (dossiers assigned to them or on which they acted)."""

    agency_ids: frozenset[int] | None = None
    officer_id: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.agency_ids is not None:
            q &= Q(agency_id__in=self.agency_ids)
        if self.officer_id is not None:
            q &= Q(assignee_id=self.officer_id) | Exists(
                DossierEvent.objects.filter(dossier=OuterRef("pk"), actor_id=self.officer_id)
            )
        return q

    def dossiers(self) -> QuerySet:
        return Dossier.objects.filter(self.q())


# --- working time in SQL ------------------------------------------------------------------------

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class WorkingLine:
    """The working calendar over ``[first, last]`` as arrays PostgreSQL can index: for the i-th
    date (1-based), ``starts[i]`` is the working time in days from ``first`` 00:00 to that date's
    00:00, and ``shapes[i]`` the index (1-based, 0 = no work) of its working periods in
    ``periods`` (seconds since midnight)."""

    first: date
    last: date
    starts: tuple[float, ...]
    shapes: tuple[int, ...]
    periods: tuple[tuple[tuple[int, int], ...], ...]
    day_seconds: int
    tz: str

    def position_sql(self, column_sql: str) -> tuple[str, list]:
        """SQL giving the instant ``column_sql`` as a position on the working line (days)."""
        local = f"(({column_sql}) AT TIME ZONE %s)"
        index = f"(({local})::date - %s::date + 1)"
        seconds = f"EXTRACT(EPOCH FROM ({local})::time)"
        params_index = [self.tz, self.first]
        cases, case_params = [], []
        for number, periods in enumerate(self.periods, start=1):
            parts = " + ".join(
                f"(LEAST(GREATEST({seconds}, {start}), {end}) - {start})" for start, end in periods
            )
            cases.append(f"WHEN {number} THEN ({parts}) / {float(self.day_seconds)}")
            case_params += [self.tz] * len(periods)
        if not cases:  # no working hours on the whole line (a weekend, say)
            return f"((%s::float8[])[{index}])", [list(self.starts), *params_index]
        sql = f"((%s::float8[])[{index}] + CASE (%s::int[])[{index}] {' '.join(cases)} ELSE 0 END)"
        params = [list(self.starts), *params_index, list(self.shapes), *params_index]
        return sql, params + case_params

    def position(self, instant: datetime) -> float:
        """The same position computed in Python (for "now")."""
        from zoneinfo import ZoneInfo

        local = instant.astimezone(ZoneInfo(self.tz))
        index = (local.date() - self.first).days
        if not 0 <= index < len(self.starts):
            raise ValueError(f"{instant} is outside the working line")
        shape = self.shapes[index]
        seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        inside = 0.0
        if shape:
            for start, end in self.periods[shape - 1]:
                inside += min(max(seconds, start), end) - start
        return self.starts[index] + inside / self.day_seconds

    def latest_at(self, position: float) -> datetime:
        """The latest instant whose position is at most ``position`` (to the microsecond), so
        that ``position(t) <= p`` exactly when ``t <= latest_at(p)``: where ``position`` falls
        at the end of a day's or a morning's work, the end of the non-working stretch after it.
        A threshold on working time becomes a comparison of a column with an instant, which
        needs no working time computed per row."""
        from bisect import bisect_right
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(self.tz)
        index = bisect_right(self.starts, position) - 1
        if index < 0:  # before the line: no instant of it qualifies
            return datetime.combine(self.first, time.min, tz) - timedelta(microseconds=1)
        remaining = (position - self.starts[index]) * self.day_seconds
        shape = self.shapes[index]
        for start, end in self.periods[shape - 1] if shape else ():
            if remaining < end - start:
                day = self.first + timedelta(days=index)
                microseconds = int((start + remaining) * 1_000_000)
                return datetime.combine(day, time.min, tz) + timedelta(microseconds=microseconds)
            remaining -= end - start
        for later in range(index + 1, len(self.starts)):  # the next working period's start
            if self.shapes[later]:
                day = self.first + timedelta(days=later)
                start = self.periods[self.shapes[later] - 1][0][0]
                return datetime.combine(day, time.min, tz) + timedelta(seconds=start)
        return datetime.combine(self.last + timedelta(days=1), time.min, tz)


def working_line(first: date, last: date) -> WorkingLine:
    """The province's working calendar (default working hours) from ``first`` to ``last``."""
    calendar = calendar_for(None)
    tz = calendar.tz
    origin = timezone.make_aware(datetime.combine(first, datetime.min.time()), tz)
    day_seconds = calendar.standard_day.total_seconds()
    starts, shapes, periods = [], [], []
    day = first
    while day <= last:
        midnight = timezone.make_aware(datetime.combine(day, datetime.min.time()), tz)
        starts.append(calendar.working_time_between(origin, midnight).total_seconds() / day_seconds)
        day_periods = tuple(
            (s.hour * 3600 + s.minute * 60 + s.second, e.hour * 3600 + e.minute * 60 + e.second)
            for s, e in calendar.periods_on(day)
        )
        if not day_periods:
            shapes.append(0)
        else:
            if day_periods not in periods:
                periods.append(day_periods)
            shapes.append(periods.index(day_periods) + 1)
        day += timedelta(days=1)
    return WorkingLine(
        first=first,
        last=last,
        starts=tuple(starts),
        shapes=tuple(shapes),
        periods=tuple(periods),
        day_seconds=int(day_seconds),
        tz=str(tz),
    )


class WorkingPosition(Func):
    """An instant's position on a ``WorkingLine`` (working days); NULL outside the line."""

    output_field = FloatField()

    def __init__(self, expression, line: WorkingLine):
        super().__init__(expression)
        self.line = line

    def as_sql(self, compiler, connection, **extra):
        column_sql, column_params = compiler.compile(self.source_expressions[0])
        if column_params:  # the line repeats the column; a plain column has no parameters
            raise ValueError("WorkingPosition takes a column, not a parameterised expression")
        return self.line.position_sql(column_sql)


def working_days(start, end, line: WorkingLine):
    """Working days from ``start`` to ``end``: columns (``F``), or an instant for ``end``."""
    if isinstance(end, datetime):
        end_position = Value(line.position(end), output_field=FloatField())
    else:
        end_position = WorkingPosition(end, line)
    return end_position - WorkingPosition(start, line)


def _line_for(queryset: QuerySet, column: str, until: datetime) -> WorkingLine:
    """A line long enough for ``column`` of every row of ``queryset`` and for ``until``."""
    from django.db.models import Min

    # ``+ 0`` hides the column's index: with it, PostgreSQL takes the minimum by walking that
    # index from the first dossier ever, filtering row by row (seconds at a million dossiers
    # when the rows wanted are recent), instead of reading the few rows the filter selects.
    earliest = queryset.aggregate(first=Min(F(column) + timedelta(0)))["first"]
    first = timezone.localdate(earliest) if earliest else timezone.localdate(until)
    last = timezone.localdate(until) + timedelta(days=1)
    return working_line(min(first, last), last)


# --- period totals ------------------------------------------------------------------------------


def _period_filters(period: Period) -> dict[str, Q]:
    filters = metrics.row_filters(period.start, period.end)
    in_time = Q(timeliness__in=[Dossier.Timeliness.EARLY, Dossier.Timeliness.ON_TIME])
    return {
        "received": filters["received"],
        "received_online": filters["received"] & Q(channel__in=metrics.ONLINE_CHANNELS),
        "resolved": filters["resolved"],
        "resolved_in_time": filters["resolved"] & in_time,
        "resolved_late": filters["resolved_late"],
    }


@dataclass
class Totals:
    received: int
    received_online: int
    resolved: int
    resolved_in_time: int
    resolved_late: int
    open_overdue: int
    open_total: int

    @property
    def on_time_rate(self) -> float | None:
        return metrics.rate(self.resolved_in_time, self.resolved)

    @property
    def online_rate(self) -> float | None:
        return metrics.rate(self.received_online, self.received)


def open_q() -> Q:
    """Accepted and not decided yet: the backlog now."""
    return Q(received_at__isnull=False, completed_at__isnull=True)


def overdue_now_q(now: datetime) -> Q:
    """Open, the clock running and past its due time (the back office's "quá hạn" list, less
    the dossiers whose clock is paused waiting for the applicant)."""
    return open_q() & Q(due_at__lt=now) & Q(paused_since__isnull=True)


def _with_pause(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(paused_since=KT("clock__paused_at"))


def _month_aligned(period: Period) -> bool:
    return period.first_day.day == 1 and (period.last_day + timedelta(days=1)).day == 1


def _stored_months(period: Period, scope: DashboardScope) -> dict[date, dict] | None:
    """Per month of ``period``, the flows summed from the stored monthly aggregates (ADR 0012), or
    ``None`` when they cannot answer: an officer's work is not aggregated, and the aggregates hold
    whole months. Stale days are recomputed first, so the figures are those of the dossiers."""
    if scope.officer_id is not None or not _month_aligned(period):
        return None
    from motcua.reports.selectors import Scope, monthly_flows

    flows = monthly_flows(period.first_day, period.last_day, Scope(agency_ids=scope.agency_ids))
    return {
        month: {
            "received": row["received"],
            "received_online": row["received_online"] + row["received_national_portal"],
            "resolved": row["resolved"],
            "resolved_in_time": row["resolved_early"] + row["resolved_on_time"],
            "resolved_late": row["resolved_late"],
        }
        for month, row in flows.items()
    }


_FLOW_KEYS = ("received", "received_online", "resolved", "resolved_in_time", "resolved_late")


def period_totals(
    period: Period, scope: DashboardScope, now: datetime | None = None, live: bool = False
) -> Totals:
    """Received, resolved (in time, late) in ``period`` (from the stored aggregates when they
    cover it, unless ``live``); open and overdue now (from the open dossiers)."""
    now = now or timezone.now()
    stored = None if live else _stored_months(period, scope)
    base = _with_pause(scope.dossiers())
    if stored is not None:
        flows = {key: sum(month[key] for month in stored.values()) for key in _FLOW_KEYS}
        counts = base.filter(open_q()).aggregate(
            open_total=Count("pk"), open_overdue=Count("pk", filter=overdue_now_q(now))
        )
        return Totals(**flows, **{k: v or 0 for k, v in counts.items()})
    counts = base.filter(_touching(period) | open_q()).aggregate(
        **{key: Count("pk", filter=q) for key, q in _period_filters(period).items()},
        open_total=Count("pk", filter=open_q()),
        open_overdue=Count("pk", filter=overdue_now_q(now)),
    )
    return Totals(**{k: v or 0 for k, v in counts.items()})


def _touching(period: Period) -> Q:
    return Q(received_at__gte=period.start, received_at__lt=period.end) | Q(
        completed_at__gte=period.start, completed_at__lt=period.end
    )


@dataclass
class MonthFigures:
    month: date  # the first day of the month
    received: int = 0
    received_online: int = 0
    resolved: int = 0
    resolved_in_time: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return metrics.rate(self.resolved_in_time, self.resolved)

    @property
    def online_rate(self) -> float | None:
        return metrics.rate(self.received_online, self.received)

    @property
    def period(self) -> Period:
        from motcua.reports import periods

        return periods.month(self.month.year, self.month.month)


def monthly_trend(period: Period, scope: DashboardScope, live: bool = False) -> list[MonthFigures]:
    """Per month of ``period``: received (online), resolved (in time); from the stored
    aggregates when they cover it, unless ``live``."""
    filters = _period_filters(period)
    months: dict[date, MonthFigures] = {}
    day = period.first_day.replace(day=1)
    while day <= period.last_day:
        months[day] = MonthFigures(month=day)
        day = (day + timedelta(days=32)).replace(day=1)
    stored = None if live else _stored_months(period, scope)
    if stored is not None:
        for month, flows in stored.items():
            figures = months[month]
            for key in ("received", "received_online", "resolved", "resolved_in_time"):
                setattr(figures, key, flows[key])
        return list(months.values())
    base = scope.dossiers()
    received = (
        base.filter(filters["received"])
        .annotate(m=TruncMonth("received_at"))
        .values("m")
        .order_by()
        .annotate(n=Count("pk"), online=Count("pk", filter=filters["received_online"]))
    )
    for row in received:
        figures = months[timezone.localtime(row["m"]).date()]
        figures.received, figures.received_online = row["n"], row["online"]
    resolved = (
        base.filter(filters["resolved"])
        .annotate(m=TruncMonth("completed_at"))
        .values("m")
        .order_by()
        .annotate(n=Count("pk"), in_time=Count("pk", filter=filters["resolved_in_time"]))
    )
    for row in resolved:
        figures = months[timezone.localtime(row["m"]).date()]
        figures.resolved, figures.resolved_in_time = row["n"], row["in_time"]
    return list(months.values())


# --- backlog ------------------------------------------------------------------------------------

# (key, lowest, highest excluded) in working days; None: no upper bound.
AGE_BUCKETS = (("0-3", 0, 3), ("3-5", 3, 5), ("5-10", 5, 10), ("10-20", 10, 20), ("20+", 20, None))
OVERDUE_BUCKETS = (("0-1", 0, 1), ("1-3", 1, 3), ("3-5", 3, 5), ("5-10", 5, 10), ("10+", 10, None))
BACKLOG_STATES = ("not_due", "overdue", "paused")


def _bucket_label(low: int, high: int | None) -> str:
    if low == 0:
        return _("Dưới %(high)d ngày") % {"high": high}
    if high is None:
        return _("Từ %(low)d ngày trở lên") % {"low": low}
    return _("Từ %(low)d đến dưới %(high)d ngày") % {"low": low, "high": high}


def _since_q(column: str, low: int, high: int | None, line: WorkingLine, now: datetime) -> Q:
    """``low <= working days from column to now < high``, as comparisons of the column with
    two instants of the line (``WorkingLine.latest_at``)."""
    at_now = line.position(now)
    q = Q(**{f"{column}__lte": line.latest_at(at_now - low)})
    if high is not None:
        q &= Q(**{f"{column}__gt": line.latest_at(at_now - high)})
    return q


def _state_q(state: str, now: datetime) -> Q:
    paused = Q(paused_since__isnull=False)
    if state == "paused":
        return paused
    if state == "overdue":
        return overdue_now_q(now)
    return ~paused & (Q(due_at__gte=now) | Q(due_at__isnull=True))


@dataclass
class BacklogBucket:
    key: str
    label: str
    counts: dict[str, int]  # by state (``BACKLOG_STATES``), or {"overdue": n}

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Backlog:
    as_of: datetime
    by_age: list[BacklogBucket]  # working days since receipt, split by state
    by_overdue: list[BacklogBucket]  # overdue dossiers by working days past their due time

    @property
    def total(self) -> int:
        return sum(b.total for b in self.by_age)

    @property
    def overdue(self) -> int:
        return sum(b.total for b in self.by_overdue)


def backlog(scope: DashboardScope, now: datetime | None = None) -> Backlog:
    """The open dossiers now, by working days since receipt (and state), and the overdue ones
    by working days past their due time."""
    now = now or timezone.now()
    queryset = _with_pause(scope.dossiers()).filter(open_q())
    line = calendar_line(now)
    aggregates = {}
    for key, low, high in AGE_BUCKETS:
        for state in BACKLOG_STATES:
            aggregates[f"age_{key}_{state}"] = Count(
                "pk",
                filter=_since_q("received_at", low, high, line, now) & _state_q(state, now),
            )
    for key, low, high in OVERDUE_BUCKETS:
        aggregates[f"late_{key}"] = Count(
            "pk", filter=_since_q("due_at", low, high, line, now) & overdue_now_q(now)
        )
    counts = queryset.aggregate(**aggregates)
    return Backlog(
        as_of=now,
        by_age=[
            BacklogBucket(
                key, _bucket_label(low, high), {s: counts[f"age_{key}_{s}"] for s in BACKLOG_STATES}
            )
            for key, low, high in AGE_BUCKETS
        ],
        by_overdue=[
            BacklogBucket(key, _bucket_label(low, high), {"overdue": counts[f"late_{key}"]})
            for key, low, high in OVERDUE_BUCKETS
        ],
    )


# --- processing times ---------------------------------------------------------------------------

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


def calendar_line(end: datetime) -> WorkingLine:
    """A working line from the calendar's first year to ``end``: long enough for any stay or
    processing time, without reading the rows for their earliest instant first."""
    from motcua.worktime.selectors import FIRST_YEAR

    last = timezone.localdate(end) + timedelta(days=1)
    return working_line(min(date(FIRST_YEAR, 1, 1), last), last)


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


def _fetch_histogram(sql: str, params: list, by_agency: bool = False) -> Histogram:
    histogram: Histogram = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            key = (row[0], row[1]) if by_agency else row[0]
            tenths, count = row[-2:]
            bucket = histogram.setdefault(key, {})
            bucket[tenths] = bucket.get(tenths, 0) + count
    return histogram


def merge_histograms(target: Histogram, other: Histogram) -> Histogram:
    for key, counts in other.items():
        bucket = target.setdefault(key, {})
        for tenths, count in counts.items():
            bucket[tenths] = bucket.get(tenths, 0) + count
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


@dataclass
class ProcedureTime:
    procedure_id: int
    code: str
    name: str
    count: int
    median: float | None  # working days from receipt to result
    p90: float | None


def slowest_procedures(
    period: Period, scope: DashboardScope, limit: int = 10, live: bool = False
) -> list[ProcedureTime]:
    """The procedures whose dossiers resolved in ``period`` took the longest (median, then p90),
    in working days from receipt to result. Whole months of the province or of agencies are
    read from the stored histograms (``reports/durations.py``) unless ``live``."""
    histogram = None
    if not live and scope.officer_id is None:
        from motcua.reports import durations

        histogram = durations.stored_histogram(durations.PROCEDURE, period, scope.agency_ids)
    if histogram is None:
        histogram = procedure_histogram(period.start, period.end, scope)
    rows = ranked(histogram, limit)
    names = {
        pk: (code, name)
        for pk, code, name in Procedure.objects.filter(pk__in=[r[0] for r in rows]).values_list(
            "pk", "code", "name"
        )
    }
    return [
        ProcedureTime(
            procedure_id=pk, code=names[pk][0], name=names[pk][1], count=n, median=median, p90=p90
        )
        for pk, n, median, p90 in rows
    ]


@dataclass
class StepTime:
    step: str
    name: str
    count: int  # stays at the step that ended in the period
    median: float | None  # working days
    p90: float | None


def step_names() -> dict[str, str]:
    """Step code -> name, from every stored process (a handful of rows). Processes may name a
    shared step differently: the standard process's name wins, then active, newer versions."""
    versions = sorted(
        ProcessVersion.objects.all(),
        key=lambda v: (v.code != "standard", v.status != "active", -v.version, v.code),
    )
    names: dict[str, str] = {}
    for version in versions:
        for step in version.definition().steps:
            names.setdefault(step.code, step.name)
    return names


def step_left_q(step: str, period: Period, officer_id: int | None = None) -> Q:
    """An event that ends a stay at ``step`` within ``period`` (it moves to another step)."""
    q = Q(from_step=step, at__gte=period.start, at__lt=period.end) & ~Q(to_step=step)
    if officer_id is not None:
        q &= Q(actor_id=officer_id)
    return q


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


def slowest_steps(
    period: Period, scope: DashboardScope, limit: int = 10, live: bool = False
) -> list[StepTime]:
    """The workflow steps whose stays ending in ``period`` took the longest (median, then p90),
    in working days (``step_histogram``). Whole months of the province or of agencies are read
    from the stored histograms (``reports/durations.py``) unless ``live``."""
    histogram = None
    if not live and scope.officer_id is None:
        from motcua.reports import durations

        histogram = durations.stored_histogram(durations.STEP, period, scope.agency_ids)
    if histogram is None:
        histogram = step_histogram(period.start, period.end, scope)
    names = step_names()
    return [
        StepTime(step, names.get(step, step), count, median, p90)
        for step, count, median, p90 in ranked(histogram, limit)
    ]


# --- by officer ---------------------------------------------------------------------------------


@dataclass
class OfficerFigures:
    officer_id: int | None  # None: not assigned to anyone
    name: str
    open_overdue: int
    resolved: int
    resolved_late: int

    @property
    def on_time_rate(self) -> float | None:
        return metrics.rate(self.resolved - self.resolved_late, self.resolved)


def overdue_by_officer(
    period: Period, scope: DashboardScope, now: datetime | None = None
) -> list[OfficerFigures]:
    """Per handling officer (the dossier's assignee): open dossiers overdue now, and dossiers
    resolved in ``period`` (late among them). Officers with nothing to show are left out."""
    now = now or timezone.now()
    filters = _period_filters(period)
    rows = (
        _with_pause(scope.dossiers())
        .filter(overdue_now_q(now) | filters["resolved"])
        .values("assignee_id")
        .order_by()
        .annotate(
            open_overdue=Count("pk", filter=overdue_now_q(now)),
            resolved=Count("pk", filter=filters["resolved"]),
            resolved_late=Count("pk", filter=filters["resolved_late"]),
        )
    )
    rows = list(rows)
    names = {
        user.pk: user.get_full_name() or user.username
        for user in User.objects.filter(pk__in=[r["assignee_id"] for r in rows if r["assignee_id"]])
    }
    figures = [
        OfficerFigures(
            officer_id=r["assignee_id"],
            name=names.get(r["assignee_id"]) or _("Chưa phân công"),
            open_overdue=r["open_overdue"],
            resolved=r["resolved"],
            resolved_late=r["resolved_late"],
        )
        for r in rows
    ]
    figures.sort(key=lambda f: (-f.open_overdue, -f.resolved_late, f.name))
    return figures


# --- the dossiers behind a figure ---------------------------------------------------------------

FIGURES = (
    "received",
    "received_online",
    "resolved",
    "resolved_in_time",
    "resolved_late",
    "open",
    "open_overdue",
    "backlog_age",
    "backlog_overdue",
    "procedure",
    "step",
    "officer_overdue",
    "officer_resolved",
    "officer_resolved_late",
)


@dataclass
class Drill:
    """What one link of a dashboard points at."""

    figure: str
    key: str = ""  # a bucket key, a procedure id, a step code, an officer id ("" = unassigned)
    state: str = ""  # the backlog state of an age bucket
    extra: dict = field(default_factory=dict)


def _bucket(buckets, key):
    for bucket_key, low, high in buckets:
        if bucket_key == key:
            return low, high
    raise KeyError(key)


def _officer_q(key: str) -> Q:
    if key == "":
        return Q(assignee__isnull=True)
    return Q(assignee_id=int(key))


def dossiers_behind(
    drill: Drill, period: Period, scope: DashboardScope, now: datetime | None = None
) -> QuerySet:
    """The dossiers one dashboard figure counts, with the figure's own filter. Raises
    ``KeyError``/``ValueError`` for a figure or key that does not exist."""
    now = now or timezone.now()
    filters = _period_filters(period)
    base = _with_pause(scope.dossiers())
    figure, key = drill.figure, drill.key
    if figure in filters:
        queryset = base.filter(filters[figure])
    elif figure == "open":
        queryset = base.filter(open_q())
    elif figure == "open_overdue":
        queryset = base.filter(overdue_now_q(now))
    elif figure == "backlog_age":
        if drill.state not in BACKLOG_STATES:
            raise KeyError(drill.state)
        low, high = _bucket(AGE_BUCKETS, key)
        line = calendar_line(now)
        queryset = base.filter(
            open_q(), _since_q("received_at", low, high, line, now) & _state_q(drill.state, now)
        )
    elif figure == "backlog_overdue":
        low, high = _bucket(OVERDUE_BUCKETS, key)
        line = calendar_line(now)
        queryset = base.filter(_since_q("due_at", low, high, line, now) & overdue_now_q(now))
    elif figure == "procedure":
        queryset = base.filter(filters["resolved"], procedure_version__procedure_id=int(key))
    elif figure == "step":
        if not key:
            raise KeyError(key)
        queryset = base.filter(
            Exists(
                DossierEvent.objects.filter(
                    step_left_q(key, period, scope.officer_id), dossier=OuterRef("pk")
                )
            )
        )
    elif figure == "officer_overdue":
        queryset = base.filter(overdue_now_q(now) & _officer_q(key))
    elif figure == "officer_resolved":
        queryset = base.filter(filters["resolved"] & _officer_q(key))
    elif figure == "officer_resolved_late":
        queryset = base.filter(filters["resolved_late"] & _officer_q(key))
    else:
        raise KeyError(figure)
    return queryset.select_related("agency", "procedure_version__procedure").order_by(
        "received_at", "submitted_at", "pk"
    )
