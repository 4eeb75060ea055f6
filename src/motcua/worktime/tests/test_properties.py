"""Properties of deadline arithmetic that must hold on any calendar (hypothesis).

They are the reason for the day model in calendar.py: the due time is working time or a period
end; adding a then b equals adding a + b; the working time between a start and its due time is
the duration; the due time never goes back when the start or the duration grows.
"""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.worktime.calendar import VIETNAM_TZ
from motcua.worktime.lunar import lunar_to_solar, solar_to_lunar

CALENDARS = ["plain_week", "civil_service", "saturday_mornings"]
FAST = settings(deadline=None, max_examples=300, database=None)

# Instants from 2024 to 2027: any minute, or a day at a tricky clock time (period edges,
# lunch, night), so the edges are hit often.
_EDGES = [time(7, 30), time(11, 30), time(12, 0), time(13, 0), time(17, 0), time(6, 0), time(20)]
any_minute = st.integers(0, 4 * 365 * 24 * 60 - 1).map(
    lambda m: datetime(2024, 1, 1, tzinfo=VIETNAM_TZ) + timedelta(minutes=m)
)
edge_time = st.builds(
    lambda d, t: datetime.combine(date(2024, 1, 1) + timedelta(days=d), t, tzinfo=VIETNAM_TZ),
    st.integers(0, 4 * 365 - 1),
    st.sampled_from(_EDGES),
)
instants = st.one_of(any_minute, edge_time)
minutes = st.integers(0, 30 * 8 * 60)  # up to 30 working days, in minutes


def is_period_end(cal, t):
    return any(t.time() == end for _, end in cal.periods_on(t.date()))


@pytest.mark.parametrize("name", CALENDARS)
@FAST
@given(start=instants, m=minutes)
def test_due_time_is_working_time_or_exactly_a_period_end(request, name, start, m):
    cal = request.getfixturevalue(name)
    due = cal.add_working_time(start, minutes=m)
    assert cal.is_working_time(due) or is_period_end(cal, due)
    assert due >= start


@pytest.mark.parametrize("name", CALENDARS)
@FAST
@given(start=instants, a=minutes, b=minutes)
def test_adding_a_then_b_equals_adding_a_plus_b(request, name, start, a, b):
    cal = request.getfixturevalue(name)
    once = cal.add_working_time(start, minutes=a + b)
    assert cal.add_working_time(cal.add_working_time(start, minutes=a), minutes=b) == once


@pytest.mark.parametrize("name", CALENDARS)
@FAST
@given(start=instants, half_days=st.integers(0, 60), b=minutes)
def test_half_days_and_minutes_add_up_too(request, name, start, half_days, b):
    cal = request.getfixturevalue(name)
    days = half_days / 2
    step = cal.add_working_time(cal.add_working_time(start, days=days), minutes=b)
    assert step == cal.add_working_time(start, days=days, minutes=b)


@pytest.mark.parametrize("name", CALENDARS)
@FAST
@given(start=instants, m=minutes)
def test_working_time_between_start_and_due_is_the_duration(request, name, start, m):
    cal = request.getfixturevalue(name)
    due = cal.add_working_time(start, minutes=m)
    assert cal.working_time_between(start, due) == timedelta(minutes=m)
    assert cal.working_time_between(due, start) == -timedelta(minutes=m)


@pytest.mark.parametrize("name", CALENDARS)
@FAST
@given(a=instants, b=instants, m=minutes)
def test_due_time_is_monotonic_in_the_start(request, name, a, b, m):
    cal = request.getfixturevalue(name)
    early, late = min(a, b), max(a, b)
    assert cal.add_working_time(early, minutes=m) <= cal.add_working_time(late, minutes=m)


@pytest.mark.parametrize("name", CALENDARS)
@FAST
@given(start=instants, a=minutes, b=minutes)
def test_due_time_is_monotonic_in_the_duration(request, name, start, a, b):
    cal = request.getfixturevalue(name)
    short, long = min(a, b), max(a, b)
    assert cal.add_working_time(start, minutes=short) <= cal.add_working_time(start, minutes=long)


@pytest.mark.parametrize("name", ["plain_week", "civil_service"])
@FAST
@given(start=any_minute, n=st.integers(1, 30))
def test_n_days_from_a_working_instant_is_the_nth_working_day_at_the_same_time(
    request, name, start, n
):
    # "Monday 10:00 + 2 days = Wednesday 10:00" on calendars whose days are all standard days.
    cal = request.getfixturevalue(name)
    if not cal.is_working_time(start) or start.time() in (time(7, 30), time(13, 0)):
        return  # outside working time, or at a period start (which is also a period end)
    day = start.date()
    for _ in range(n):
        day = cal.next_working_day(day)
    assert cal.add_working_time(start, days=n) == datetime.combine(
        day, start.timetz().replace(tzinfo=None), tzinfo=VIETNAM_TZ
    )


@settings(deadline=None, max_examples=200, database=None)
@given(st.dates(min_value=date(1968, 1, 1), max_value=date(2099, 12, 31)))
def test_lunar_dates_round_trip(d):
    lunar = solar_to_lunar(d)
    assert lunar_to_solar(lunar.year, lunar.month, lunar.day, lunar.leap) == d
