"""Deadlines around the 2026 days off, on the civil-service calendar built from the shared CSV.

Sources of the days (rows of /work/shared/data/calendar/vn_public_holidays_2024_2026.csv):
* Tết 2026: weekdays 16-20/02 off, so 14/02-22/02 with the weekends (Thủ tướng's approved
  plan for civil servants, Cổng TTĐT Chính phủ, 10/2025);
* 01/01 holiday, 02/01 swapped off and Saturday 10/01 worked (Công văn 12729/VPCP-KGVX
  25/12/2025);
* Giỗ Tổ 26/04 (Sunday) with the compensatory Monday 27/04 (Labour Code 2019 Art 111(3));
  30/04 and 01/05 (Thursday, Friday);
* Quốc khánh 01-02/09, Monday 31/08 swapped off, Saturday 22/08 worked;
* 24/11 Ngày Văn hóa Việt Nam (Tuesday).
"""

from datetime import date

import pytest

from .support import vn


@pytest.mark.parametrize(
    ("start", "days", "hours", "due"),
    [
        # Tết: Friday 13/02 is the last working day, Monday 23/02 the next.
        (vn(2026, 2, 12, 10), 2, 0, vn(2026, 2, 23, 10)),
        (vn(2026, 2, 13, 16, 45), 1, 0, vn(2026, 2, 23, 16, 45)),
        (vn(2026, 2, 13, 16, 45), 0, 1, vn(2026, 2, 23, 8, 15)),
        (vn(2026, 2, 17, 9, 0), 1, 0, vn(2026, 2, 23, 17, 0)),  # received during Tết
        (vn(2026, 2, 13, 12, 0), 0, 2, vn(2026, 2, 13, 15, 0)),  # lunch break before Tết
        # New Year: 01/01 and the swapped 02/01 off; Saturday 10/01 worked.
        (vn(2025, 12, 31, 10), 2, 0, vn(2026, 1, 6, 10)),
        (vn(2026, 1, 9, 10), 1, 0, vn(2026, 1, 10, 10)),
        (vn(2026, 1, 9, 14), 1, 0, vn(2026, 1, 10, 14)),  # make-up Saturday: full periods
        (vn(2026, 1, 9, 16), 0, 2, vn(2026, 1, 10, 8, 30)),
        # Giỗ Tổ (Sunday 26/04) with the compensatory Monday, then 30/04 and 01/05.
        (vn(2026, 4, 24, 10), 1, 0, vn(2026, 4, 28, 10)),
        (vn(2026, 4, 29, 10), 1, 0, vn(2026, 5, 4, 10)),
        (vn(2026, 4, 29, 16), 0.5, 0, vn(2026, 5, 4, 10, 30)),
        # Quốc khánh: Monday 31/08 (swapped), 01/09 and 02/09 off; Saturday 22/08 worked.
        (vn(2026, 8, 21, 10), 1, 0, vn(2026, 8, 22, 10)),
        (vn(2026, 8, 28, 10), 1, 0, vn(2026, 9, 3, 10)),
        (vn(2026, 8, 28, 10), 3, 0, vn(2026, 9, 7, 10)),
        # Ngày Văn hóa Việt Nam, Tuesday 24/11.
        (vn(2026, 11, 23, 10), 1, 0, vn(2026, 11, 25, 10)),
    ],
)
def test_due_time_around_the_2026_days_off(civil_service, start, days, hours, due):
    assert civil_service.add_working_time(start, days=days, hours=hours) == due


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-02-13", True),
        ("2026-02-14", False),
        ("2026-02-16", False),
        ("2026-02-20", False),
        ("2026-02-22", False),
        ("2026-02-23", True),
        ("2026-01-02", False),
        ("2026-01-10", True),
        ("2026-04-27", False),
        ("2026-08-22", True),
        ("2026-08-31", False),
        ("2026-11-24", False),
    ],
)
def test_working_days_of_2026(civil_service, day, working):
    assert civil_service.is_working_day(date.fromisoformat(day)) is working
