"""The dashboards' figures on the hand-built province (``conftest.march``), each checked against a
number computed by hand, and the dossiers behind each figure.

Working time is the calendar's: 07:30-11:30 and 13:00-17:00, Monday to Friday, one day = 8 h.
"Now" is Wednesday 01/04/2026 12:00 (lunch break: the morning is fully counted).
"""

import pytest
from django.db.models.fields.json import KT

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import at
from motcua.reports import dashboards, periods
from motcua.reports.dashboards import DashboardScope, Drill
from motcua.reports.working_line import calendar_line

pytestmark = pytest.mark.django_db

NOW = at(2026, 4, 1, 12)
MARCH = periods.month(2026, 3)
Q1 = periods.quarter(2026, 1)


def codes(queryset):
    return sorted(d.code for d in queryset)


def letters(p, names):
    return sorted(getattr(p, n).code for n in names)


def behind(p, figure, key="", state="", period=MARCH, scope=None, now=NOW):
    drill = Drill(figure=figure, key=str(key), state=state)
    return codes(dashboards.dossiers_behind(drill, period, scope or DashboardScope(), now=now))


def test_period_totals_of_the_province(march):
    totals = dashboards.period_totals(MARCH, DashboardScope(), now=NOW)
    # Received in March: C D E F G H M N at Sở Tư pháp, O at Sở Xây dựng, P at the commune.
    assert totals.received == 10
    assert totals.received_online == 2  # D online, E national portal
    assert totals.online_rate == 20.0
    # Resolved: A C D E N; in time A C E N, late D.
    assert (totals.resolved, totals.resolved_in_time, totals.resolved_late) == (5, 4, 1)
    assert totals.on_time_rate == 80.0
    # Open now: B F G L M P; overdue: B only (F waits for a supplement, the others are due later).
    assert (totals.open_total, totals.open_overdue) == (6, 1)
    assert behind(march, "received") == letters(march, "CDEFGHMNOP")
    assert behind(march, "received_online") == letters(march, "DE")
    assert behind(march, "resolved") == letters(march, "ACDEN")
    assert behind(march, "resolved_in_time") == letters(march, "ACEN")
    assert behind(march, "resolved_late") == letters(march, "D")
    assert behind(march, "open") == letters(march, "BFGLMP")
    assert behind(march, "open_overdue") == letters(march, "B")


def test_monthly_trend_of_the_first_quarter(march):
    trend = dashboards.monthly_trend(Q1, DashboardScope())
    assert [m.month.month for m in trend] == [1, 2, 3]
    january, february, mar = trend
    assert (january.received, january.resolved, january.on_time_rate) == (0, 0, None)
    # February: A B K received; K resolved early (04/02, due 05/02).
    assert (february.received, february.received_online) == (3, 0)
    assert (february.resolved, february.resolved_in_time, february.on_time_rate) == (1, 1, 100.0)
    assert february.online_rate == 0.0
    assert (mar.received, mar.received_online, mar.online_rate) == (10, 2, 20.0)
    assert (mar.resolved, mar.resolved_in_time, mar.on_time_rate) == (5, 4, 80.0)
    # A month's bar opens the same month's list.
    assert behind(march, "received", period=february.period) == letters(march, "ABK")


def test_backlog_by_working_days_since_receipt_and_overdue_days(march):
    backlog = dashboards.backlog(DashboardScope(), now=NOW)
    by_age = {b.key: b.counts for b in backlog.by_age}
    # Working days to Wed 01/04 12:00: L (01/04 09:00) 0.3; P (31/03 10:00) 1.2;
    # M (30/03 10:00) 2.2; F, G (02/03 10:00) 22.2; B (26/02 10:00) 24.2.
    assert by_age["0-3"] == {"not_due": 3, "overdue": 0, "paused": 0}
    assert (
        by_age["3-5"]
        == by_age["5-10"]
        == by_age["10-20"]
        == dict.fromkeys(dashboards.BACKLOG_STATES, 0)
    )
    assert by_age["20+"] == {"not_due": 1, "overdue": 1, "paused": 1}
    assert backlog.total == 6
    # B was due Tue 03/03 10:00: 21.2 working days late.
    assert {b.key: b.total for b in backlog.by_overdue} == {
        "0-1": 0, "1-3": 0, "3-5": 0, "5-10": 0, "10+": 1
    }  # fmt: skip
    assert behind(march, "backlog_age", "0-3", "not_due") == letters(march, "LMP")
    assert behind(march, "backlog_age", "20+", "not_due") == letters(march, "G")
    assert behind(march, "backlog_age", "20+", "overdue") == letters(march, "B")
    assert behind(march, "backlog_age", "20+", "paused") == letters(march, "F")
    assert behind(march, "backlog_overdue", "10+") == letters(march, "B")
    # Measured exactly: B has been open 24 working days and 1.5 hours (24.1875 days).
    ages = open_ages(NOW)
    assert ages[march.B.code][0] == pytest.approx(24.1875)
    assert ages[march.L.code][0] == pytest.approx(0.3125)


def open_ages(now):
    """{code: (working days since receipt, since the due time)} of the open dossiers, measured
    one by one on the working line: the reference the backlog's buckets must agree with (None
    for an instant after the line's end: a dossier received after ``now``)."""
    line = calendar_line(now)

    def days_to_now(instant):
        try:
            return line.position(now) - line.position(instant)
        except (TypeError, ValueError):  # no instant, or one after the line
            return None

    return {
        code: (days_to_now(received), days_to_now(due))
        for code, received, due in Dossier.objects.filter(dashboards.open_q()).values_list(
            "code", "received_at", "due_at"
        )
    }


def test_the_backlog_buckets_agree_with_the_working_days_measured_per_row(march):
    """The buckets compare receipt and due times with instants (no working time computed per
    row): at many instants, including the edges of working hours, lunch, a weekend and a
    bucket's bound, every dossier falls in the bucket its measured working days say."""
    ages = open_ages(NOW)
    b = march.B
    # B is 24.1875 days old at NOW: 20 working days exactly is a bucket bound.
    instants = [NOW, at(2026, 4, 1, 7, 30), at(2026, 4, 1, 11, 30), at(2026, 4, 1, 13, 0)]
    instants += [at(2026, 3, 28, 10), at(2026, 3, 30, 7, 30), at(2026, 3, 27, 17, 0)]
    instants += [at(2026, 3, 27, 13, 30), at(2026, 3, 31, 16, 59), at(2026, 4, 3, 17, 0)]
    assert ages[b.code][0] > 20
    for now in instants:
        ages = open_ages(now)
        backlog = dashboards.backlog(DashboardScope(), now=now)
        for bucket_key, low, high in dashboards.AGE_BUCKETS:
            expected = sorted(
                code for code, (age, _late) in ages.items() if age is not None
                if age >= low and (high is None or age < high)
            )  # fmt: skip
            listed = sorted(
                code
                for state in dashboards.BACKLOG_STATES
                for code in behind(march, "backlog_age", bucket_key, state, now=now)
            )
            counted = next(x for x in backlog.by_age if x.key == bucket_key).total
            assert listed == expected and counted == len(expected), (now, bucket_key)
        overdue = set(
            Dossier.objects.annotate(paused_since=KT("clock__paused_at"))
            .filter(dashboards.overdue_now_q(now))
            .values_list("code", flat=True)
        )
        for bucket_key, low, high in dashboards.OVERDUE_BUCKETS:
            expected = sorted(
                code for code, (_age, late) in ages.items() if late is not None
                if code in overdue and late >= low and (high is None or late < high)
            )  # fmt: skip
            assert behind(march, "backlog_overdue", bucket_key, now=now) == expected
            counted = next(x for x in backlog.by_overdue if x.key == bucket_key).total
            assert counted == len(expected), (now, bucket_key)


def test_slowest_procedures_in_working_days(march):
    slowest = dashboards.slowest_procedures(MARCH, DashboardScope())
    # 1.001194: D 02/03 10:00 -> 06/03 10:00 = 4 days.
    # 1.001193: C 1.0; N 02/03 10:00 -> 03/03 14:00 = 1.3125; A 25/02 10:00 -> 02/03 09:00 and
    # E 02/03 10:00 -> 05/03 09:00 = 2.875 each. Measured in tenths of a day (as shown):
    # 1.0 1.3 2.9 2.9, median 2.1, p90 2.9.
    assert [(p.code, p.count, p.median, p.p90) for p in slowest] == [
        ("1.001194", 1, 4.0, 4.0),
        ("1.001193", 4, 2.1, 2.9),
    ]
    assert behind(march, "procedure", slowest[1].procedure_id) == letters(march, "ACEN")


def test_slowest_steps_of_an_agency_from_the_event_log(march):
    construction = DashboardScope(agency_ids=frozenset({march.world.construction.pk}))
    steps = dashboards.slowest_steps(MARCH, construction)
    # O: submitted 02/03 09:00, accepted 10:00, assigned 10:00, stopped 04/03 09:00.
    assert [(s.step, s.name, s.count, s.median, s.p90) for s in steps] == [
        ("appraisal", "Thẩm định hồ sơ", 1, 1.9, 1.9),  # 0.6875 + 1 + 0.1875
        ("reception", "Tiếp nhận hồ sơ", 1, 0.1, 0.1),  # one hour
        ("assignment", "Phân công xử lý", 1, 0.0, 0.0),
    ]
    assert behind(march, "step", "appraisal", scope=construction) == letters(march, "O")


def test_the_officer_sees_their_own_work(march):
    me = DashboardScope(officer_id=march.world.specialist.pk)
    # Assigned to or acted on by the specialist: A C D E F G K N.
    totals = dashboards.period_totals(MARCH, me, now=NOW)
    assert (totals.received, totals.received_online, totals.online_rate) == (6, 2, 33.3)
    assert (totals.resolved, totals.resolved_in_time, totals.on_time_rate) == (5, 4, 80.0)
    assert (totals.open_total, totals.open_overdue) == (2, 0)  # F (paused), G
    # The appraisals the specialist ended in March: E and N 0.875, C and F 1.0, A 2.875, D 4.0,
    # measured in tenths: 0.9 0.9 1.0 1.0 2.9 4.0; p90 at rank 4.5 = 2.9 + 0.5 × 1.1 = 3.45.
    steps = dashboards.slowest_steps(MARCH, me)
    assert [(s.step, s.count, s.median, s.p90) for s in steps] == [("appraisal", 6, 1.0, 3.5)]
    assert behind(march, "step", "appraisal", scope=me) == letters(march, "ACDEFN")
    assert behind(march, "received", scope=me) == letters(march, "CDEFGN")
    # Another officer's work is not theirs.
    other = DashboardScope(officer_id=march.world.other_specialist.pk)
    assert behind(march, "received", scope=other) == letters(march, "EO")


def test_overdue_and_late_by_officer_of_the_agency(march):
    justice = DashboardScope(agency_ids=frozenset({march.world.justice.pk}))
    rows = dashboards.overdue_by_officer(MARCH, justice, now=NOW)
    # B is overdue and was never assigned; E lost its assignee when sent to Sở Xây dựng.
    assert [(r.officer_id, r.open_overdue, r.resolved, r.resolved_late) for r in rows] == [
        (None, 1, 1, 0),
        (march.world.specialist.pk, 0, 4, 1),  # A C D N, D late
    ]
    assert rows[1].on_time_rate == 75.0
    specialist = str(march.world.specialist.pk)
    assert behind(march, "officer_overdue", "", scope=justice) == letters(march, "B")
    assert behind(march, "officer_resolved", specialist, scope=justice) == letters(march, "ACDN")
    assert behind(march, "officer_resolved_late", specialist, scope=justice) == letters(march, "D")
    # An unknown figure or key is refused.
    for drill in (Drill("nope"), Drill("backlog_age", "99-100", "overdue"),
                  Drill("backlog_age", "0-3", "nope"), Drill("step", "")):  # fmt: skip
        with pytest.raises(KeyError):
            dashboards.dossiers_behind(drill, MARCH, DashboardScope(), now=NOW)
