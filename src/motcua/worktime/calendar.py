"""Working time: which instants are working time, and deadline arithmetic over them.

What it is for: every legal deadline of the one-stop workflow is counted in working days or
working hours (REQUIREMENTS.md §6). A ``WorkCalendar`` knows the weekly working periods, the
days off and the extra (make-up) working days of one agency, and answers "when is Monday
10:00 + 2 working days?" and "how much working time lies between these two instants?".

What it must never do: import Django, read files or the database, or know *why* a day is off
(holiday rules live in ``holidays.py``; this module only carries a day's label for display).

The model (read this before changing anything)
-----------------------------------------------
Working time is a single line: glue every working period of every working day end to end and
measure positions on it in working microseconds. ``W(t)`` is the position of instant ``t``
(an instant outside working time has the position of the next working instant).

* **Durations.** ``hours`` and ``minutes`` are working hours and minutes. **One day is the
  working time of a standard day**: the sum of ``standard_periods`` (by default Monday-Friday
  07:30-11:30 + 13:00-17:00 = 8 h). Half days are allowed: 0.5 day = 4 h.
* **Adding.** ``add_working_time(start, d)`` is the instant whose position is ``W(start) + d``.
  So a start outside working time counts from the start of the next working period (a start
  during the lunch break counts from 13:00; Friday 17:30 counts from Monday 07:30).
* **Period ends.** A position that falls exactly between two periods belongs to two clock
  times (11:30 and 13:00; Monday 17:00 and Tuesday 07:30). The result is the **end of the
  earlier period**: Monday 07:30 + 1 day = Monday 17:00 (not Tuesday 07:30), Monday 07:30 +
  4 hours = Monday 11:30, Monday 13:00 + 1 day = Tuesday 11:30 (the same working instant as
  Tuesday 13:00). The due time is the last moment of the work, on the day it had to be done.
* **Zero duration** returns the start itself if it lies in a period *or at its end*,
  otherwise the start of the next period. This keeps ``add(add(s, a), 0) == add(s, a)``.

Why this model: the law counts days and officials expect "Monday 10:00 + 2 days = Wednesday
10:00". When every working day has the standard length, which is the case of the Monday-Friday
week, make-up Saturdays included (they use the standard periods), a day on the line *is* a
calendar working day at the same clock time, so both readings agree. And because everything is
a position on one line, the properties the tests check hold exactly (integer microseconds):
the due instant is always working time or a period end; ``add(add(s, a), b) == add(s, a + b)``;
``working_time_between(s, add(s, d)) == d``; the result is monotonic in start and duration.

Short days (e.g. a unit that also works Saturday 07:30-11:30): a Saturday is a working day
(``is_working_day`` is True, ``working_days_between`` counts it), but it holds only 4 of a
day's 8 hours, so it counts as half a day in deadlines: Friday 10:00 + 1 day = Saturday 10:00,
Friday 14:00 + 1 day = Monday 08:30. The alternative, "N-th next working day at the same clock
time", cannot be additive when days differ in length (Thursday 14:00 + 2 days would have to
land on a Saturday afternoon that does not exist, and clamping it breaks a + b), so it is not
offered. A calendar with short days suits reception hours; count legal deadlines on the
agency's Monday-Friday calendar unless its rules say otherwise.

Other rules
-----------
* ``working_time_between(a, b)`` is ``W(b) - W(a)``: **negative when b is before a** (useful
  as "working time left", which is negative once overdue).
* ``is_working_time`` uses half-open periods: 07:30 is working time, 11:30 is not.
* ``classify`` (trước hạn / đúng hạn / quá hạn): see its docstring.
* All public datetimes are timezone-aware; naive input raises ``ValueError``. Results are in the
  calendar's zone (Asia/Ho_Chi_Minh by default). Clock arithmetic is done on the local wall
  clock, which is right for Vietnam (no daylight saving since 1975); a zone with DST changes
  inside working periods is not supported.

Speed: positions come from an index of calendar days (ordinal -> working microseconds at the day
start) and of working days (cumulative start/end), built lazily in blocks of ten years and
searched with ``bisect``; the hot path has no loop over days (over 300,000 ``add_working_time``
calls per second on one core, see ``bench/bench_deadlines.py``). The index is anchored so
that positions never change when it grows, and it is swapped in whole, so a calendar can be
shared between threads.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_DAY_PERIODS",
    "DEFAULT_WEEKLY_PERIODS",
    "VIETNAM_TZ",
    "DayNote",
    "Period",
    "Timeliness",
    "WorkCalendar",
]

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

Period = tuple[time, time]
DEFAULT_DAY_PERIODS: tuple[Period, ...] = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
DEFAULT_WEEKLY_PERIODS: Mapping[int, tuple[Period, ...]] = dict.fromkeys(
    range(5), DEFAULT_DAY_PERIODS
)

_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_US_PER_HOUR = 60 * _US_PER_MINUTE
_BLOCK_YEARS = 10  # the index grows in blocks of this many years

# A day's shape: its periods as (start, end, working time before this period), all in
# microseconds since local midnight. A day off has the empty shape.
_Shape = tuple[tuple[int, int, int], ...]


class Timeliness(StrEnum):
    """How a completion compares with its due time (form 05 column "Kết quả")."""

    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn


class DayNote(NamedTuple):
    """Why a date is special, for people: ``name`` ("Mùng 1 Tết") and a free ``reason`` tag."""

    name: str
    reason: str = "day_off"


@dataclass(frozen=True, slots=True)
class _Index:
    first_ordinal: int  # first calendar day covered
    end_ordinal: int  # one past the last day covered
    day_start: list[int]  # per calendar day: position at local midnight
    day_shape: list[_Shape]  # per calendar day
    wd_ordinal: list[int]  # per working day, ascending
    wd_start: list[int]  # position at the start of its first period
    wd_end: list[int]  # position at the end of its last period
    wd_shape: list[_Shape]
    wd_midnight: list[datetime]  # aware local midnight, to build results without date math


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _us_time(us: int) -> time:
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


def _make_shape(periods: Iterable[Period], what: str) -> _Shape:
    shape = []
    before = 0
    last_end = -1
    for period in periods:
        start, end = period
        if not (isinstance(start, time) and isinstance(end, time)):
            raise TypeError(f"{what}: a period is a pair of datetime.time, got {period!r}")
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError(f"{what}: period times are local wall-clock times, without tzinfo")
        s, e = _time_us(start), _time_us(end)
        if s >= e:
            raise ValueError(f"{what}: period {start}-{end} must end after it starts")
        if s < last_end:
            raise ValueError(f"{what}: periods must be in order and must not overlap")
        shape.append((s, e, before))
        before += e - s
        last_end = e
    return tuple(shape)


def _shape_total(shape: _Shape) -> int:
    if not shape:
        return 0
    s, e, before = shape[-1]
    return before + e - s


def _offset_in_day(shape: _Shape, us: int) -> int:
    """Working microseconds of the day before wall-clock time ``us`` (in microseconds)."""
    for s, e, before in shape:
        if us <= s:
            return before
        if us < e:
            return before + us - s
    return _shape_total(shape)


def _notes(days: Iterable[date] | Mapping[date, str | DayNote], default: str) -> dict:
    items = days.items() if isinstance(days, Mapping) else ((d, default) for d in days)
    notes: dict[date, DayNote] = {}
    for d, note in items:
        if isinstance(d, datetime) or not isinstance(d, date):
            raise TypeError(f"expected a date, got {d!r}")
        notes[d] = note if isinstance(note, DayNote) else DayNote(str(note), default)
    return notes


class WorkCalendar:
    """An agency's working time: weekly periods, days off, extra working days and a time zone.

    ``weekly_periods`` maps weekday (0 = Monday) to that day's periods; a weekday that is
    missing is a weekly rest day. ``days_off`` and ``extra_working_days`` are dates, or
    mappings from date to a name or ``DayNote`` (shown to citizens by ``explain_deadline``).
    An extra working day (a make-up Saturday) works the ``standard_periods``, which default to
    the Monday-Friday periods; the standard day's length is also the length of "one day".
    """

    def __init__(
        self,
        weekly_periods: Mapping[int, Iterable[Period]] | None = None,
        days_off: Iterable[date] | Mapping[date, str | DayNote] = (),
        extra_working_days: Iterable[date] | Mapping[date, str | DayNote] = (),
        *,
        standard_periods: Iterable[Period] | None = None,
        tz: ZoneInfo | str = VIETNAM_TZ,
    ) -> None:
        weekly = DEFAULT_WEEKLY_PERIODS if weekly_periods is None else weekly_periods
        for weekday in weekly:
            if weekday not in range(7):
                raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday!r}")
        self._weekly_shapes: tuple[_Shape, ...] = tuple(
            _make_shape(weekly.get(wd, ()), f"weekday {wd}") for wd in range(7)
        )
        standard = DEFAULT_DAY_PERIODS if standard_periods is None else standard_periods
        self._standard_shape = _make_shape(standard, "standard periods")
        self._day_us = _shape_total(self._standard_shape)
        if self._day_us == 0:
            raise ValueError("the standard day must have at least one working period")
        self._off = _notes(days_off, "day_off")
        self._extra = _notes(extra_working_days, "make_up")
        both = sorted(self._off.keys() & self._extra.keys())
        if both:
            raise ValueError(f"dates both off and extra working days: {both}")
        self._tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self._index: _Index | None = None
        self._anchor: tuple[int, int] | None = None  # (ordinal, position) fixed forever
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- configuration

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    @property
    def standard_day(self) -> timedelta:
        """The working time of one day in durations (8 h by default)."""
        return timedelta(microseconds=self._day_us)

    @property
    def days_off(self) -> Mapping[date, DayNote]:
        return dict(self._off)

    @property
    def extra_working_days(self) -> Mapping[date, DayNote]:
        return dict(self._extra)

    def day_note(self, d: date) -> DayNote | None:
        """The label of a day off or extra working day, None for an ordinary day."""
        return self._off.get(d) or self._extra.get(d)

    def is_weekly_rest_day(self, d: date) -> bool:
        """True for a weekday without periods (Saturday, Sunday by default), whatever the date."""
        return not self._weekly_shapes[d.weekday()]

    def periods_on(self, d: date) -> tuple[Period, ...]:
        """The working periods of date ``d`` (empty on a day off)."""
        return tuple((_us_time(s), _us_time(e)) for s, e, _ in self._shape_for(d))

    def working_duration(self, days: float = 0, hours: float = 0, minutes: float = 0) -> timedelta:
        """A statutory duration as working time: ``days`` standard days plus hours and minutes."""
        return timedelta(microseconds=self._duration_us(days, hours, minutes))

    # ----------------------------------------------------------------- days

    def is_working_day(self, d: date) -> bool:
        """True if date ``d`` (a datetime is first taken to the calendar's zone) has periods."""
        if isinstance(d, datetime):
            d = self._local(d).date()
        return bool(self._shape_for(d))

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in ``[a, b)``; negative (minus those in ``[b, a)``) if b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        oa, ob = a.toordinal(), b.toordinal()
        self._ensure(oa)
        idx = self._ensure(ob)
        return bisect_left(idx.wd_ordinal, ob) - bisect_left(idx.wd_ordinal, oa)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        o = d.toordinal()
        idx = self._ensure(o)
        j = bisect_right(idx.wd_ordinal, o)
        while j == len(idx.wd_ordinal):
            idx = self._grow_forward()
            j = bisect_right(idx.wd_ordinal, o)
        return date.fromordinal(idx.wd_ordinal[j])

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        o = d.toordinal()
        idx = self._ensure(o)
        j = bisect_left(idx.wd_ordinal, o) - 1
        while j < 0:
            idx = self._ensure(idx.first_ordinal - 1)
            j = bisect_left(idx.wd_ordinal, o) - 1
        return date.fromordinal(idx.wd_ordinal[j])

    # ----------------------------------------------------------------- instants

    def is_working_time(self, t: datetime) -> bool:
        """True if ``t`` lies in a working period (periods are half-open: [07:30, 11:30))."""
        local = self._local(t)
        us = _time_us(local.time())
        return any(s <= us < e for s, e, _ in self._shape_for(local.date()))

    def next_working_period(self, t: datetime) -> tuple[datetime, datetime]:
        """The (start, end) of the period containing ``t``, or of the next one.

        At exactly a period end, the next period is returned (periods are half-open).
        """
        local = self._local(t)
        d = local.date()
        us = _time_us(local.time())
        for s, e, _ in self._shape_for(d):
            if us < e:
                return self._at(d, s), self._at(d, e)
        nd = self.next_working_day(d)
        s, e, _ = self._shape_for(nd)[0]
        return self._at(nd, s), self._at(nd, e)

    def effective_start(self, received_at: datetime, cutoff: time | None = None) -> datetime:
        """When the count starts for something received at ``received_at``.

        Inside a working period: at once. Outside working time (before opening, at lunch,
        after closing, on a day off): at the start of the next working period. With a
        ``cutoff`` (e.g. ``time(15, 0)``, per procedure, REQUIREMENTS.md §3 "after 15:00"):
        received strictly after the cut-off on a working day, it counts from the start of the
        next working day.
        """
        local = self._local(received_at)
        d = local.date()
        if cutoff is not None and self._shape_for(d) and local.time() > cutoff:
            nd = self.next_working_day(d)
            return self._at(nd, self._shape_for(nd)[0][0])
        start, _ = self.next_working_period(local)
        return max(start, local)

    def add_working_time(
        self, start: datetime, days: float = 0, hours: float = 0, minutes: float = 0
    ) -> datetime:
        """The due instant: ``start`` plus a working duration (see the module docstring).

        Monday 10:00 + 2 days = Wednesday 10:00; Friday 16:45 + 1 hour = Monday 08:15;
        Monday 07:30 + 1 day = Monday 17:00 (a period end stays on its day).
        """
        if type(days) is int and type(hours) is int and type(minutes) is int:
            us = days * self._day_us + hours * _US_PER_HOUR + minutes * _US_PER_MINUTE
        else:
            us = self._duration_us(days, hours, minutes)
        return self._add_us(start, us)

    def add_duration(self, start: datetime, duration: timedelta) -> datetime:
        """Like ``add_working_time`` with a working ``timedelta`` (e.g. paused working time)."""
        us = (duration.days * 86_400 + duration.seconds) * _US_PER_SECOND + duration.microseconds
        return self._add_us(start, us)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from ``a`` to ``b``; negative if ``b`` is before ``a``."""
        return timedelta(microseconds=self._position(b) - self._position(a))

    def classify(self, completed_at: datetime, due_at: datetime) -> Timeliness:
        """Trước hạn / đúng hạn / quá hạn of a completion against its due time.

        Rule adopted (days are local days in the calendar's zone):

        * EARLY (trước hạn): completed on a day before the due day;
        * ON_TIME (đúng hạn): completed on the due day, at or before the due time;
        * LATE (quá hạn): completed after the due time.

        Source: the three results are those of the processing control slip (form 05, "Phiếu
        kiểm soát quá trình giải quyết hồ sơ", Circular 01/2018/TT-VPCP; kept by Circular
        03/2025/TT-VPCP) and of the time indicator of Circular 01/2018 Art 13; the receipt
        (form 01) appoints a day and time, so "đúng hạn" is finishing on the appointed day by
        the appointed time and "trước hạn" finishing on an earlier day. The boundary reading
        (same day = on time, not early) is ours [T]; it is the one the issue asked for.
        """
        completed = self._local(completed_at)
        due = self._local(due_at)
        if completed.date() < due.date():
            return Timeliness.EARLY
        if completed <= due:
            return Timeliness.ON_TIME
        return Timeliness.LATE

    # ----------------------------------------------------------------- internals

    def _duration_us(self, days: float, hours: float, minutes: float) -> int:
        us = round(days * self._day_us + hours * _US_PER_HOUR + minutes * _US_PER_MINUTE)
        if us < 0:
            raise ValueError("a working duration cannot be negative")
        return us

    def _local(self, t: datetime) -> datetime:
        tz = t.tzinfo
        if tz is self._tz:
            return t
        if tz is None or t.utcoffset() is None:
            raise ValueError(
                f"naive datetime {t.isoformat()} rejected: working time needs a timezone-aware "
                f"datetime (e.g. tzinfo=ZoneInfo({str(self._tz)!r}))"
            )
        return t.astimezone(self._tz)

    def _shape_for(self, d: date) -> _Shape:
        if d in self._extra:
            return self._standard_shape
        if d in self._off:
            return ()
        return self._weekly_shapes[d.weekday()]

    def _at(self, d: date, us: int) -> datetime:
        return datetime.combine(d, _us_time(us), tzinfo=self._tz)

    def _position(self, t: datetime) -> int:
        local = self._local(t)
        o = local.toordinal()
        idx = self._index
        if idx is None or not idx.first_ordinal <= o < idx.end_ordinal:
            idx = self._ensure(o)
        i = o - idx.first_ordinal
        us = (
            (local.hour * 60 + local.minute) * 60 + local.second
        ) * _US_PER_SECOND + local.microsecond
        return idx.day_start[i] + _offset_in_day(idx.day_shape[i], us)

    def _add_us(self, start: datetime, us: int) -> datetime:
        # The hot path: one index lookup, one bisect, no loop over days.
        if us < 0:
            raise ValueError("a working duration cannot be negative")
        local = self._local(start)
        o = local.toordinal()
        idx = self._index
        if idx is None or not idx.first_ordinal <= o < idx.end_ordinal:
            idx = self._ensure(o)
        i = o - idx.first_ordinal
        clock = (
            (local.hour * 60 + local.minute) * 60 + local.second
        ) * _US_PER_SECOND + local.microsecond
        shape = idx.day_shape[i]
        if us == 0:
            # Identity on working instants and period ends; otherwise the next period start.
            for s, e, _ in shape:
                if s <= clock <= e:
                    return local
            return self.next_working_period(local)[0]
        target = idx.day_start[i] + _offset_in_day(shape, clock) + us
        j = bisect_left(idx.wd_end, target)  # first working day ending at or after target
        while j == len(idx.wd_end):
            idx = self._grow_forward()
            j = bisect_left(idx.wd_end, target)
        rest = target - idx.wd_start[j]
        for s, e, before in idx.wd_shape[j]:
            if rest <= before + e - s:  # "<=": a period end stays on its own period
                return idx.wd_midnight[j] + timedelta(microseconds=s + rest - before)
        raise AssertionError("unreachable: target lies within working day j")

    def _ensure(self, ordinal: int) -> _Index:
        """The index, grown if needed to cover ``ordinal`` with a year of margin each side."""
        idx = self._index
        if idx is not None and idx.first_ordinal + 366 <= ordinal < idx.end_ordinal - 366:
            return idx
        year = date.fromordinal(ordinal).year
        first, last = year - 1, year + 1
        if idx is not None:
            first = min(first, date.fromordinal(idx.first_ordinal).year)
            last = max(last, date.fromordinal(idx.end_ordinal - 1).year)
        return self._build(first, last)

    def _grow_forward(self) -> _Index:
        idx = self._index
        assert idx is not None
        last = date.fromordinal(idx.end_ordinal - 1).year
        if last >= 9999:
            raise OverflowError("working time runs past the year 9999")
        first = date.fromordinal(idx.first_ordinal).year
        return self._build(first, last + _BLOCK_YEARS)

    def _build(self, first_year: int, last_year: int) -> _Index:
        first_year = max(1, first_year // _BLOCK_YEARS * _BLOCK_YEARS)
        last_year = min(9999, (last_year // _BLOCK_YEARS + 1) * _BLOCK_YEARS - 1)
        with self._lock:
            current = self._index
            if current is not None:
                first_year = min(first_year, date.fromordinal(current.first_ordinal).year)
                last_year = max(last_year, date.fromordinal(current.end_ordinal - 1).year)
                if (
                    date.fromordinal(current.first_ordinal).year == first_year
                    and date.fromordinal(current.end_ordinal - 1).year == last_year
                ):
                    return current  # another thread built it meanwhile
            first_ordinal = date(first_year, 1, 1).toordinal()
            end_ordinal = date(last_year, 12, 31).toordinal() + 1
            day_start: list[int] = []
            day_shape: list[_Shape] = []
            wd_ordinal: list[int] = []
            wd_start: list[int] = []
            wd_end: list[int] = []
            wd_shape: list[_Shape] = []
            wd_midnight: list[datetime] = []
            position = 0
            for o in range(first_ordinal, end_ordinal):
                d = date.fromordinal(o)
                shape = self._shape_for(d)
                day_start.append(position)
                day_shape.append(shape)
                if shape:
                    total = _shape_total(shape)
                    wd_ordinal.append(o)
                    wd_start.append(position)
                    wd_end.append(position + total)
                    wd_shape.append(shape)
                    wd_midnight.append(datetime.combine(d, time(), tzinfo=self._tz))
                    position += total
            # Keep positions stable as the index grows: the anchor day keeps its position.
            if self._anchor is None:
                self._anchor = (first_ordinal, 0)
            anchor_ordinal, anchor_position = self._anchor
            shift = anchor_position - day_start[anchor_ordinal - first_ordinal]
            if shift:
                day_start = [p + shift for p in day_start]
                wd_start = [p + shift for p in wd_start]
                wd_end = [p + shift for p in wd_end]
            if not wd_ordinal:
                raise ValueError(f"no working day at all in {first_year}-{last_year}")
            self._index = _Index(
                first_ordinal,
                end_ordinal,
                day_start,
                day_shape,
                wd_ordinal,
                wd_start,
                wd_end,
                wd_shape,
                wd_midnight,
            )
            return self._index

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(tz={str(self._tz)!r}, standard_day={self.standard_day}, "
            f"days_off={len(self._off)}, extra_working_days={len(self._extra)})"
        )
