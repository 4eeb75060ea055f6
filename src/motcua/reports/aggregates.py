"""Report aggregates (ADR 0012): per-day and per-month flows, and the backlog at the start of a
day, per receiving agency × procedure, so a province-year report sums a few thousand rows
instead of scanning millions of dossiers.

What it is for: ``selectors.processing_report`` reads whole days and months from here; every
count is computed with the very filters of ``metrics.py``, grouped by day, so a figure read from
the aggregates equals the one counted per dossier.

How they stay exact:

* Any change to a dossier's row (``Dossier.save``, which every service does in its
  transaction) or to a result document marks the days it touches as stale (``StaleDay``), in
  the same transaction. A report recomputes the stale days before it reads (one day is a few
  thousand dossiers through an index), and the ``reports.refresh_aggregates`` job does it every
  minute so readers seldom have to.
* The backlog at 00:00 of a day is a state at an instant: later events cannot change it, only a
  back-dated change can (an import, a correction); such a change deletes the stored backlogs
  after it, and the report counts those instants per dossier until the nightly job stores them
  again.
* ``rebuild`` recomputes everything from the dossiers and events, month by month, idempotently
  (``motcua manage rebuild-report-aggregates``); the bulk loaders that bypass the ORM (the
  benchmark's COPY) must run it.

It must never be the only copy of a figure: everything here can be dropped and rebuilt.
"""

from __future__ import annotations

import calendar
import queue
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta

from django.db import connection, connections, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.reports import durations, metrics, periods
from motcua.reports.models import (
    FLOW_FIELDS,
    Backlog,
    BacklogDay,
    DailyFlow,
    MonthlyFlow,
    StaleDay,
    SupplementRequestDay,
)

# The flows that belong to the day a dossier was received; the others to the day it was
# decided (completed_at).
RECEIVED_FLOWS = (
    "received",
    "received_online",
    "received_national_portal",
    "received_counter",
    "received_post",
    "end_to_end_online",
)
DECIDED_FLOWS = tuple(f for f in FLOW_FIELDS if f not in RECEIVED_FLOWS)
LOCK_KEY = 120012  # pg_advisory_xact_lock: one refresh or rebuild at a time
PROCEDURE = "procedure_version__procedure_id"


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


# --- computing from the dossiers ----------------------------------------------------------


def _sql(queryset) -> tuple[str, tuple]:
    return queryset.query.sql_with_params()


# The group columns of every grouped query below, under aliases the surrounding SQL names.
GROUP_ALIASES = ("g_day", "g_agency", "g_procedure")


def _flow_select(first_day: date, last_day: date) -> tuple[str, list]:
    """SQL and parameters of the rows ``(day, agency_id, procedure_id, *FLOW_FIELDS)`` for the
    days ``first_day…last_day``: the two grouped querysets (by day received, by day decided)
    built by the ORM with the very ``metrics.row_filters``, added up per group in SQL, the
    groups where every count is zero left out."""
    from motcua.reports.selectors import _signed_result

    start, end = day_start(first_day), day_start(last_day + timedelta(days=1))
    filters = metrics.row_filters(start, end)
    tz = timezone.get_current_timezone()

    def grouped(queryset, moment: str, counts: dict):
        return (
            queryset.annotate(
                g_day=TruncDate(moment, tzinfo=tz),
                g_agency=F("agency_id"),
                g_procedure=F(PROCEDURE),
            )
            .values(*GROUP_ALIASES)
            .order_by()
            .annotate(**counts)
        )

    received = grouped(
        Dossier.objects.filter(received_at__gte=start, received_at__lt=end),
        "received_at",
        {key: Count("pk", filter=filters[key]) for key in RECEIVED_FLOWS},
    )
    decided_counts = {
        key: Count("pk", filter=filters[key]) for key in DECIDED_FLOWS if key in filters
    }
    decided_counts["electronic_result"] = Count(
        "pk", filter=filters["resolved"] & Q(signed_result=True)
    )
    decided = grouped(
        Dossier.objects.filter(completed_at__gte=start, completed_at__lt=end).annotate(
            signed_result=_signed_result()
        ),
        "completed_at",
        decided_counts,
    )
    groups = ", ".join(GROUP_ALIASES)
    parts, params = [], []
    for queryset, names in ((received, RECEIVED_FLOWS), (decided, tuple(decided_counts))):
        sql, part_params = _sql(queryset)
        columns = ", ".join(f'"{n}"' if n in names else f'0 AS "{n}"' for n in FLOW_FIELDS)
        parts.append(f"SELECT {groups}, {columns} FROM ({sql}) AS part")  # noqa: S608
        params += part_params
    sums = ", ".join(f'sum("{name}")' for name in FLOW_FIELDS)
    any_count = " + ".join(f'sum("{name}")' for name in FLOW_FIELDS)
    union = " UNION ALL ".join(parts)
    return (
        f"SELECT {groups}, {sums} FROM ({union}) AS flows "  # noqa: S608 - ORM-compiled SQL
        f"GROUP BY {groups} HAVING {any_count} > 0",
        params,
    )


def _backlog_rows(day: date):
    """The grouped queryset of the backlog at 00:00 of ``day``, with the clocks as the event log
    had them then (the same query the report runs for a past instant)."""
    from motcua.reports.selectors import _clock_at, _in_progress_split

    instant = day_start(day)
    return (
        Dossier.objects.filter(metrics.in_progress_q(instant))
        .annotate(**_clock_at(instant))
        .annotate(g_agency=F("agency_id"), g_procedure=F(PROCEDURE))
        .values("g_agency", "g_procedure")
        .order_by()
        .annotate(
            in_progress=Count("pk"),
            **{k: Count("pk", filter=q) for k, q in _in_progress_split(instant).items()},
        )
    )


def compute_backlog(day: date) -> dict[tuple, dict]:
    """{(agency_id, procedure_id): {backlog field: count}} at 00:00 of ``day``."""
    return {(row.pop("g_agency"), row.pop("g_procedure")): row for row in _backlog_rows(day)}


# --- writing ----------------------------------------------------------------------------


def _insert(model, columns: Iterable[str], select: str, params) -> int:
    """INSERT INTO the model's table the rows of ``select`` (in the order of ``columns``), in
    the database: the rows never travel through Python."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select}", params)
        return cursor.rowcount


def _write_days(first_day: date, last_day: date) -> int:
    DailyFlow.objects.filter(day__gte=first_day, day__lte=last_day).delete()
    sql, params = _flow_select(first_day, last_day)
    return _insert(DailyFlow, ("day", "agency", "procedure", *FLOW_FIELDS), sql, params)


def _write_supplements(first_day: date, last_day: date) -> int:
    """The (day, dossier) pairs with a supplement request in ``first_day…last_day``, from the
    event log, under the dossier's receiving agency and procedure."""
    SupplementRequestDay.objects.filter(day__gte=first_day, day__lte=last_day).delete()
    pairs = (
        DossierEvent.objects.filter(
            action=metrics.SUPPLEMENT_ACTION,
            at__gte=day_start(first_day),
            at__lt=day_start(last_day + timedelta(days=1)),
        )
        .annotate(
            g_day=TruncDate("at", tzinfo=timezone.get_current_timezone()),
            g_agency=F("dossier__agency_id"),
            g_procedure=F(f"dossier__{PROCEDURE}"),
        )
        .values("g_day", "dossier_id", "g_agency", "g_procedure")
        .order_by()
        .annotate(g_requests=Count("pk"))
    )
    sql, params = _sql(pairs)
    return _insert(
        SupplementRequestDay,
        ("day", "dossier", "agency", "procedure", "requests"),
        f"SELECT g_day, dossier_id, g_agency, g_procedure, g_requests FROM ({sql}) AS p",  # noqa: S608
        params,
    )


def _write_month(first_day: date) -> None:
    first_day = month_start(first_day)
    MonthlyFlow.objects.filter(day=first_day).delete()
    sums = (
        DailyFlow.objects.filter(day__gte=first_day, day__lte=month_end(first_day))
        .annotate(g_agency=F("agency_id"), g_procedure=F("procedure_id"))
        .values("g_agency", "g_procedure")
        .order_by()
        .annotate(**{name: Sum(name) for name in FLOW_FIELDS})
    )
    sql, params = _sql(sums)
    names = ", ".join(f'"{name}"' for name in FLOW_FIELDS)
    _insert(
        MonthlyFlow,
        ("day", "agency", "procedure", *FLOW_FIELDS),
        f"SELECT %s::date, g_agency, g_procedure, {names} FROM ({sql}) AS month",  # noqa: S608
        [first_day, *params],
    )


def store_backlog(day: date) -> None:
    """Store the backlog at 00:00 of ``day`` (a past instant)."""
    if day_start(day) > timezone.now():
        raise ValueError("the backlog of an instant still to come is not known")
    with transaction.atomic():
        _lock()
        _store_backlog(day)


def _store_backlog(day: date) -> None:
    # A plain SELECT, not INSERT … SELECT: PostgreSQL plans no parallel scan for a statement
    # that writes, and without one it reads the open dossiers of a past instant through a
    # nested loop over the procedures (5 s instead of 0.3 s a month at a million dossiers).
    # The rows are few (agencies × procedures at most).
    Backlog.objects.filter(day=day).delete()
    Backlog.objects.bulk_create(
        (
            Backlog(day=day, agency_id=agency, procedure_id=procedure, **values)
            for (agency, procedure), values in compute_backlog(day).items()
        ),
        batch_size=5000,
    )
    BacklogDay.objects.update_or_create(day=day)


def refresh_stale() -> int:
    """Recompute the days marked stale; returns how many. Cheap when there are none."""
    if not StaleDay.objects.exists():
        return 0
    with transaction.atomic():
        _lock()
        # Deleting the marks first waits for the transactions still writing them, so the
        # counts below see their changes (READ COMMITTED: each statement sees the commits).
        with connection.cursor() as cursor:
            table = StaleDay._meta.db_table
            cursor.execute(f"DELETE FROM {table} RETURNING day")  # noqa: S608 - a model's table
            days = sorted({row[0] for row in cursor.fetchall()})
        for day in days:
            _write_days(day, day)
        for first in sorted({month_start(day) for day in days}):
            _write_month(first)
    return len(days)


def rebuild(
    first_day: date | None = None, today: date | None = None, log=None, jobs: int = 1
) -> dict:
    """Recompute the flows from ``first_day`` (default: the first dossier) to today, one month
    per transaction, the backlog at the start of every month and of today, and the processing
    times of every month. Idempotent.

    With ``jobs`` > 1, ``jobs - 1`` more connections store the months' processing times
    (``durations``: each month and kind its own transaction and lock) while this one writes
    the flows, then helps them: the two share no rows, and PostgreSQL uses more than one core
    (on the 2-vCPU bench machine, ``jobs=2`` takes about a third less time). Every connection
    must see the same committed data: not for use inside a transaction."""
    today = today or timezone.localdate()
    if first_day is None:
        earliest = Dossier.objects.order_by("submitted_at").values_list("submitted_at", flat=True)
        first = earliest.first()
        first_day = local_day(first) if first else today
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if jobs > 1 and connection.in_atomic_block:
        raise RuntimeError("a parallel rebuild cannot run inside a transaction")
    months = list(periods.month_starts(first_day, today))
    histograms = queue.SimpleQueue()
    for month in months:
        for kind in durations.KINDS:
            histograms.put((month, kind))
    with ThreadPoolExecutor(max_workers=max(jobs - 1, 1)) as pool:
        helpers = [
            pool.submit(_on_own_connection, _store_histograms, histograms) for _ in range(jobs - 1)
        ]
        stats = _rebuild_flows(months, first_day, today, log)
        _store_histograms(histograms)
        for helper in helpers:
            helper.result()  # raises what another connection raised
    return stats


def _rebuild_flows(months: list[date], first_day: date, today: date, log) -> dict:
    stats = {"months": 0, "flow_rows": 0, "backlog_days": 0}
    for month in months:
        last = month_end(month)
        with transaction.atomic():
            _lock()
            StaleDay.objects.filter(day__gte=max(month, first_day), day__lte=last).delete()
            stats["flow_rows"] += _write_days(max(month, first_day), last)
            _write_supplements(max(month, first_day), last)
            _write_month(month)
            if month >= first_day:
                _store_backlog(month)
                stats["backlog_days"] += 1
        stats["months"] += 1
        if log:
            log(f"{month:%Y-%m}: {stats['flow_rows']:,} flow rows so far")
    if today != month_start(today):
        store_backlog(today)
        stats["backlog_days"] += 1
    # Stored backlogs after the rebuilt range stay (they were computed per dossier); those
    # inside it were just recomputed.
    return stats


def _store_histograms(histograms: queue.SimpleQueue) -> None:
    """Store (month, kind) processing times taken from ``histograms`` until none is left."""
    while True:
        try:
            month, kind = histograms.get_nowait()
        except queue.Empty:
            return
        durations.store_month(month, kind)


def _on_own_connection(function, *args):
    """Run ``function`` in this thread (Django gives it its own connection), then close it."""
    try:
        return function(*args)
    finally:
        connections.close_all()


# --- keeping them up to date --------------------------------------------------------------

_STATE_FIELDS = (
    "received_at",
    "completed_at",
    "outcome",
    "timeliness",
    "channel",
    "agency_id",
    "procedure_version_id",
)


def _state(instance) -> tuple | None:
    values = instance.__dict__
    if any(name not in values for name in _STATE_FIELDS):
        return None  # deferred fields: unknown, treat as changed
    return tuple(values[name] for name in _STATE_FIELDS)


def remember_state(sender, instance, **kwargs) -> None:
    """post_init of Dossier: what the row counted for when it was loaded."""
    instance._report_state = _state(instance)


def _mark(dossier_id: int, days: Iterable[date]) -> None:
    days = {d for d in days if d is not None}
    if days:
        StaleDay.objects.bulk_create(
            [StaleDay(day=d, dossier_id=dossier_id) for d in days],
            update_conflicts=True,
            unique_fields=["day", "dossier_id"],
            update_fields=["marked_at"],
        )


def _forget_backlogs_after(moment: datetime | None) -> None:
    """A change dated before today alters the backlog of every later midnight."""
    if moment is None or moment >= day_start(timezone.localdate()):
        return
    after = local_day(moment)
    if BacklogDay.objects.filter(day__gt=after).exists():
        Backlog.objects.filter(day__gt=after).delete()
        BacklogDay.objects.filter(day__gt=after).delete()


def dossier_saved(sender, instance, raw=False, **kwargs) -> None:
    """post_save of Dossier, in the saving transaction: mark the days the change touches."""
    if raw:
        return
    before = getattr(instance, "_report_state", None)
    after = _state(instance)
    if before is not None and before == after:
        return
    moments = [instance.received_at, instance.completed_at]
    if before is not None:
        moments += [before[0], before[1]]
    moments = [m for m in moments if m is not None]
    _mark(instance.pk, (local_day(m) for m in moments))
    old_received, old_completed = before[:2] if before else (None, None)
    changed = [
        moment
        for new, old in (
            (instance.received_at, old_received),
            (instance.completed_at, old_completed),
        )
        if new != old
        for moment in (new, old)
        if moment is not None
    ]
    _forget_backlogs_after(min(changed) if changed else None)
    # A resolved dossier's processing time may have changed (ADR 0012, stored durations).
    durations.forget_result(instance.completed_at)
    if before is not None:
        durations.forget_result(before[1])
    if before is not None and before[5:] != after[5:]:
        # Counted under another agency or procedure (a data correction: no service moves a
        # received dossier): so are its supplement requests, and so was it in every backlog
        # stored since it was received.
        _forget_backlogs_after(instance.received_at)
        durations.forget_moves_since(instance.submitted_at)  # its stays, by agency
        SupplementRequestDay.objects.filter(dossier_id=instance.pk).update(
            agency_id=instance.agency_id,
            procedure_id=instance.procedure_version.procedure_id,
        )
    instance._report_state = after


def document_changed(sender, instance, raw=False, **kwargs) -> None:
    """post_save / post_delete of a result document: the electronic result count may change."""
    if raw or instance.kind != DossierDocument.Kind.RESULT:
        return
    completed = (
        Dossier.objects.filter(pk=instance.dossier_id)
        .values_list("completed_at", flat=True)
        .first()
    )
    if completed is not None:
        _mark(instance.dossier_id, [local_day(completed)])


def event_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of DossierEvent: a back-dated clock change alters later backlogs; a supplement
    request is remembered for its day."""
    if raw or not created:
        return
    if isinstance(instance.payload, dict) and "due_at" in instance.payload:
        _forget_backlogs_after(instance.at)
    if instance.from_step != instance.to_step:
        durations.forget_moves_since(instance.at)
    if instance.action == metrics.SUPPLEMENT_ACTION:
        agency, procedure = Dossier.objects.filter(pk=instance.dossier_id).values_list(
            "agency_id", PROCEDURE
        )[0]
        table = SupplementRequestDay._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (day, dossier_id, agency_id, procedure_id, requests) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, 1) ON CONFLICT (day, dossier_id) "
                f"DO UPDATE SET requests = {table}.requests + 1",
                [local_day(instance.at), instance.dossier_id, agency, procedure],
            )


def dossier_deleted(sender, instance, **kwargs) -> None:
    """post_delete of Dossier: its result and its stays leave the stored durations."""
    durations.forget_result(instance.completed_at)
    durations.forget_moves_since(instance.submitted_at)


def connect() -> None:
    from django.db.models.signals import post_delete, post_init, post_save

    post_init.connect(remember_state, sender=Dossier, dispatch_uid="reports.remember_state")
    post_save.connect(dossier_saved, sender=Dossier, dispatch_uid="reports.dossier_saved")
    post_delete.connect(dossier_deleted, sender=Dossier, dispatch_uid="reports.dossier_deleted")
    post_save.connect(document_changed, sender=DossierDocument, dispatch_uid="reports.doc_saved")
    post_delete.connect(
        document_changed, sender=DossierDocument, dispatch_uid="reports.doc_deleted"
    )
    post_save.connect(event_saved, sender=DossierEvent, dispatch_uid="reports.event_saved")


# --- reading -----------------------------------------------------------------------------


def spans(first_day: date, last_day: date) -> tuple[list[date], list[tuple[date, date]]]:
    """Split a range of days into whole months (their first days) and the remaining day ranges."""
    months, ranges = [], []
    day = first_day
    while day <= last_day:
        end_of_month = month_end(day)
        if day.day == 1 and end_of_month <= last_day:
            months.append(day)
            day = end_of_month + timedelta(days=1)
            continue
        until = min(end_of_month, last_day)
        ranges.append((day, until))
        day = until + timedelta(days=1)
    return months, ranges


def backlog_stored(day: date) -> bool:
    return BacklogDay.objects.filter(day=day).exists()


def store_missing_backlogs(today: date | None = None) -> list[date]:
    """The nightly pass: store the backlog at 00:00 today and at every month's start since the
    first stored one that a back-dated change has dropped. Returns the days stored."""
    today = today or timezone.localdate()
    first = BacklogDay.objects.order_by("day").values_list("day", flat=True).first()
    wanted = {today}
    if first is not None:
        wanted.update(periods.month_starts(first, today))
    stored = set(BacklogDay.objects.filter(day__in=wanted).values_list("day", flat=True))
    missing = sorted(wanted - stored)
    for day in missing:
        store_backlog(day)
    return missing
