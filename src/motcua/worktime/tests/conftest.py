"""Shared calendars for the worktime tests (no database, no Django)."""

from datetime import time

import pytest

from motcua.worktime.calendar import WorkCalendar
from motcua.worktime.holidays import build_calendar, read_decisions_csv
from tests.support import shared_data

# The shared data file (SOURCES.md: generated with holidays 0.109 plus 5 hand-added rows).
HOLIDAYS_CSV = "calendar/vn_public_holidays_2024_2026.csv"


@pytest.fixture(scope="session")
def decisions():
    return read_decisions_csv(shared_data(HOLIDAYS_CSV))


@pytest.fixture(scope="session")
def civil_service(decisions):
    """Monday-Friday 07:30-11:30, 13:00-17:00 with the official 2024-2026 days, 2027 projected."""
    return build_calendar(range(2024, 2028), decisions)


@pytest.fixture(scope="session")
def plain_week():
    """Monday-Friday, no holidays at all."""
    return WorkCalendar()


@pytest.fixture(scope="session")
def saturday_mornings():
    """A unit that also works Saturday 07:30-11:30 (a short day)."""
    day = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    weekly = dict.fromkeys(range(5), day)
    weekly[5] = ((time(7, 30), time(11, 30)),)
    return WorkCalendar(weekly)
