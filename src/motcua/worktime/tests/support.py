"""Small helpers for the worktime tests."""

from datetime import datetime

from motcua.worktime.calendar import VIETNAM_TZ


def vn(year, month, day, hour=0, minute=0):
    """An aware datetime in Asia/Ho_Chi_Minh."""
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)
