"""Reads for the reports: the processing report, the dossiers behind each of its numbers, the
public summary and the monthly trend. Everything is computed from the raw rows, in real time,
with grouped aggregate SQL (``Count(filter=...)``); definitions come from ``metrics.py``.

Whole days and months are read from the aggregates (``aggregates.py``, ADR 0012) and the
stocks from the stored backlog at the period's edges when there is one; the rest (the supplement
requests, an instant not stored) is counted per dossier. ``live=True`` counts everything per
dossier, the reference the aggregates are tested against.

It must never loop over dossiers in Python, write anything (except recomputing stale aggregate
days before reading them), or round before the rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import AdministrativeUnit, Agency, Field, Procedure
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.reports import metrics
from motcua.reports.models import EXTERNAL_COUNT_FIELDS, ExternalFigure
from motcua.reports.periods import Period

# How a report can be grouped: the dossier column each row stands for. The level of government
# is the level of the receiving agency's area (a dossier is counted where it was received).
GROUPINGS = {
    "province": None,
    "agency": "agency_id",
    "field": "procedure_version__procedure__field_id",
    "procedure": "procedure_version__procedure_id",
    "level": "agency__administrative_unit__level",
}
GROUPING_LABELS = {
    "province": _("Toàn tỉnh"),
    "agency": _("Cơ quan tiếp nhận"),
    "field": _("Lĩnh vực"),
    "procedure": _("Thủ tục hành chính"),
    "level": _("Cấp chính quyền"),
}


@dataclass(frozen=True)
class Scope:
    """Which dossiers a report covers: the whole province, or receiving agencies (an agency and
    its subordinate units), a field, a procedure, a level of government."""

    agency_ids: frozenset[int] | None = None
    field_id: int | None = None
    procedure_id: int | None = None
    level: int | None = None

    def q(self, prefix: str = "") -> Q:
        q = Q()
        if self.agency_ids is not None:
            q &= Q(**{f"{prefix}agency_id__in": self.agency_ids})
        if self.field_id is not None:
            q &= Q(**{f"{prefix}procedure_version__procedure__field_id": self.field_id})
        if self.procedure_id is not None:
            q &= Q(**{f"{prefix}procedure_version__procedure_id": self.procedure_id})
        if self.level is not None:
            q &= Q(**{f"{prefix}agency__administrative_unit__level": self.level})
        return q

    def external_q(self) -> Q | None:
        """The external figures in scope; ``None`` when none can be (they have no procedure)."""
        if self.procedure_id is not None:
            return None
        q = Q()
        if self.agency_ids is not None:
            q &= Q(agency_id__in=self.agency_ids)
        if self.field_id is not None:
            q &= Q(field_id=self.field_id)
        if self.level is not None:
            q &= Q(agency__administrative_unit__level=self.level)
        return q


def agency_subtree(agency_id: int) -> frozenset[int]:
    """The agency and every unit under it (the agency table is small; dossiers are not read)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Agency.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [agency_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, ()))
    return frozenset(found)


@dataclass
class ReportRow:
    key: object
    label: str
    values: dict
    source: str = ""  # the outside system, for external rows
    agency_label: str = ""

    @property
    def is_external(self) -> bool:
        return bool(self.source)


@dataclass
class Report:
    period: Period
    group_by: str
    scope: Scope
    as_of: datetime
    rows: list[ReportRow]
    system_total: ReportRow
    external_rows: list[ReportRow] = field(default_factory=list)
    grand_total: ReportRow | None = None
    external_left_out: int = 0  # external figures overlapping the period's boundary

    @property
    def grouping_label(self) -> str:
        return GROUPING_LABELS[self.group_by]


# --- the queries ----------------------------------------------------------------------------


def _touching(period: Period) -> Q:
    """Every dossier any number of the period can count: open at some point of the period or
    closed in it. Narrows the scan; each metric's own filter decides."""
    return metrics.in_progress_q(period.end) | Q(
        completed_at__gte=period.start, completed_at__lt=period.end
    )


def _clock_at(as_of: datetime) -> dict:
    """Annotations giving each dossier's clock as it stood at ``as_of``, read from the event log
    (every clock change writes the new due time in its event's payload): the due time then, and
    the action that set it (a pausing action means the count was suspended)."""
    clock_events = DossierEvent.objects.filter(
        dossier=OuterRef("pk"), at__lt=as_of, payload__has_key="due_at"
    ).order_by("-sequence")
    return {
        "clock_action": Coalesce(
            Subquery(clock_events.values("action")[:1]), Value(""), output_field=CharField()
        ),
        "clock_due": Cast(
            Subquery(clock_events.annotate(due=KT("payload__due_at")).values("due")[:1]),
            DateTimeField(),
        ),
    }


def _in_progress_split(as_of: datetime) -> dict[str, Q]:
    awaiting = Q(clock_action__in=metrics.PAUSING_ACTIONS)
    running = ~Q(clock_action__in=metrics.PAUSING_ACTIONS)
    return {
        "in_progress_awaiting_supplement": awaiting,
        "in_progress_overdue": running & Q(clock_due__lt=as_of),
        # No deadline recorded (a process without a clock) counts as within the deadline.
        "in_progress_not_due": running & (Q(clock_due__gte=as_of) | Q(clock_due__isnull=True)),
    }


def _signed_result():
    return Exists(
        DossierDocument.objects.filter(
            dossier=OuterRef("pk"), kind=DossierDocument.Kind.RESULT, signed=True
        )
    )


def _supplement_in(period: Period):
    return Exists(
        DossierEvent.objects.filter(
            dossier=OuterRef("pk"),
            action=metrics.SUPPLEMENT_ACTION,
            at__gte=period.start,
            at__lt=period.end,
        )
    )


def _grouped(queryset: QuerySet, column: str | None, **aggregates) -> dict:
    """{group key: {name: value}}; one key ``None`` for an ungrouped (province) report."""
    if column is None:
        return {None: queryset.aggregate(**aggregates)}
    rows = queryset.values(column).order_by().annotate(**aggregates)
    return {row.pop(column): row for row in rows}


def _merge_into(result: dict, groups: dict) -> None:
    for key, values in groups.items():
        target = result.setdefault(key, {})
        for name, value in values.items():
            target[name] = target.get(name, 0) + (value or 0)


def _live_split(
    period: Period, scope: Scope, column: str | None, as_of: datetime, present: bool = False
) -> dict:
    if present:  # reading the open rows spares two event lookups per open dossier
        split = metrics.split_now(as_of)
        return _grouped(
            metrics.with_pause(Dossier.objects.filter(scope.q())).filter(metrics.open_q()),
            column,
            **{key: Count("pk", filter=q) for key, q in split.items()},
        )
    return _grouped(
        Dossier.objects.filter(scope.q())
        .filter(metrics.in_progress_q(period.end))
        .annotate(**_clock_at(as_of)),
        column,
        **{key: Count("pk", filter=q) for key, q in _in_progress_split(as_of).items()},
    )


# The aggregate rows (per agency × procedure) grouped and scoped like the dossiers.
AGGREGATE_GROUPINGS = {
    "province": None,
    "agency": "agency_id",
    "field": "procedure__field_id",
    "procedure": "procedure_id",
    "level": "agency__administrative_unit__level",
}


def _aggregate_scope_q(scope: Scope) -> Q:
    q = Q()
    if scope.agency_ids is not None:
        q &= Q(agency_id__in=scope.agency_ids)
    if scope.field_id is not None:
        q &= Q(procedure__field_id=scope.field_id)
    if scope.procedure_id is not None:
        q &= Q(procedure_id=scope.procedure_id)
    if scope.level is not None:
        q &= Q(agency__administrative_unit__level=scope.level)
    return q


def _aggregated_counts(
    period: Period, scope: Scope, group_by: str, as_of: datetime, present: bool = False
) -> dict:
    """The same numbers as ``_counts``, from the aggregates: flows summed over whole months and
    days, stocks from the stored backlog at the period's edges (counted per dossier when an
    edge is not stored; from the open dossiers' rows when ``as_of`` is the ``present``),
    supplement requests from the stored (day, dossier) pairs, distinct over the period."""
    from motcua.reports import aggregates
    from motcua.reports.models import (
        FLOW_FIELDS,
        Backlog,
        DailyFlow,
        MonthlyFlow,
        SupplementRequestDay,
    )

    aggregates.refresh_stale()
    column = AGGREGATE_GROUPINGS[group_by]
    dossier_column = GROUPINGS[group_by]
    scoped = _aggregate_scope_q(scope)
    result: dict = {}
    months, ranges = aggregates.spans(period.first_day, period.last_day)
    sums = {name: Sum(name) for name in FLOW_FIELDS}
    if months:
        _merge_into(
            result, _grouped(MonthlyFlow.objects.filter(scoped, day__in=months), column, **sums)
        )
    if ranges:
        days = Q()
        for first, last in ranges:
            days |= Q(day__gte=first, day__lte=last)
        _merge_into(result, _grouped(DailyFlow.objects.filter(scoped).filter(days), column, **sums))
    # Carried over: the backlog at the period's first instant.
    if aggregates.backlog_stored(period.first_day):
        _merge_into(
            result,
            _grouped(
                Backlog.objects.filter(scoped, day=period.first_day),
                column,
                carried_over=Sum("in_progress"),
            ),
        )
    else:
        _merge_into(
            result,
            _grouped(
                Dossier.objects.filter(scope.q()).filter(metrics.carried_over_q(period.start)),
                dossier_column,
                carried_over=Count("pk"),
            ),
        )
    # In progress: the backlog at the period's end once it has passed, else now, per dossier.
    end_day = period.last_day + timedelta(days=1)
    if as_of == period.end and aggregates.backlog_stored(end_day):
        _merge_into(
            result,
            _grouped(
                Backlog.objects.filter(scoped, day=end_day),
                column,
                **{name: Sum(name) for name in ("in_progress", *metrics.IN_PROGRESS_SPLIT)},
            ),
        )
    else:
        split = _live_split(period, scope, dossier_column, as_of, present)
        for values in split.values():
            values["in_progress"] = sum(values[name] or 0 for name in metrics.IN_PROGRESS_SPLIT)
        _merge_into(result, split)
    requests = SupplementRequestDay.objects.filter(
        scoped, day__gte=period.first_day, day__lte=period.last_day
    )
    _merge_into(
        result, _grouped(requests, column, supplement_requested=Count("dossier", distinct=True))
    )
    for values in result.values():
        for name in metrics.COUNT_KEYS:
            values.setdefault(name, 0)
        values["to_handle"] = values["carried_over"] + values["received"]
    return result


def _counts(period: Period, scope: Scope, column: str | None, as_of: datetime) -> dict:
    base = Dossier.objects.filter(scope.q())
    start, end = period.start, period.end
    filters = metrics.row_filters(start, end)
    result: dict = {}

    def merge(groups: dict):
        for key, values in groups.items():
            result.setdefault(key, {}).update({k: v or 0 for k, v in values.items()})

    merge(
        _grouped(
            base.filter(_touching(period)),
            column,
            **{key: Count("pk", filter=q) for key, q in filters.items()},
        )
    )
    merge(
        _grouped(
            base.filter(metrics.in_progress_q(end)).annotate(**_clock_at(as_of)),
            column,
            **{key: Count("pk", filter=q) for key, q in _in_progress_split(as_of).items()},
        )
    )
    merge(
        _grouped(
            base.filter(filters["resolved"]).filter(_signed_result()),
            column,
            electronic_result=Count("pk"),
        )
    )
    events = DossierEvent.objects.filter(
        scope.q("dossier__"),
        action=metrics.SUPPLEMENT_ACTION,
        at__gte=start,
        at__lt=end,
    )
    merge(
        _grouped(
            events,
            f"dossier__{column}" if column else None,
            supplement_requested=Count("dossier", distinct=True),
        )
    )
    return result


def _labels(group_by: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if group_by == "agency":
        return dict(Agency.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "field":
        return dict(Field.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "procedure":
        return {
            pk: f"{code} — {name}"
            for pk, code, name in Procedure.objects.filter(pk__in=keys).values_list(
                "pk", "code", "name"
            )
        }
    if group_by == "level":
        return {k: str(AdministrativeUnit.Level(k).label) for k in keys}
    return {}


def _empty_values() -> dict:
    return dict.fromkeys(metrics.COUNT_KEYS, 0)


def total_row(rows: list[ReportRow], label: str) -> ReportRow:
    values = _empty_values()
    for row in rows:  # sums a few group rows, never dossiers
        for key in metrics.COUNT_KEYS:
            values[key] += row.values.get(key) or 0
    return ReportRow(key="total", label=label, values=metrics.add_rates(values))


def external_figures_in(period: Period, scope: Scope):
    """The external figures a report of ``period`` includes: those whose period lies inside it.
    Flows (received, resolved) add up over them; stocks do not: "carried over" comes only from
    figures starting on the report's first day, "in progress" only from those ending on its last
    day (adding monthly stocks into a year would count the same dossiers several times)."""
    q = scope.external_q()
    if q is None:
        return ExternalFigure.objects.none(), 0
    overlapping = ExternalFigure.objects.filter(q).filter(
        first_day__lte=period.last_day, last_day__gte=period.first_day
    )
    inside = overlapping.filter(first_day__gte=period.first_day, last_day__lte=period.last_day)
    return inside, overlapping.count() - inside.count()


def _external_rows(period: Period, scope: Scope) -> tuple[list[ReportRow], int]:
    inside, left_out = external_figures_in(period, scope)
    stock_filters = {
        "carried_over": Q(first_day=period.first_day),
        "in_progress_not_due": Q(last_day=period.last_day),
        "in_progress_overdue": Q(last_day=period.last_day),
    }
    sums = {name: Sum(name, filter=stock_filters.get(name)) for name in EXTERNAL_COUNT_FIELDS}
    rows = []
    grouped = (
        inside.values("source_system", "agency_id", "agency__name")
        .order_by("source_system", "agency__name")
        .annotate(**sums)
    )
    for group in grouped:
        values = _empty_values()
        values.update({name: group[name] or 0 for name in EXTERNAL_COUNT_FIELDS})
        values["received"] = (
            values["received_online"] + values["received_counter"] + values["received_post"]
        )
        values["to_handle"] = values["carried_over"] + values["received"]
        values["resolved"] = (
            values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"]
        )
        values["in_progress"] = values["in_progress_not_due"] + values["in_progress_overdue"]
        rows.append(
            ReportRow(
                key=group["agency_id"],
                label=f"{group['agency__name']} ({group['source_system']})",
                values=metrics.add_rates(values),
                source=group["source_system"],
                agency_label=group["agency__name"],
            )
        )
    return rows, left_out


def _is_present(period: Period, now: datetime | None) -> bool:
    """Whether "in progress" is judged at the present instant (no instant given, period open)."""
    return now is None and timezone.now() < period.end


def processing_report(
    period: Period,
    group_by: str = "agency",
    scope: Scope | None = None,
    now: datetime | None = None,
    live: bool = False,
) -> Report:
    """Tình hình, kết quả giải quyết hồ sơ: one row per group, the system's total, the figures
    counted in other systems (each on its own row) and the grand total."""
    scope = scope or Scope()
    column = GROUPINGS[group_by]
    as_of = period.as_of(now)
    if live:
        counts = _counts(period, scope, column, as_of)
    else:
        counts = _aggregated_counts(period, scope, group_by, as_of, _is_present(period, now))
    labels = _labels(group_by, counts.keys())
    rows = []
    for key, values in counts.items():
        full = _empty_values()
        full.update(values)
        if not any(full.values()):
            continue
        label = (
            _("Toàn tỉnh")
            if group_by == "province"
            else labels.get(key) or (_("Chưa xác định lĩnh vực") if group_by == "field" else "—")
        )
        rows.append(ReportRow(key=key, label=label, values=metrics.add_rates(full)))
    rows.sort(key=lambda r: r.label)
    system_total = total_row(rows, _("Tổng số trên hệ thống"))
    external_rows, left_out = _external_rows(period, scope)
    grand_total = total_row([system_total, *external_rows], _("Tổng cộng"))
    return Report(
        period=period,
        group_by=group_by,
        scope=scope,
        as_of=as_of,
        rows=rows,
        system_total=system_total,
        external_rows=external_rows,
        grand_total=grand_total,
        external_left_out=left_out,
    )


def dossiers_behind(
    metric: str,
    period: Period,
    scope: Scope | None = None,
    group_by: str | None = None,
    row_key=None,
    now: datetime | None = None,
) -> QuerySet:
    """The dossiers one number of the report counts (same definitions as the report)."""
    scope = scope or Scope()
    queryset = Dossier.objects.filter(scope.q())
    column = GROUPINGS.get(group_by or "province")
    if column is not None:
        queryset = queryset.filter(**{column: row_key})
    filters = metrics.row_filters(period.start, period.end)
    if metric in filters:
        queryset = queryset.filter(filters[metric])
    elif metric in metrics.IN_PROGRESS_SPLIT and _is_present(period, now):
        # As the report counts them now: from the open dossiers' rows.
        queryset = metrics.with_pause(queryset).filter(
            metrics.open_q(), metrics.split_now(period.as_of(now))[metric]
        )
    elif metric in metrics.IN_PROGRESS_SPLIT:
        as_of = period.as_of(now)
        queryset = (
            queryset.filter(metrics.in_progress_q(period.end))
            .annotate(**_clock_at(as_of))
            .filter(_in_progress_split(as_of)[metric])
        )
    elif metric == "electronic_result":
        queryset = queryset.filter(filters["resolved"]).filter(_signed_result())
    elif metric == "supplement_requested":
        queryset = queryset.filter(_supplement_in(period))
    else:
        raise KeyError(metric)
    # Received first, then submitted (every metric's dossiers either all have a reception time
    # or none has). An expression, not the bare column: ordered by the indexed ``received_at``,
    # the planner walks that index from the first dossier ever to find 50 decided this year.
    return queryset.select_related("agency", "procedure_version__procedure").order_by(
        Coalesce("received_at", "submitted_at"), "submitted_at", "pk"
    )


# --- public figures -------------------------------------------------------------------------


def monthly_trend(year_number: int, scope: Scope | None = None, live: bool = False) -> list[dict]:
    """Per month of ``year_number``: dossiers received, resolved, resolved on time or early
    (from the monthly aggregates; ``live=True`` counts the dossiers)."""
    from motcua.reports import periods

    scope = scope or Scope()
    if not live:
        return _aggregated_trend(year_number, scope)
    period = periods.year(year_number)
    base = Dossier.objects.filter(scope.q())
    received = dict(
        base.filter(metrics.received_q(period.start, period.end))
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    resolved_q = metrics.decided_q(period.start, period.end) & Q(
        outcome__in=metrics.RESOLVING_OUTCOMES
    )
    resolved = {
        row["month"]: row
        for row in base.filter(resolved_q)
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .order_by()
        .annotate(
            n=Count("pk"),
            in_time=Count(
                "pk",
                filter=Q(timeliness__in=[Dossier.Timeliness.EARLY, Dossier.Timeliness.ON_TIME]),
            ),
        )
    }
    received_by_month = {timezone.localtime(m).month: n for m, n in received.items()}
    resolved_by_month = {timezone.localtime(m).month: row for m, row in resolved.items()}
    months = []
    for month_number in range(1, 13):
        done = resolved_by_month.get(month_number, {})
        months.append(
            {
                "month": month_number,
                "received": received_by_month.get(month_number, 0),
                "resolved": done.get("n", 0),
                "on_time_rate": metrics.rate(done.get("in_time", 0), done.get("n", 0)),
            }
        )
    return months


def monthly_flows(first_day: date, last_day: date, scope: Scope) -> dict[date, dict]:
    """The stored monthly flows of the months starting in [first_day, last_day], summed per
    month over ``scope`` (marked days recomputed first): ``{month's first day: {count: n}}``."""
    from motcua.reports import aggregates
    from motcua.reports.models import MonthlyFlow

    aggregates.refresh_stale()
    counts = ("received", "received_online", "received_national_portal", "resolved")
    counts += ("resolved_early", "resolved_on_time", "resolved_late")
    rows = (
        MonthlyFlow.objects.filter(_aggregate_scope_q(scope), day__gte=first_day, day__lte=last_day)
        .values("day")
        .order_by()
        .annotate(**{f"{key}_n": Sum(key) for key in counts})
    )
    return {row["day"]: {key: row[f"{key}_n"] or 0 for key in counts} for row in rows}


def _aggregated_trend(year_number: int, scope: Scope) -> list[dict]:
    by_month = {
        day.month: row
        for day, row in monthly_flows(
            date(year_number, 1, 1), date(year_number, 12, 31), scope
        ).items()
    }
    months = []
    for month_number in range(1, 13):
        row = by_month.get(month_number, {})
        resolved = row.get("resolved", 0)
        in_time = row.get("resolved_early", 0) + row.get("resolved_on_time", 0)
        months.append(
            {
                "month": month_number,
                "received": row.get("received", 0),
                "resolved": resolved,
                "on_time_rate": metrics.rate(in_time, resolved),
            }
        )
    return months
