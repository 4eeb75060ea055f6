"""The dossier clock rules (Decree 61/2018 Art 15-19, kept by Decree 118/2025; REQUIREMENTS.md
§3 and §6), on a plain Monday-Friday week. March 2026: Monday 2, 9, 16."""

from datetime import datetime, time, timedelta

import pytest

from motcua.worktime.clock import (
    ClockError,
    ExtensionAlreadyUsed,
    ExtensionTooLate,
    extend_once,
    pause,
    restart_after_supplement,
    resume,
    start_clock,
    step_deadline,
)

from .support import vn


def test_clock_starts_at_receipt_and_runs_the_statutory_time(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 10), days=5)
    assert clock.counting_from == vn(2026, 3, 2, 10)
    assert clock.due_at == vn(2026, 3, 9, 10)
    assert clock.statutory == timedelta(hours=40)


def test_clock_with_the_15_00_cutoff_starts_next_working_day(plain_week):
    # Received Friday 15:30 for a procedure with the 15:00 cut-off: counting from Monday 07:30.
    clock = start_clock(plain_week, vn(2026, 3, 6, 15, 30), days=5, cutoff=time(15))
    assert clock.counting_from == vn(2026, 3, 9, 7, 30)
    assert clock.due_at == vn(2026, 3, 13, 17)


def test_hour_durations_02_gio_lam_viec(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 16), hours=2)
    assert clock.due_at == vn(2026, 3, 3, 8, 30)


def test_supplement_restarts_the_clock_from_zero(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=10)
    assert clock.due_at == vn(2026, 3, 16, 9)
    restarted = restart_after_supplement(clock, plain_week, vn(2026, 3, 5, 14))
    assert restarted.counting_from == vn(2026, 3, 5, 14)
    assert restarted.due_at == vn(2026, 3, 19, 14)  # the full 10 days again
    assert restarted.restarted_at == vn(2026, 3, 5, 14)
    assert restarted.received_at == clock.received_at


def test_restart_applies_the_procedure_cutoff(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=1, cutoff=time(15))
    restarted = restart_after_supplement(clock, plain_week, vn(2026, 3, 5, 16))
    assert restarted.counting_from == vn(2026, 3, 6, 7, 30)
    assert restarted.due_at == vn(2026, 3, 6, 17)


def test_pause_and_resume_move_the_due_time_by_the_paused_working_time(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=5)
    paused = pause(clock, vn(2026, 3, 6, 16))
    assert paused.is_paused
    resumed = resume(paused, plain_week, vn(2026, 3, 9, 9))
    # Friday 16:00 -> Monday 09:00 is 2 h 30 of working time.
    assert resumed.paused_total == timedelta(hours=2, minutes=30)
    assert resumed.due_at == vn(2026, 3, 9, 11, 30)
    assert resumed.pauses == ((vn(2026, 3, 6, 16), vn(2026, 3, 9, 9)),)
    assert not resumed.is_paused


def test_pausing_twice_or_resuming_a_running_clock_is_refused(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=5)
    with pytest.raises(ClockError, match="not paused"):
        resume(clock, plain_week, vn(2026, 3, 3, 9))
    paused = pause(clock, vn(2026, 3, 3, 9))
    with pytest.raises(ClockError, match="already paused") as caught:
        pause(paused, vn(2026, 3, 3, 10))
    assert "tạm dừng" in caught.value.message_vi


def test_a_single_extension_is_allowed_and_a_second_is_refused(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=7)  # due Wednesday 11/03 09:00
    assert clock.due_at == vn(2026, 3, 11, 9)
    # Requested Tuesday 10/03, the working day before the due day: in time.
    extended = extend_once(clock, plain_week, vn(2026, 3, 13, 17), at=vn(2026, 3, 10, 16))
    assert extended.due_at == vn(2026, 3, 13, 17)
    assert extended.original_due_at == vn(2026, 3, 11, 9)
    assert extended.extension_used
    with pytest.raises(ExtensionAlreadyUsed) as caught:
        extend_once(extended, plain_week, vn(2026, 3, 20, 17), at=vn(2026, 3, 12, 9))
    assert "only once" in str(caught.value)
    assert "một lần" in caught.value.message_vi
    assert "11/03/2026" in caught.value.message_vi


def test_an_extension_requested_on_the_due_day_is_too_late(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=7)  # due Wednesday 11/03
    with pytest.raises(ExtensionTooLate) as caught:
        extend_once(clock, plain_week, vn(2026, 3, 13, 17), at=vn(2026, 3, 11, 8))
    assert "at least one working day before" in str(caught.value)
    assert "10/03/2026" in str(caught.value)
    assert "chậm nhất 01 ngày làm việc" in caught.value.message_vi


def test_an_extension_requested_over_the_weekend_before_a_monday_due_is_too_late(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 10), days=5)  # due Monday 09/03 10:00
    with pytest.raises(ExtensionTooLate):
        extend_once(clock, plain_week, vn(2026, 3, 11, 17), at=vn(2026, 3, 7, 10))
    ok = extend_once(clock, plain_week, vn(2026, 3, 11, 17), at=vn(2026, 3, 6, 20))
    assert ok.due_at == vn(2026, 3, 11, 17)


def test_an_extension_must_move_the_due_time_later(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=7)
    with pytest.raises(ValueError, match="later"):
        extend_once(clock, plain_week, vn(2026, 3, 10, 17), at=vn(2026, 3, 5, 9))


def test_restart_keeps_the_extension_used(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=7)
    extended = extend_once(clock, plain_week, vn(2026, 3, 13, 17), at=vn(2026, 3, 5, 9))
    restarted = restart_after_supplement(extended, plain_week, vn(2026, 3, 6, 9))
    assert restarted.extension_used
    assert restarted.due_at == vn(2026, 3, 17, 9)


def test_step_deadline_never_passes_the_dossier_due_time(plain_week):
    dossier_due = vn(2026, 3, 4, 17)
    assert step_deadline(plain_week, vn(2026, 3, 2, 10), days=1, dossier_due=dossier_due) == vn(
        2026, 3, 3, 10
    )
    assert step_deadline(plain_week, vn(2026, 3, 3, 10), days=3, dossier_due=dossier_due) == (
        dossier_due
    )


def test_naive_times_are_rejected_by_the_clock_rules(plain_week):
    clock = start_clock(plain_week, vn(2026, 3, 2, 9), days=5)
    with pytest.raises(ValueError, match="naive"):
        pause(clock, datetime(2026, 3, 3, 9))
    with pytest.raises(ValueError, match="naive"):
        start_clock(plain_week, datetime(2026, 3, 2, 9), days=5)
