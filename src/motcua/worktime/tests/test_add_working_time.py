"""Deadline arithmetic on a plain Monday-Friday week (no holidays): the day model.

Working hours: 07:30-11:30 and 13:00-17:00 Monday to Friday (REQUIREMENTS.md §6 [K]); one
working day = 8 working hours. March 2026: Monday 2, Friday 6, Monday 9.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from motcua.worktime.calendar import WorkCalendar

from .support import vn


@pytest.mark.parametrize(
    ("start", "days", "hours", "due"),
    [
        # "Monday 10:00 + 2 days = Wednesday 10:00": days keep the clock time.
        (vn(2026, 3, 2, 10), 2, 0, vn(2026, 3, 4, 10)),
        (vn(2026, 3, 2, 10), 5, 0, vn(2026, 3, 9, 10)),
        (vn(2026, 3, 4, 15, 20), 3, 0, vn(2026, 3, 9, 15, 20)),
        # A period end stays on its own day: 07:30 + 1 day is 17:00 the same day.
        (vn(2026, 3, 2, 7, 30), 1, 0, vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 7, 30), 0, 4, vn(2026, 3, 2, 11, 30)),
        (vn(2026, 3, 2, 13), 1, 0, vn(2026, 3, 3, 11, 30)),
        # "02 giờ làm việc": working hours skip the lunch break and the night.
        (vn(2026, 3, 2, 10, 30), 0, 2, vn(2026, 3, 2, 14)),
        (vn(2026, 3, 2, 16), 0, 2, vn(2026, 3, 3, 8, 30)),
        # Half days: 0.5 day = 4 working hours.
        (vn(2026, 3, 2, 7, 30), 0.5, 0, vn(2026, 3, 2, 11, 30)),
        (vn(2026, 3, 2, 10), 0.5, 0, vn(2026, 3, 2, 15, 30)),
        (vn(2026, 3, 2, 14), 1.5, 0, vn(2026, 3, 4, 8, 30)),
        # Days and hours together.
        (vn(2026, 3, 2, 10), 1, 2, vn(2026, 3, 3, 13, 30)),
    ],
)
def test_due_time_of_a_start_in_working_time(plain_week, start, days, hours, due):
    assert plain_week.add_working_time(start, days=days, hours=hours) == due


def test_start_at_16_45_friday_runs_into_monday(plain_week):
    friday = vn(2026, 3, 6, 16, 45)
    assert plain_week.add_working_time(friday, hours=1) == vn(2026, 3, 9, 8, 15)
    assert plain_week.add_working_time(friday, days=1) == vn(2026, 3, 9, 16, 45)
    assert plain_week.add_working_time(friday, minutes=15) == vn(2026, 3, 6, 17)


def test_start_during_lunch_break_counts_from_afternoon(plain_week):
    lunch = vn(2026, 3, 2, 12, 10)
    assert plain_week.add_working_time(lunch, hours=1) == vn(2026, 3, 2, 14)
    assert plain_week.add_working_time(lunch, hours=4) == vn(2026, 3, 2, 17)
    assert plain_week.add_working_time(lunch, days=1) == vn(2026, 3, 3, 11, 30)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (vn(2026, 3, 2, 6, 0), vn(2026, 3, 2, 8, 30)),  # before opening: from 07:30
        (vn(2026, 3, 2, 18, 0), vn(2026, 3, 3, 8, 30)),  # evening: from next morning
        (vn(2026, 3, 7, 9, 0), vn(2026, 3, 9, 8, 30)),  # Saturday: from Monday
        (vn(2026, 3, 6, 17, 0), vn(2026, 3, 9, 8, 30)),  # exactly at closing
    ],
)
def test_start_outside_working_hours_counts_from_the_next_period(plain_week, start, due):
    assert plain_week.add_working_time(start, hours=1) == due


def test_a_due_time_at_the_end_of_the_day_stays_at_17_00(plain_week):
    due = plain_week.add_working_time(vn(2026, 3, 2, 13), hours=4)
    assert due == vn(2026, 3, 2, 17)
    assert not plain_week.is_working_time(due)


def test_zero_duration_is_the_start_or_the_next_period_start(plain_week):
    assert plain_week.add_working_time(vn(2026, 3, 2, 10)) == vn(2026, 3, 2, 10)
    assert plain_week.add_working_time(vn(2026, 3, 2, 17)) == vn(2026, 3, 2, 17)
    assert plain_week.add_working_time(vn(2026, 3, 2, 12)) == vn(2026, 3, 2, 13)
    assert plain_week.add_working_time(vn(2026, 3, 7, 12)) == vn(2026, 3, 9, 7, 30)


def test_naive_datetimes_are_rejected_with_a_clear_message(plain_week):
    with pytest.raises(ValueError, match="naive datetime"):
        plain_week.add_working_time(datetime(2026, 3, 2, 10), days=1)
    with pytest.raises(ValueError, match="naive datetime"):
        plain_week.working_time_between(datetime(2026, 3, 2, 10), vn(2026, 3, 2, 11))
    with pytest.raises(ValueError, match="naive datetime"):
        plain_week.is_working_time(datetime(2026, 3, 2, 10))


def test_other_time_zones_are_converted_and_results_are_in_vietnam_time(plain_week):
    utc_start = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    due = plain_week.add_working_time(utc_start, days=2)
    assert due == vn(2026, 3, 4, 10)
    assert due.tzinfo is plain_week.tz


def test_negative_durations_are_rejected(plain_week):
    with pytest.raises(ValueError, match="negative"):
        plain_week.add_working_time(vn(2026, 3, 2, 10), days=-1)


def test_working_time_between_is_negative_when_the_end_comes_first(plain_week):
    a, b = vn(2026, 3, 2, 10), vn(2026, 3, 4, 10)
    assert plain_week.working_time_between(a, b) == timedelta(hours=16)
    assert plain_week.working_time_between(b, a) == -timedelta(hours=16)
    # Over a weekend only working hours count: Friday 16:00 to Monday 09:00 is 2 h 30.
    assert plain_week.working_time_between(vn(2026, 3, 6, 16), vn(2026, 3, 9, 9)) == timedelta(
        hours=2, minutes=30
    )


def test_saturday_morning_is_a_working_day_that_counts_as_half_a_day(saturday_mornings):
    # Short days: a day is 8 working hours; Saturday holds 4 of them (module docstring).
    cal = saturday_mornings
    assert cal.is_working_day(vn(2026, 3, 7).date())
    assert cal.add_working_time(vn(2026, 3, 6, 10), days=1) == vn(2026, 3, 7, 10)
    assert cal.add_working_time(vn(2026, 3, 6, 14), days=1) == vn(2026, 3, 9, 8, 30)
    assert cal.add_working_time(vn(2026, 3, 7, 9), hours=3) == vn(2026, 3, 9, 8)
    assert cal.working_days_between(vn(2026, 3, 2).date(), vn(2026, 3, 9).date()) == 6


def test_a_very_long_duration_grows_the_index(plain_week):
    # 10 years of working days: the index is built lazily and grows forward.
    due = plain_week.add_working_time(vn(2026, 3, 2, 10), days=2610)
    assert due == vn(2036, 3, 3, 10)
    assert plain_week.working_time_between(vn(2026, 3, 2, 10), due) == timedelta(hours=8 * 2610)


def test_positions_stay_stable_when_the_index_grows_backwards():
    cal = WorkCalendar()
    a, b = vn(2026, 3, 2, 10), vn(2026, 3, 20, 15)
    before = cal.working_time_between(a, b)
    assert cal.previous_working_day(date(1990, 1, 1)) == date(1989, 12, 29)
    assert cal.working_time_between(a, b) == before
    assert cal.working_time_between(vn(1989, 12, 29, 16), vn(1990, 1, 1, 8)) == timedelta(
        hours=1, minutes=30
    )
