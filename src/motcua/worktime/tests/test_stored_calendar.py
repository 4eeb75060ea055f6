"""The calendar stored in the database: official decisions, agency hours, projected years."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import AdministrativeUnit, Agency
from motcua.worktime.models import CalendarDecision, WorkingPeriod, WorkingSchedule
from motcua.worktime.selectors import calendar_for, days_of_year
from motcua.worktime.services import confirm_projected_year

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def test_migration_stores_the_official_decisions_of_2024_to_2026(db):
    assert CalendarDecision.objects.filter(date__year__in=[2024, 2025, 2026]).count() == 46
    swap = CalendarDecision.objects.get(date=date(2026, 1, 2))  # Công văn 12729/VPCP-KGVX
    assert swap.kind == "day_off" and swap.reason == "swapped"
    assert "12729/VPCP-KGVX" in swap.source
    assert CalendarDecision.objects.get(date=date(2026, 1, 10)).kind == "working_day"


def test_tet_2026_is_skipped_by_the_stored_calendar(db):
    # Tết Bính Ngọ: civil servants off 14/02-22/02/2026 (weekdays 16-20 are the official days).
    assert calendar_for().add_working_time(at(2026, 2, 13), days=3) == at(2026, 2, 25)


def test_a_decision_added_in_the_admin_moves_deadlines_at_once(db):
    before = calendar_for().add_working_time(at(2026, 2, 13), days=3)
    CalendarDecision.objects.create(
        date=date(2026, 2, 24),
        kind="day_off",
        reason="holiday",
        name="Nghỉ đột xuất",
        source="Quyết định thử nghiệm",
    )
    after = calendar_for().add_working_time(at(2026, 2, 13), days=3)
    assert (before, after) == (at(2026, 2, 25), at(2026, 2, 26))


@pytest.fixture
def ward(db):
    unit = AdministrativeUnit.objects.create(code="06688", name="Phường Hạ Long", level=3)
    return Agency.objects.create(
        identifier="000.00.61.H49", name="UBND Phường Hạ Long", administrative_unit=unit
    )


def test_an_agency_receiving_on_saturday_morning_has_its_own_calendar(ward):
    schedule = WorkingSchedule.objects.create(agency=ward)
    for weekday in range(5):
        WorkingPeriod.objects.create(
            schedule=schedule, weekday=weekday, start=time(7, 30), end=time(11, 30)
        )
        WorkingPeriod.objects.create(
            schedule=schedule, weekday=weekday, start=time(13, 0), end=time(17, 0)
        )
    WorkingPeriod.objects.create(schedule=schedule, weekday=5, start=time(7, 30), end=time(11, 30))

    saturday = date(2026, 3, 7)
    assert calendar_for(ward).is_working_day(saturday)
    assert not calendar_for().is_working_day(saturday)  # the province default is Monday-Friday
    assert calendar_for(ward).is_working_time(at(2026, 3, 7, 9, 0))


def test_an_agency_without_its_own_hours_uses_the_province_default(ward):
    assert calendar_for(ward).add_working_time(at(2026, 2, 13), days=3) == at(2026, 2, 25)


def test_a_built_calendar_costs_one_query_and_follows_the_agencys_hours(
    ward, django_assert_num_queries
):
    calendar_for(ward)
    with django_assert_num_queries(1):  # the fingerprint of what the calendar is made of
        default = calendar_for(ward)
    saturday = date(2026, 3, 7)
    assert not default.is_working_day(saturday)
    schedule = WorkingSchedule.objects.create(agency=ward)
    WorkingPeriod.objects.create(schedule=schedule, weekday=5, start=time(7, 30), end=time(11, 30))
    assert calendar_for(ward).is_working_day(saturday)  # its own schedule, at once
    assert not calendar_for().is_working_day(saturday)
    period = WorkingPeriod.objects.create(
        schedule=schedule, weekday=6, start=time(7, 30), end=time(11, 30)
    )
    assert calendar_for(ward).is_working_day(date(2026, 3, 8))  # a period added
    period.delete()
    assert not calendar_for(ward).is_working_day(date(2026, 3, 8))  # and removed
    schedule.delete()
    assert calendar_for(ward) is default  # back to the province default, still built


def test_a_year_without_decisions_is_projected_and_can_be_confirmed(db):
    days, projected = days_of_year(2027)
    assert projected
    assert all(day.projected for day in days)
    assert date(2027, 2, 6) in {d.date for d in days}  # Tết Đinh Mùi, mùng 1

    stored = confirm_projected_year(2027, "Công văn thử nghiệm")
    days, projected = days_of_year(2027)
    assert not projected and len(days) == stored
    with pytest.raises(ValueError, match="already has official decisions"):
        confirm_projected_year(2027, "again")
