"""Working days, working periods, the cut-off rule and the on-time classification."""

from datetime import date, time, timedelta

import pytest

from motcua.worktime.calendar import Timeliness, WorkCalendar

from .support import vn


def test_is_working_time_uses_half_open_periods(plain_week):
    assert plain_week.is_working_time(vn(2026, 3, 2, 7, 30))
    assert plain_week.is_working_time(vn(2026, 3, 2, 11, 29))
    assert not plain_week.is_working_time(vn(2026, 3, 2, 11, 30))
    assert not plain_week.is_working_time(vn(2026, 3, 2, 12, 0))
    assert plain_week.is_working_time(vn(2026, 3, 2, 13, 0))
    assert not plain_week.is_working_time(vn(2026, 3, 2, 17, 0))
    assert not plain_week.is_working_time(vn(2026, 3, 7, 9, 0))  # Saturday


@pytest.mark.parametrize(
    ("t", "period"),
    [
        (vn(2026, 3, 2, 6), (vn(2026, 3, 2, 7, 30), vn(2026, 3, 2, 11, 30))),
        (vn(2026, 3, 2, 9), (vn(2026, 3, 2, 7, 30), vn(2026, 3, 2, 11, 30))),
        (vn(2026, 3, 2, 11, 30), (vn(2026, 3, 2, 13), vn(2026, 3, 2, 17))),
        (vn(2026, 3, 6, 17), (vn(2026, 3, 9, 7, 30), vn(2026, 3, 9, 11, 30))),
        (vn(2026, 3, 8, 20), (vn(2026, 3, 9, 7, 30), vn(2026, 3, 9, 11, 30))),
    ],
)
def test_next_working_period_is_the_current_or_next_one(plain_week, t, period):
    assert plain_week.next_working_period(t) == period


def test_working_days_between_counts_a_half_open_range(civil_service):
    # Official Tết 2026: 16-20/02 off (Monday-Friday). Source: the shared CSV.
    assert civil_service.working_days_between(date(2026, 2, 9), date(2026, 2, 16)) == 5
    assert civil_service.working_days_between(date(2026, 2, 16), date(2026, 2, 23)) == 0
    assert civil_service.working_days_between(date(2026, 2, 23), date(2026, 2, 9)) == -5
    # January 2026: 1/1 holiday, 2/1 swapped off, Saturday 10/1 worked (Công văn 12729/VPCP-KGVX).
    assert civil_service.working_days_between(date(2026, 1, 1), date(2026, 1, 12)) == 6


def test_next_and_previous_working_day_skip_days_off(civil_service):
    assert civil_service.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert civil_service.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)
    assert civil_service.next_working_day(date(2026, 1, 9)) == date(2026, 1, 10)


def test_make_up_saturday_works_the_standard_periods(civil_service):
    # Saturday 10/01/2026 is worked for Friday 02/01 (Công văn 12729/VPCP-KGVX 25/12/2025).
    assert civil_service.periods_on(date(2026, 1, 10)) == (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )
    assert civil_service.day_note(date(2026, 1, 10)).reason == "make_up"


def test_an_extra_saturday_works_a_full_day_even_where_saturdays_are_short():
    day = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    weekly = {**dict.fromkeys(range(5), day), 5: ((time(7, 30), time(11, 30)),)}
    cal = WorkCalendar(weekly, extra_working_days=[date(2026, 3, 7)])
    assert cal.periods_on(date(2026, 3, 7)) == day
    assert cal.periods_on(date(2026, 3, 14)) == ((time(7, 30), time(11, 30)),)


def test_a_date_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError, match="both off and extra"):
        WorkCalendar(days_off=[date(2026, 3, 7)], extra_working_days=[date(2026, 3, 7)])


def test_overlapping_periods_are_rejected():
    with pytest.raises(ValueError, match="overlap"):
        WorkCalendar({0: ((time(7, 30), time(12, 0)), (time(11, 0), time(17, 0)))})


def test_working_duration_uses_the_standard_day():
    short_days = WorkCalendar(standard_periods=((time(8), time(12)), (time(13), time(16))))
    assert short_days.standard_day == timedelta(hours=7)
    assert short_days.working_duration(days=2, hours=1) == timedelta(hours=15)


# The 15:00 cut-off: paper dossiers received after 15:00 are transferred at the start of the
# next working day (Decree 61/2018, REQUIREMENTS.md §3 [V]); per procedure, not for all (§6).
CUTOFF = time(15, 0)


@pytest.mark.parametrize(
    ("received", "counts_from"),
    [
        (vn(2026, 3, 2, 14, 59), vn(2026, 3, 2, 14, 59)),
        (vn(2026, 3, 2, 15, 0), vn(2026, 3, 2, 15, 0)),  # "after 15:00": 15:00 is not after
        (vn(2026, 3, 2, 15, 1), vn(2026, 3, 3, 7, 30)),
        (vn(2026, 3, 6, 15, 30), vn(2026, 3, 9, 7, 30)),  # Friday -> Monday
        (vn(2026, 3, 2, 12, 0), vn(2026, 3, 2, 13, 0)),  # lunch, before the cut-off
        (vn(2026, 3, 2, 6, 45), vn(2026, 3, 2, 7, 30)),  # before opening
        (vn(2026, 3, 7, 9, 0), vn(2026, 3, 9, 7, 30)),  # Saturday
    ],
)
def test_the_15_00_cutoff_moves_late_receipts_to_the_next_working_day(
    plain_week, received, counts_from
):
    assert plain_week.effective_start(received, CUTOFF) == counts_from


def test_the_cutoff_before_tet_moves_the_start_past_the_holiday(civil_service):
    # Friday 13/02/2026 15:30: next working day is Monday 23/02 (Tết 16-20/02, shared CSV).
    assert civil_service.effective_start(vn(2026, 2, 13, 15, 30), CUTOFF) == vn(2026, 2, 23, 7, 30)


def test_without_cutoff_a_receipt_after_15_00_counts_at_once(plain_week):
    assert plain_week.effective_start(vn(2026, 3, 2, 15, 30)) == vn(2026, 3, 2, 15, 30)


# Trước hạn / đúng hạn / quá hạn (form 05, Circular 01/2018/TT-VPCP; rule in classify()).
@pytest.mark.parametrize(
    ("completed", "due", "expected"),
    [
        (vn(2026, 3, 3, 16, 0), vn(2026, 3, 4, 10, 0), Timeliness.EARLY),  # the day before
        (vn(2026, 3, 4, 8, 0), vn(2026, 3, 4, 10, 0), Timeliness.ON_TIME),  # due day, earlier
        (vn(2026, 3, 4, 10, 0), vn(2026, 3, 4, 10, 0), Timeliness.ON_TIME),  # exactly at due
        (vn(2026, 3, 4, 10, 1), vn(2026, 3, 4, 10, 0), Timeliness.LATE),
        (vn(2026, 3, 5, 8, 0), vn(2026, 3, 4, 17, 0), Timeliness.LATE),
        (vn(2026, 3, 7, 9, 0), vn(2026, 3, 9, 10, 0), Timeliness.EARLY),  # a Saturday before
    ],
)
def test_classify_completion_against_the_due_time(plain_week, completed, due, expected):
    assert plain_week.classify(completed, due) is expected
