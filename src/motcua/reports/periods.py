"""Reporting periods: a month, a quarter, a year or any custom range of days.

What it is for: every report is computed over a half-open interval of instants
``[start 00:00, day after end 00:00)`` in the province's time zone, so a dossier received at
23:59 on the last day belongs to the period and one received at 00:00 the next day does not.

It must never read dossiers: it only turns what the user picked into dates and instants.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year | custom
    first_day: date
    last_day: date  # inclusive

    def __post_init__(self):
        if self.last_day < self.first_day:
            raise ValueError("a period cannot end before it starts")

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def end(self) -> datetime:
        """The first instant after the period (exclusive)."""
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))

    def as_of(self, now: datetime | None = None) -> datetime:
        """The instant "in progress" and "overdue" are judged at: the period's end, or now for
        a period that has not ended yet."""
        now = now or timezone.now()
        return min(self.end, now)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Tháng %(month)d/%(year)d") % {
                "month": self.first_day.month,
                "year": self.first_day.year,
            }
        if self.kind == "quarter":
            quarter = (self.first_day.month - 1) // 3 + 1
            return _("Quý %(quarter)s/%(year)d") % {
                "quarter": ROMAN[quarter],
                "year": self.first_day.year,
            }
        if self.kind == "year":
            return _("Năm %(year)d") % {"year": self.first_day.year}
        return _("Từ ngày %(first)s đến ngày %(last)s") % {
            "first": self.first_day.strftime("%d/%m/%Y"),
            "last": self.last_day.strftime("%d/%m/%Y"),
        }

    def query(self) -> dict[str, str]:
        """The GET parameters that select this period again (links, exports)."""
        if self.kind == "month":
            return {
                "period": "month",
                "year": str(self.first_day.year),
                "month": str(self.first_day.month),
            }
        if self.kind == "quarter":
            quarter = (self.first_day.month - 1) // 3 + 1
            return {"period": "quarter", "year": str(self.first_day.year), "quarter": str(quarter)}
        if self.kind == "year":
            return {"period": "year", "year": str(self.first_day.year)}
        return {
            "period": "custom",
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
        }


def month_starts(first_day: date, last_day: date) -> list[date]:
    """The first day of every month that ``first_day…last_day`` touches."""
    months, day = [], first_day.replace(day=1)
    while day <= last_day:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month(year: int, month_number: int) -> Period:
    last = calendar.monthrange(year, month_number)[1]
    return Period("month", date(year, month_number, 1), date(year, month_number, last))


def quarter(year: int, quarter_number: int) -> Period:
    if quarter_number not in ROMAN:
        raise ValueError("a quarter is 1 to 4")
    first_month = 3 * (quarter_number - 1) + 1
    last_month = first_month + 2
    return Period(
        "quarter",
        date(year, first_month, 1),
        date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def year(year_number: int) -> Period:
    return Period("year", date(year_number, 1, 1), date(year_number, 12, 31))


def custom(first_day: date, last_day: date) -> Period:
    return Period("custom", first_day, last_day)
