"""explain_deadline: the due time with the days that were skipped, for citizens."""

from datetime import date, time

from motcua.worktime.explain import explain_deadline

from .support import vn


def test_a_deadline_across_tet_lists_the_weekend_and_the_holidays(civil_service):
    # Thursday 12/02/2026 + 2 days: Friday 13/02 counts, then Tết 16-20/02 (shared CSV).
    explanation = explain_deadline(civil_service, vn(2026, 2, 12, 10), days=2)
    assert explanation.due_at == vn(2026, 2, 23, 10)
    skipped = [(d.date.day, d.reason) for d in explanation.skipped_days]
    assert skipped == [
        (14, "weekly_rest"),
        (15, "weekly_rest"),
        (16, "holiday"),
        (17, "holiday"),
        (18, "holiday"),
        (19, "holiday"),
        (20, "holiday"),
        (21, "weekly_rest"),
        (22, "weekly_rest"),
    ]
    assert explanation.skipped_days[0].name == "Thứ Bảy"
    assert explanation.skipped_days[3].name == "Lunar New Year"  # the CSV's name


def test_swapped_days_and_make_up_saturdays_are_named(civil_service):
    # Công văn 12729/VPCP-KGVX: 02/01/2026 off, Saturday 10/01/2026 worked.
    explanation = explain_deadline(civil_service, vn(2025, 12, 31, 10), days=8)
    assert explanation.due_at == vn(2026, 1, 13, 10)  # Saturday 10/01 is the 6th day
    reasons = {d.date: d.reason for d in explanation.skipped_days}
    assert reasons[date(2026, 1, 1)] == "holiday"
    assert reasons[date(2026, 1, 2)] == "swapped"
    assert [(d.date, d.reason) for d in explanation.extra_working_days] == [
        (date(2026, 1, 10), "make_up")
    ]


def test_explanation_shows_the_cutoff_start(civil_service):
    explanation = explain_deadline(civil_service, vn(2026, 3, 6, 15, 30), hours=2, cutoff=time(15))
    assert explanation.counting_from == vn(2026, 3, 9, 7, 30)
    assert explanation.due_at == vn(2026, 3, 9, 9, 30)
    assert [d.reason for d in explanation.skipped_days] == ["weekly_rest", "weekly_rest"]
