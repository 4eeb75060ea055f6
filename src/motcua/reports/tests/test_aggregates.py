"""The report read from the aggregates equals the report counted dossier by dossier, for a varied
province built through the real services (ADR 0012)."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import ApplicantData, perform_action, receive_dossier
from motcua.dossiers.tests.conftest import at
from motcua.reports import aggregates, periods
from motcua.reports.models import (
    Backlog,
    BacklogDay,
    DailyFlow,
    DurationCount,
    DurationMonth,
    MonthlyFlow,
    StaleDay,
)
from motcua.reports.selectors import Scope, monthly_trend, processing_report

pytestmark = pytest.mark.django_db

PERIODS = [
    periods.month(2026, 2),
    periods.month(2026, 3),
    periods.month(2026, 4),
    periods.quarter(2026, 1),
    periods.year(2026),
    periods.custom(date(2026, 3, 10), date(2026, 4, 20)),
]
GROUPINGS = ["province", "agency", "field", "procedure", "level"]


def working_day(rng, first: date, span: int) -> date:
    day = first + timedelta(days=rng.randrange(span))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def generate(march, count=24, seed=12):
    """Dossiers of every fate over January-May 2026, through the services."""
    w = march.world
    rng = random.Random(seed)
    places = [
        (w.justice, w.reception, w.head, w.specialist, w.leader),
        (march.commune, march.commune_reception, None, None, None),
    ]
    for _ in range(count):
        agency, reception, head, specialist, leader = rng.choice(places)
        # The end-to-end procedure is offered by Sở Tư pháp only.
        version = rng.choice([w.version, march.e2e_version]) if head else w.version
        channel = (
            "online"
            if version == march.e2e_version
            else rng.choice(["counter", "online", "post", "national_portal"])
        )
        day = working_day(rng, date(2026, 1, 5), 130)
        submitted = at(day.year, day.month, day.day, 8)
        dossier = receive_dossier(
            agency=agency,
            procedure_version=version,
            channel=channel,
            applicant=ApplicantData(name="Lê Văn Cường", phone="0912345678"),
            actor=reception,
            present_documents=[w.form.pk, w.id_card.pk],
            at=submitted,
        )
        fate = rng.random()
        if fate < 0.1:
            perform_action(dossier, "refuse", reception, note="Không đủ", at=submitted)
            continue
        accepted = submitted + timedelta(hours=1)
        perform_action(dossier, "accept", reception, at=accepted)
        if head is None or fate < 0.25:
            continue  # stays open (overdue or not, depending on the period's end)
        perform_action(dossier, "assign", head, data={"assignee": specialist.pk}, at=accepted)
        later = accepted + timedelta(days=rng.choice([1, 2, 3, 6, 12, 30]))
        while later.weekday() >= 5:
            later += timedelta(days=1)
        if fate < 0.35:
            # Within 3 working days of acceptance (Decree 61/2018 Art 16).
            asked = accepted + timedelta(hours=2)
            perform_action(dossier, "request_supplement", specialist, note="Thiếu", at=asked)
            continue
        if fate < 0.4:
            perform_action(dossier, "withdraw", reception, note="Rút", at=later)
            continue
        if fate < 0.45:
            perform_action(dossier, "stop_processing", head, note="Dừng", at=later)
            continue
        DossierDocument.objects.create(
            dossier=dossier, kind="result", name="Kết quả", signed=rng.random() < 0.6
        )
        perform_action(dossier, "propose", specialist, at=later)
        perform_action(dossier, "submit_for_signature", head, at=later)
        perform_action(dossier, "approve", leader, at=later + timedelta(hours=2))


def assert_same_reports(scopes=None):
    scopes = scopes or (Scope(),)
    for period in PERIODS:
        for group_by in GROUPINGS:
            for scope in scopes:
                live = processing_report(period, group_by, scope, live=True)
                stored = processing_report(period, group_by, scope)
                where = f"{period.label} by {group_by} in {scope}"
                assert [(r.key, r.label, r.values) for r in stored.rows] == [
                    (r.key, r.label, r.values) for r in live.rows
                ], where
                assert stored.grand_total.values == live.grand_total.values, where
    assert monthly_trend(2026) == monthly_trend(2026, live=True)


def test_the_aggregates_give_the_per_dossier_report(march):
    generate(march)
    scopes = (Scope(), Scope(level=3), Scope(agency_ids=frozenset({march.world.justice.pk})))
    # Kept up to date by the services' own transactions: only flows are stored so far, the
    # stocks at the periods' edges are counted per dossier.
    assert StaleDay.objects.exists()
    assert_same_reports(scopes)
    assert not StaleDay.objects.exists()
    assert DailyFlow.objects.exists() and MonthlyFlow.objects.exists()
    # Rebuilt from scratch: the backlog at each month's start is now stored and read.
    call_command("rebuild_report_aggregates", "--from", "2026-01-01")
    assert BacklogDay.objects.filter(day=date(2026, 4, 1)).exists()
    march_report = processing_report(periods.month(2026, 3), "province")
    assert march_report.rows[0].values["carried_over"] == sum(
        Backlog.objects.filter(day=date(2026, 3, 1)).values_list("in_progress", flat=True)
    )
    assert_same_reports()
    # A back-dated correction after the rebuild: the stored backlogs after it are dropped,
    # and the flows of its days recomputed on the next read.
    late = march.L
    perform_action(late, "withdraw", march.world.reception, note="Rút", at=at(2026, 4, 2, 9))
    assert not BacklogDay.objects.filter(day=date(2026, 5, 1)).exists()
    assert BacklogDay.objects.filter(day=date(2026, 4, 1)).exists()
    assert_same_reports()
    # The nightly job stores the dropped month starts again.
    assert date(2026, 5, 1) in aggregates.store_missing_backlogs()
    for period in (periods.month(2026, 4), periods.month(2026, 5)):
        stored = processing_report(period, "agency")
        live = processing_report(period, "agency", live=True)
        assert [r.values for r in stored.rows] == [r.values for r in live.rows]


def test_the_rebuild_is_idempotent(march):
    rows = lambda: sorted(  # noqa: E731
        DailyFlow.objects.values_list("day", "agency_id", "procedure_id", "received", "resolved")
    )
    aggregates.rebuild(date(2026, 1, 1))
    first = (rows(), Backlog.objects.count(), MonthlyFlow.objects.count())
    aggregates.rebuild(date(2026, 1, 1))
    assert (rows(), Backlog.objects.count(), MonthlyFlow.objects.count()) == first
    assert sum(r[3] for r in first[0]) == 14  # every accepted dossier of the fixture, once


def test_the_dashboards_read_the_aggregates_and_give_the_per_dossier_figures(march):
    from motcua.reports import dashboards
    from motcua.reports.dashboards import DashboardScope

    generate(march)
    justice = march.world.justice
    now = at(2026, 6, 15, 10)
    scopes = (DashboardScope(), DashboardScope(agency_ids=frozenset({justice.pk})))
    for period in (periods.month(2026, 3), periods.quarter(2026, 2), periods.year(2026)):
        for scope in scopes:
            stored = dashboards.period_totals(period, scope, now=now)
            assert stored == dashboards.period_totals(period, scope, now=now, live=True)
            trend = dashboards.monthly_trend(period, scope)
            assert trend == dashboards.monthly_trend(period, scope, live=True)
    # The stored path was taken: the marks left by the services were consumed by the read.
    assert not StaleDay.objects.exists()
    year = dashboards.period_totals(periods.year(2026), DashboardScope(), now=now)
    assert year.received == sum(MonthlyFlow.objects.values_list("received", flat=True)) > 0


def test_the_rebuild_takes_in_changes_made_outside_the_services(march):
    """A bulk load or a data fix in SQL (``QuerySet.update``, the benchmark's COPY) fires no
    signal: the aggregates miss it until ``rebuild-report-aggregates``, which recomputes the
    flows and backlogs in the database; every report then equals the per-dossier count."""
    from motcua.dossiers.models import Dossier

    generate(march)
    call_command("rebuild_report_aggregates", "--from", "2026-01-01")
    assert Dossier.objects.filter(channel="counter", received_at__isnull=False).update(
        channel="post"
    )
    assert Dossier.objects.filter(outcome="approved").update(timeliness="late")
    assert not StaleDay.objects.exists()  # nothing told the aggregates
    year = periods.year(2026)
    stale = processing_report(year, "province").system_total.values
    live = processing_report(year, "province", live=True).system_total.values
    assert stale["received_post"] < live["received_post"]
    assert stale["resolved_late"] < live["resolved_late"]
    stats = aggregates.rebuild(date(2026, 1, 1))
    assert stats["flow_rows"] == DailyFlow.objects.filter(day__gte=date(2026, 1, 1)).count()
    assert processing_report(year, "province").system_total.values == live
    assert_same_reports((Scope(), Scope(agency_ids=frozenset({march.world.justice.pk}))))


def test_supplement_requests_are_counted_once_per_dossier_from_the_stored_days(march):
    """Asked twice in March and again in April: once in March, once in April, once in the
    quarter; the pairs the services wrote equal those the rebuild writes; a dossier moved to
    another receiving agency takes its requests along."""
    from motcua.dossiers.models import Dossier
    from motcua.reports.models import SupplementRequestDay

    w = march.world

    def asked(period):
        report = processing_report(period, "agency")
        return {row.key: row.values["supplement_requested"] for row in report.rows}

    months = (periods.month(2026, 3), periods.month(2026, 4))
    longer = (periods.quarter(2026, 1), periods.quarter(2026, 2), periods.year(2026))
    before = {period: asked(period) for period in (*months, *longer)}
    dossier = receive_dossier(
        agency=w.justice,
        procedure_version=w.version,
        channel="counter",
        applicant=ApplicantData(name="Lê Văn Cường", phone="0912345678"),
        actor=w.reception,
        present_documents=[w.form.pk, w.id_card.pk],
        at=at(2026, 3, 2, 8),
    )
    perform_action(dossier, "accept", w.reception, at=at(2026, 3, 2, 9))
    perform_action(
        dossier, "assign", w.head, data={"assignee": w.specialist.pk}, at=at(2026, 3, 2, 9)
    )
    for requested, answered in (
        (at(2026, 3, 3, 9), at(2026, 3, 4, 9)),
        (at(2026, 3, 5, 9), at(2026, 4, 1, 9)),
    ):
        perform_action(dossier, "request_supplement", w.specialist, note="Thiếu", at=requested)
        perform_action(dossier, "submit_supplement", w.reception, at=answered)
    perform_action(dossier, "request_supplement", w.specialist, note="Thiếu", at=at(2026, 4, 2, 9))
    # Completed and asked again the same day: one pair, two requests.
    perform_action(dossier, "submit_supplement", w.reception, at=at(2026, 4, 2, 10))
    perform_action(dossier, "request_supplement", w.specialist, note="Thiếu", at=at(2026, 4, 2, 11))
    mine = SupplementRequestDay.objects.filter(dossier=dossier)
    written = sorted(mine.values_list("day", "dossier_id", "agency_id"))
    assert written == [
        (date(2026, 3, 3), dossier.pk, w.justice.pk),
        (date(2026, 3, 5), dossier.pk, w.justice.pk),
        (date(2026, 4, 2), dossier.pk, w.justice.pk),
    ]

    def added(period, agency):
        counts = asked(period)
        return counts.get(agency.pk, 0) - before[period].get(agency.pk, 0)

    assert list(mine.order_by("day").values_list("requests", flat=True)) == [1, 1, 2]
    # Once in each month, once in each longer period that holds one or both.
    assert [added(period, w.justice) for period in (*months, *longer)] == [1, 1, 1, 1, 1]
    every_pair = lambda: sorted(  # noqa: E731
        SupplementRequestDay.objects.values_list(
            "day", "dossier_id", "agency_id", "procedure_id", "requests"
        )
    )
    by_services = every_pair()
    aggregates.rebuild(date(2026, 1, 1))
    assert every_pair() == by_services

    moved = Dossier.objects.get(pk=dossier.pk)
    moved.agency = march.commune
    moved.save()
    assert set(mine.values_list("agency_id", flat=True)) == {march.commune.pk}
    assert added(periods.year(2026), march.commune) == 1
    assert added(periods.year(2026), w.justice) == 0
    assert_same_reports((Scope(), Scope(agency_ids=frozenset({march.commune.pk}))))


def test_the_open_dossiers_are_split_now_from_their_rows_as_the_event_log_splits_them(world):
    """A period still running judges "in progress" now: from the open dossiers' due times and
    paused clocks, which must say what the event log says, and the list behind each number
    holds exactly the dossiers it counts."""
    from django.utils import timezone

    from motcua.reports.selectors import dossiers_behind

    w = world
    now = timezone.now()

    def received(days_ago):
        dossier = receive_dossier(
            agency=w.justice,
            procedure_version=w.version,
            channel="counter",
            applicant=ApplicantData(name="Lê Văn Cường", phone="0912345678"),
            actor=w.reception,
            present_documents=[w.form.pk, w.id_card.pk],
            at=now - timedelta(days=days_ago),
        )
        accepted = now - timedelta(days=days_ago) + timedelta(minutes=5)
        perform_action(dossier, "accept", w.reception, at=accepted)
        return dossier, accepted

    overdue, _ = received(40)  # 3 working days allowed: long past due
    not_due, _ = received(0.01)
    paused, accepted = received(1)
    perform_action(paused, "assign", w.head, data={"assignee": w.specialist.pk}, at=accepted)
    perform_action(
        paused, "request_supplement", w.specialist, note="Thiếu", at=accepted + timedelta(hours=1)
    )
    resumed, accepted = received(30)
    perform_action(resumed, "assign", w.head, data={"assignee": w.specialist.pk}, at=accepted)
    perform_action(
        resumed, "request_supplement", w.specialist, note="Thiếu", at=accepted + timedelta(hours=1)
    )
    perform_action(resumed, "submit_supplement", w.reception, at=now - timedelta(hours=1))

    period = periods.custom(timezone.localdate(now) - timedelta(days=60), timezone.localdate(now))
    stored = processing_report(period, "province").rows[0].values
    live = processing_report(period, "province", live=True).rows[0].values
    split = ("in_progress_not_due", "in_progress_overdue", "in_progress_awaiting_supplement")
    assert {key: stored[key] for key in split} == {
        "in_progress_not_due": 2,
        "in_progress_overdue": 1,
        "in_progress_awaiting_supplement": 1,
    }
    assert stored == live
    behind = {key: set(dossiers_behind(key, period)) for key in split}
    assert behind == {
        "in_progress_not_due": {not_due, resumed},
        "in_progress_overdue": {overdue},
        "in_progress_awaiting_supplement": {paused},
    }


def test_the_stored_processing_times_give_the_per_dossier_figures(march):
    """The dashboards' slowest procedures and steps read from the stored monthly histograms
    equal the ones computed from the rows: with months stored whole or up to a watermark, after
    a back-dated move and a corrected result (which drop the months they touch), and with
    another working calendar (which makes every stored month unusable)."""
    from motcua.dossiers.models import Dossier
    from motcua.reports import dashboards, durations
    from motcua.reports.dashboards import DashboardScope
    from motcua.worktime.models import CalendarDecision

    generate(march)
    province = DashboardScope()
    justice = DashboardScope(agency_ids=frozenset({march.world.justice.pk}))
    commune = DashboardScope(agency_ids=frozenset({march.commune.pk}))
    checked = (periods.month(2026, 3), periods.quarter(2026, 1), periods.quarter(2026, 2))
    checked += (periods.year(2026),)

    def assert_same():
        for period in checked:
            for read in (dashboards.slowest_procedures, dashboards.slowest_steps):
                for scope in (province, justice, commune):
                    stored, live = read(period, scope), read(period, scope, live=True)
                    assert stored == live, (read, period, scope)

    def stored(kind):
        return set(DurationMonth.objects.filter(kind=kind).values_list("month", flat=True))

    assert_same()  # nothing stored yet: every month from the rows
    call_command("rebuild_report_aggregates", "--from", "2026-01-01")
    assert {date(2026, m, 1) for m in range(1, 6)} <= stored("procedure") & stored("step")
    assert dashboards.slowest_procedures(periods.quarter(2026, 1), province)  # not empty
    assert dashboards.slowest_steps(periods.quarter(2026, 1), commune)
    assert_same()

    # March stored only up to its 15th (as the job stores a month under way): the rest of it
    # is counted from the rows on reading.
    for kind in durations.KINDS:
        assert durations.store_month(date(2026, 3, 1), kind, now=at(2026, 3, 15, 12))
    assert_same()

    # A move back-dated to 02/04 drops the stored steps of April on; March's stay.
    late = march.L
    perform_action(late, "withdraw", march.world.reception, note="Rút", at=at(2026, 4, 2, 9))
    assert date(2026, 3, 1) in stored("step") and date(2026, 4, 1) not in stored("step")
    assert_same()
    # The first result corrected to 30 hours earlier: its month's procedure times are dropped.
    resolved = Dossier.objects.filter(outcome="approved").earliest("completed_at")
    month = aggregates.local_day(resolved.completed_at).replace(day=1)
    assert month in stored("procedure")
    resolved.completed_at -= timedelta(hours=30)
    resolved.save()
    assert month not in stored("procedure")
    assert_same()

    # A dossier moved to another receiving agency: its stays and result count there now.
    moved = Dossier.objects.filter(agency=march.world.justice, outcome="approved").first()
    moved.agency = march.commune
    moved.save()
    assert_same()

    # The job stores the dropped months again, newest first, a few at a time.
    stored_again = durations.refresh(limit=50)
    assert (date(2026, 4, 1), "step") in stored_again and (month, "procedure") in stored_again
    assert_same()

    # A holiday decided since: the stored months were measured on another calendar.
    CalendarDecision.objects.create(
        date=date(2026, 3, 4),
        kind=CalendarDecision.Kind.DAY_OFF,
        reason=CalendarDecision.ReasonChoice.COMPENSATORY,
        name="Nghỉ bù",
        source="Thử",
    )
    assert durations.stored_histogram(durations.STEP, periods.month(2026, 3)) == (
        durations.step_histogram(periods.month(2026, 3).start, periods.month(2026, 3).end, province)
    )
    assert_same()


def _everything_stored():
    def rows(queryset):  # the province's own rows have no agency: order by their text
        return sorted(queryset, key=repr)

    return {
        "flows": rows(
            DailyFlow.objects.values_list(
                "day", "agency_id", "procedure_id", "received", "resolved", "resolved_late"
            )
        ),
        "months": rows(MonthlyFlow.objects.values_list("day", "agency_id", "received")),
        "backlogs": rows(Backlog.objects.values_list("day", "agency_id", "procedure_id")),
        "durations": rows(
            DurationCount.objects.values_list(
                "month", "kind", "agency_id", "key", "tenths", "count"
            )
        ),
        "duration_months": rows(DurationMonth.objects.values_list("month", "kind")),
    }


@pytest.mark.django_db(transaction=True)
def test_the_rebuild_on_two_connections_stores_what_one_connection_stores(march):
    """``--jobs 2`` (the processing times on a second connection) gives the very rows of the
    plain rebuild, processing times included, and every report still equals the per-dossier
    count."""
    generate(march)
    call_command("rebuild_report_aggregates", "--from", "2026-01-01")
    one = _everything_stored()
    assert one["durations"] and one["flows"] and one["backlogs"]
    DurationCount.objects.all().delete()
    DailyFlow.objects.all().delete()
    call_command("rebuild_report_aggregates", "--from", "2026-01-01", "--jobs", "2")
    assert _everything_stored() == one
    assert_same_reports()


def test_a_rebuild_on_two_connections_is_refused_inside_a_transaction(march):
    """The other connections would not see this transaction's rows: refused, not half done;
    a number of connections out of range is refused by the command."""
    with pytest.raises(RuntimeError, match="inside a transaction"):
        aggregates.rebuild(date(2026, 1, 1), jobs=2)
    with pytest.raises(CommandError, match="from 1 to 8"):
        call_command("rebuild_report_aggregates", "--jobs", "0")
