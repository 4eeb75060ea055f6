"""The province's working calendar as a line PostgreSQL can measure on: working time glued end
to end, one day = the standard day's working hours (as ``worktime`` measures deadlines).

What it is for: the dashboards' processing times and backlog ages are in working days. The
calendar is turned into two small arrays (the working time at the start of each date, and which
working hours each date has) that PostgreSQL indexes per row (``WorkingLine.position_sql``), so no
dossier is read into Python; and a number of working days before an instant becomes an instant
(``WorkingLine.latest_at``), so a threshold is a plain comparison of a column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from motcua.worktime.selectors import FIRST_YEAR, calendar_for


@dataclass(frozen=True)
class WorkingLine:
    """The working calendar over ``[first, last]`` as arrays PostgreSQL can index: for the i-th
    date (1-based), ``starts[i]`` is the working time in days from ``first`` 00:00 to that date's
    00:00, and ``shapes[i]`` the index (1-based, 0 = no work) of its working periods in
    ``periods`` (seconds since midnight)."""

    first: date
    last: date
    starts: tuple[float, ...]
    shapes: tuple[int, ...]
    periods: tuple[tuple[tuple[int, int], ...], ...]
    day_seconds: int
    tz: str

    def position_sql(self, column_sql: str) -> tuple[str, list]:
        """SQL giving the instant ``column_sql`` as a position on the working line (days)."""
        local = f"(({column_sql}) AT TIME ZONE %s)"
        index = f"(({local})::date - %s::date + 1)"
        seconds = f"EXTRACT(EPOCH FROM ({local})::time)"
        params_index = [self.tz, self.first]
        cases, case_params = [], []
        for number, periods in enumerate(self.periods, start=1):
            parts = " + ".join(
                f"(LEAST(GREATEST({seconds}, {start}), {end}) - {start})" for start, end in periods
            )
            cases.append(f"WHEN {number} THEN ({parts}) / {float(self.day_seconds)}")
            case_params += [self.tz] * len(periods)
        if not cases:  # no working hours on the whole line (a weekend, say)
            return f"((%s::float8[])[{index}])", [list(self.starts), *params_index]
        sql = f"((%s::float8[])[{index}] + CASE (%s::int[])[{index}] {' '.join(cases)} ELSE 0 END)"
        params = [list(self.starts), *params_index, list(self.shapes), *params_index]
        return sql, params + case_params

    def position(self, instant: datetime) -> float:
        """The same position computed in Python (for "now")."""
        from zoneinfo import ZoneInfo

        local = instant.astimezone(ZoneInfo(self.tz))
        index = (local.date() - self.first).days
        if not 0 <= index < len(self.starts):
            raise ValueError(f"{instant} is outside the working line")
        shape = self.shapes[index]
        seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        inside = 0.0
        if shape:
            for start, end in self.periods[shape - 1]:
                inside += min(max(seconds, start), end) - start
        return self.starts[index] + inside / self.day_seconds

    def latest_at(self, position: float) -> datetime:
        """The latest instant whose position is at most ``position`` (to the microsecond), so
        that ``position(t) <= p`` exactly when ``t <= latest_at(p)``: where ``position`` falls
        at the end of a day's or a morning's work, the end of the non-working stretch after it.
        A threshold on working time becomes a comparison of a column with an instant, which
        needs no working time computed per row."""
        from bisect import bisect_right
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(self.tz)
        index = bisect_right(self.starts, position) - 1
        if index < 0:  # before the line: no instant of it qualifies
            return datetime.combine(self.first, time.min, tz) - timedelta(microseconds=1)
        remaining = (position - self.starts[index]) * self.day_seconds
        shape = self.shapes[index]
        for start, end in self.periods[shape - 1] if shape else ():
            if remaining < end - start:
                day = self.first + timedelta(days=index)
                microseconds = int((start + remaining) * 1_000_000)
                return datetime.combine(day, time.min, tz) + timedelta(microseconds=microseconds)
            remaining -= end - start
        for later in range(index + 1, len(self.starts)):  # the next working period's start
            if self.shapes[later]:
                day = self.first + timedelta(days=later)
                start = self.periods[self.shapes[later] - 1][0][0]
                return datetime.combine(day, time.min, tz) + timedelta(seconds=start)
        return datetime.combine(self.last + timedelta(days=1), time.min, tz)


def working_line(first: date, last: date) -> WorkingLine:
    """The province's working calendar (default working hours) from ``first`` to ``last``."""
    calendar = calendar_for(None)
    tz = calendar.tz
    origin = timezone.make_aware(datetime.combine(first, datetime.min.time()), tz)
    day_seconds = calendar.standard_day.total_seconds()
    starts, shapes, periods = [], [], []
    day = first
    while day <= last:
        midnight = timezone.make_aware(datetime.combine(day, datetime.min.time()), tz)
        starts.append(calendar.working_time_between(origin, midnight).total_seconds() / day_seconds)
        day_periods = tuple(
            (s.hour * 3600 + s.minute * 60 + s.second, e.hour * 3600 + e.minute * 60 + e.second)
            for s, e in calendar.periods_on(day)
        )
        if not day_periods:
            shapes.append(0)
        else:
            if day_periods not in periods:
                periods.append(day_periods)
            shapes.append(periods.index(day_periods) + 1)
        day += timedelta(days=1)
    return WorkingLine(
        first=first,
        last=last,
        starts=tuple(starts),
        shapes=tuple(shapes),
        periods=tuple(periods),
        day_seconds=int(day_seconds),
        tz=str(tz),
    )


def calendar_line(end: datetime) -> WorkingLine:
    """A working line from the calendar's first year to ``end``: long enough for any stay or
    processing time, without reading the rows for their earliest instant first."""
    last = timezone.localdate(end) + timedelta(days=1)
    return working_line(min(date(FIRST_YEAR, 1, 1), last), last)
