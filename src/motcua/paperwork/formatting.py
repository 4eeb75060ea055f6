"""How dates, times and money are written on Vietnamese administrative documents.

Pure functions over plain values. Dates in the body of a slip are dd/mm/yyyy; the place-and-date
line under the national motto follows Decree 30/2020/NĐ-CP (Appendix I): "ngày 05 tháng 01 năm
2026", a leading zero for days below 10 and for months 1 and 2 only. Money is grouped with dots
and followed by "đồng". These functions never look at the active Django language: a slip is a legal
Vietnamese document whatever language the officer's screen uses.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(moment: datetime) -> datetime:
    """``moment`` in Vietnam's time; a naive datetime is taken to be Vietnamese time already."""
    return moment.astimezone(VIETNAM) if moment.tzinfo is not None else moment


def as_date(value: date | datetime) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def short_date(value: date | datetime) -> str:
    """12/01/2026."""
    return as_date(value).strftime("%d/%m/%Y")


def clock_time(value: datetime) -> str:
    """08 giờ 15 phút, the wording of the forms' time fields."""
    moment = local(value)
    return f"{moment:%H} giờ {moment:%M} phút"


def time_and_date(value: datetime) -> str:
    """08 giờ 15 phút, ngày 12/01/2026 (form 01's "time received" and "time due")."""
    return f"{clock_time(value)}, ngày {short_date(value)}"


def long_date(value: date | datetime) -> str:
    """ngày 05 tháng 01 năm 2026 (Decree 30/2020: zero-pad days < 10 and months 1-2 only)."""
    day = as_date(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, value: date | datetime) -> str:
    """Quảng Ninh, ngày 12 tháng 01 năm 2026."""
    return f"{place}, {long_date(value)}"


def money(amount: int) -> str:
    """1.250.000 đồng. Amounts are whole đồng: the currency has no smaller unit in use."""
    if amount < 0:
        raise ValueError("an amount of money on a slip cannot be negative")
    return f"{amount:,}".replace(",", ".") + " đồng"


def two_digits(number: int) -> str:
    """05: document numbers below 10 carry a leading zero (Decree 30/2020, Appendix I)."""
    return f"{number:02d}"
