"""Reads for the staff dashboards (province, agency, officer): period totals, the monthly trend,
the backlog by age, the slowest procedures and steps, and the overdue dossiers by officer.

What it is for: every figure is one function returning dataclasses, computed with grouped
aggregate SQL; the dossiers behind each figure come from ``dossiers_behind`` with the same
filter, so a number and its list always agree. Period totals (``period_totals``,
``monthly_trend``) use the processing report's definitions (``metrics.row_filters``), so they
can later read the daily aggregate tables instead of the dossier rows without changing callers.

Durations are in working days on the province's working calendar (``reports/working_line.py``);
the processing times are measured and stored by ``reports/durations.py``.

It must never loop over dossiers in Python or write anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.reports import durations, metrics, periods
from motcua.reports.periods import Period
from motcua.reports.working_line import WorkingLine, calendar_line
from motcua.workflow.models import ProcessVersion

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


open_q = metrics.open_q
_with_pause = metrics.with_pause


def overdue_now_q(now: datetime) -> Q:
    """Open, the clock running and past its due time (the back office's "quá hạn" list, less
    the dossiers whose clock is paused waiting for the applicant)."""
    return open_q() & metrics.split_now(now)["in_progress_overdue"]


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
        return periods.month(self.month.year, self.month.month)


def monthly_trend(period: Period, scope: DashboardScope, live: bool = False) -> list[MonthFigures]:
    """Per month of ``period``: received (online), resolved (in time); from the stored
    aggregates when they cover it, unless ``live``."""
    filters = _period_filters(period)
    months = {
        day: MonthFigures(month=day)
        for day in periods.month_starts(period.first_day, period.last_day)
    }
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


# The backlog's states, as the report's in-progress split names them.
_STATE_SPLIT = {
    "not_due": "in_progress_not_due",
    "overdue": "in_progress_overdue",
    "paused": "in_progress_awaiting_supplement",
}


def _state_q(state: str, now: datetime) -> Q:
    return metrics.split_now(now)[_STATE_SPLIT[state]]


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
        histogram = durations.stored_histogram(durations.PROCEDURE, period, scope.agency_ids)
    if histogram is None:
        histogram = durations.procedure_histogram(period.start, period.end, scope)
    rows = durations.ranked(histogram, limit)
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


def slowest_steps(
    period: Period, scope: DashboardScope, limit: int = 10, live: bool = False
) -> list[StepTime]:
    """The workflow steps whose stays ending in ``period`` took the longest (median, then p90),
    in working days (``step_histogram``). Whole months of the province or of agencies are read
    from the stored histograms (``reports/durations.py``) unless ``live``."""
    histogram = None
    if not live and scope.officer_id is None:
        histogram = durations.stored_histogram(durations.STEP, period, scope.agency_ids)
    if histogram is None:
        histogram = durations.step_histogram(period.start, period.end, scope)
    names = step_names()
    return [
        StepTime(step, names.get(step, step), count, median, p90)
        for step, count, median, p90 in durations.ranked(histogram, limit)
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
