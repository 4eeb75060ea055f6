"""Vietnamese public holidays: the rules of the Labour Code, official decisions, and the merge.

What it is for: deciding which dates are days off (and which Saturdays are worked) so that
``build_calendar`` can make a ``WorkCalendar``.

Two sources, and which wins
---------------------------
* **Official decisions** (``Decision`` with status ``official``): what the Government actually
  decided for a year (the Prime Minister sets Tết and the day next to 2/9; the Government
  Office swaps days, e.g. Công văn 12729/VPCP-KGVX: 2026-01-02 off, Saturday 2026-01-10
  worked). They come from data (``read_decisions_csv``), never from code.
* **Projections** (status ``projected``) from the rules below, for years without decisions.

For a year that has any decision, the decisions are taken as **the complete list for that year**
and replace the projection (a partial list would drop the projected holidays: load a full year,
as the shared CSV does).

The rules projected (Labour Code 2019 = Bộ luật Lao động 45/2019/QH14, in force 01/01/2021)
--------------------------------------------------------------------------------------------
Art 112(1): 1/1; Tết 5 days; Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 + 1
adjacent day. Art 111(3): a holiday falling on a weekly rest day gives a compensatory day off
(nghỉ bù) on the next working day. Lunar dates use the Vietnamese calendar (``lunar.py``).

* **Tết**, projected as the last day of the old lunar year and the first four days of the new
  one (``tet - 1`` .. ``tet + 3``). Only a projection: Art 112(3) lets the Prime Minister set the
  days each year, and the real span is often shifted (2024 was 8-14/2, the projection gives
  9/2 and 12-13/2 plus two compensatory days). It matches 2026 (16-20/2, Monday-Friday).
* **The day next to 2/9**, projected so that the break joins a weekend, by the weekday of 2/9:
  Monday -> 3/9, Tuesday -> 1/9, Wednesday -> 1/9, Thursday -> 3/9, Friday -> 1/9,
  Saturday -> 1/9 (plus the compensatory Monday), Sunday -> 3/9 (plus the compensatory
  Tuesday). This reproduces the decisions of 2021-2026 (3/9/2021, 1/9/2022, 1/9/2023,
  3/9/2024, 1/9/2025, 1/9/2026). A Wednesday has no weekend to join; 1/9 follows 2026.
* **24/11 Ngày Văn hóa Việt Nam**, from 2026: Politburo Resolution 80-NQ/TW (07/01/2026)
  chose 24/11 as a paid day off; Government Resolution 30/NQ-CP (02/2026) ordered the Labour
  Code amended; National Assembly Resolution 28/2026/QH16 on developing Vietnamese culture
  made it a paid day off from 01/7/2026 (as reported by baochinhphu.vn, 24/04/2026; the
  resolution's text was not read here, confidence [T]). The shared CSV lists 2026-11-24 as
  a day off. Treated like the Art 112(1) holidays, compensatory day included.
* Years before 2021 are not projected (the 2012 Code had different Tết and 2/9 rules): give
  decisions for them.

This module must never import Django; it reads files only in ``read_decisions_csv``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TextIO
from zoneinfo import ZoneInfo

from .calendar import DEFAULT_WEEKLY_PERIODS, VIETNAM_TZ, DayNote, Period, WorkCalendar
from .lunar import lunar_to_solar, tet

__all__ = [
    "CULTURE_DAY_FIRST_YEAR",
    "RULES_FIRST_YEAR",
    "Decision",
    "DecisionCSVError",
    "DecisionKind",
    "DecisionStatus",
    "Reason",
    "build_calendar",
    "holidays_for_year",
    "projected_holidays",
    "read_decisions_csv",
]

RULES_FIRST_YEAR = 2021  # Labour Code 2019 in force
CULTURE_DAY_FIRST_YEAR = 2026

_LABOUR_CODE = "Bộ luật Lao động 2019, Điều 112 khoản 1"
_COMPENSATION = "Bộ luật Lao động 2019, Điều 111 khoản 3"
_PROJECTED_NOTE = "dự kiến theo quy tắc; Thủ tướng Chính phủ quyết định hằng năm"
_CULTURE_DAY = (
    "Nghị quyết 80-NQ/TW (07/01/2026); Nghị quyết 28/2026/QH16, hiệu lực 01/7/2026 "
    "(theo baochinhphu.vn 24/04/2026)"
)
# Weekday of 2/9 -> offset in days of the adjacent day off (see the module docstring).
_NATIONAL_DAY_ADJACENT = {0: +1, 1: -1, 2: -1, 3: +1, 4: -1, 5: -1, 6: +1}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CSV_COLUMNS = ("date", "weekday", "kind", "name", "source", "status")


class DecisionKind(StrEnum):
    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


class DecisionStatus(StrEnum):
    OFFICIAL = "official"
    PROJECTED = "projected"


class Reason(StrEnum):
    """Why a date is in the list; shown to citizens by ``explain_deadline``."""

    HOLIDAY = "holiday"  # ngày lễ, Tết
    COMPENSATORY = "compensatory"  # nghỉ bù: a holiday fell on a weekly rest day
    SWAPPED = "swapped"  # hoán đổi: a working day moved to a Saturday
    MAKE_UP = "make_up"  # làm bù: the Saturday worked for a swapped day


@dataclass(frozen=True, slots=True)
class Decision:
    """One date that is off, or worked, by a rule or a decision."""

    date: date
    kind: DecisionKind
    name: str
    source: str
    status: DecisionStatus
    scope: str = ""  # who it binds, e.g. "civil servants" (the CSV's status suffix)
    reason: Reason = Reason.HOLIDAY


class DecisionCSVError(ValueError):
    """A bad row in a decisions CSV; ``line`` is the 1-based line number in the file."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


# ----------------------------------------------------------------------------- projection


def projected_holidays(year: int, rest_weekdays: Iterable[int] = (5, 6)) -> list[Decision]:
    """The days off of ``year`` by rule (Labour Code 2019), all marked ``projected``.

    ``rest_weekdays`` are the weekly rest days used for compensatory days (Saturday, Sunday).
    """
    if year < RULES_FIRST_YEAR:
        raise ValueError(
            f"no projection for {year}: the Labour Code 2019 rules start in {RULES_FIRST_YEAR}; "
            "give official decisions for earlier years"
        )
    rest = frozenset(rest_weekdays)
    if len(rest) >= 7:
        raise ValueError("every weekday is a rest day: there is no working day to compensate on")
    source = f"{_LABOUR_CODE} ({_PROJECTED_NOTE})"
    days: list[tuple[date, str, str]] = [(date(year, 1, 1), "Tết Dương lịch", _LABOUR_CODE)]
    new_year = tet(year)
    days.append((new_year - timedelta(days=1), "Tết Nguyên đán (ngày cuối năm Âm lịch)", source))
    days += [
        (new_year + timedelta(days=i), f"Tết Nguyên đán (mùng {i + 1})", source) for i in range(4)
    ]
    days += [
        (lunar_to_solar(year, 3, 10), "Giỗ Tổ Hùng Vương (10/3 Âm lịch)", _LABOUR_CODE),
        (date(year, 4, 30), "Ngày Chiến thắng (30/4)", _LABOUR_CODE),
        (date(year, 5, 1), "Ngày Quốc tế Lao động (1/5)", _LABOUR_CODE),
    ]
    national_day = date(year, 9, 2)
    adjacent = national_day + timedelta(days=_NATIONAL_DAY_ADJACENT[national_day.weekday()])
    days += [
        (national_day, "Quốc khánh (2/9)", _LABOUR_CODE),
        (adjacent, "Quốc khánh (ngày liền kề)", source),
    ]
    if year >= CULTURE_DAY_FIRST_YEAR:
        days.append((date(year, 11, 24), "Ngày Văn hóa Việt Nam (24/11)", _CULTURE_DAY))
    days.sort()

    decisions = [
        Decision(d, DecisionKind.DAY_OFF, name, src, DecisionStatus.PROJECTED)
        for d, name, src in days
    ]
    taken = {d for d, _, _ in days}
    for d, name, _ in days:
        if d.weekday() not in rest:
            continue
        # Art 111(3): the next working day that is not already off.
        comp = d + timedelta(days=1)
        while comp.weekday() in rest or comp in taken:
            comp += timedelta(days=1)
        taken.add(comp)
        decisions.append(
            Decision(
                comp,
                DecisionKind.DAY_OFF,
                f"Nghỉ bù {name}",
                f"{_COMPENSATION} ({_PROJECTED_NOTE})",
                DecisionStatus.PROJECTED,
                reason=Reason.COMPENSATORY,
            )
        )
    return sorted(decisions, key=lambda x: x.date)


def holidays_for_year(
    year: int, decisions: Iterable[Decision] = (), rest_weekdays: Iterable[int] = (5, 6)
) -> list[Decision]:
    """The decisions of ``year`` if there are any (complete list), else the projection."""
    official = sorted((d for d in decisions if d.date.year == year), key=lambda x: x.date)
    if official:
        return official
    return projected_holidays(year, rest_weekdays)


def build_calendar(
    years: Iterable[int],
    decisions: Iterable[Decision] = (),
    weekly_periods: Mapping[int, Iterable[Period]] | None = None,
    *,
    standard_periods: Iterable[Period] | None = None,
    tz: ZoneInfo | str = VIETNAM_TZ,
) -> WorkCalendar:
    """A ``WorkCalendar`` with the holidays of ``years`` (decisions where given, else projected).

    Dates outside ``years`` get no holidays: cover every year the calendar will be asked about.
    Weekdays without periods in ``weekly_periods`` are the weekly rest days for compensation.
    """
    weekly = DEFAULT_WEEKLY_PERIODS if weekly_periods is None else weekly_periods
    rest = [wd for wd in range(7) if not list(weekly.get(wd, ()))]
    decisions = list(decisions)
    days_off: dict[date, DayNote] = {}
    extra: dict[date, DayNote] = {}
    for year in years:
        for decision in holidays_for_year(year, decisions, rest):
            target = days_off if decision.kind is DecisionKind.DAY_OFF else extra
            target[decision.date] = DayNote(decision.name, str(decision.reason))
    return WorkCalendar(weekly, days_off, extra, standard_periods=standard_periods, tz=tz)


# ----------------------------------------------------------------------------- CSV


def read_decisions_csv(source: str | os.PathLike[str] | TextIO) -> list[Decision]:
    """Decisions from a CSV with columns ``date,weekday,kind,name,source,status`` (UTF-8).

    ``status`` is ``official`` or ``projected``, optionally followed by ``, <scope>``
    ("official, civil servants"). An optional ``reason`` column (holiday / compensatory /
    swapped / make_up) is used if present; otherwise a working day is a make-up day and a day
    off is classified from its name ("substituted"/"swap"/"hoán đổi" -> swapped,
    "observed"/"nghỉ bù" -> compensatory, else holiday), because the shared file has no such
    column. Raises ``DecisionCSVError`` with the line number for the first bad row.
    """
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8", newline="") as f:
            return _read_decisions(f)
    return _read_decisions(source)


def _read_decisions(f: TextIO | io.StringIO) -> list[Decision]:
    reader = csv.DictReader(f)
    header = reader.fieldnames or []
    missing = [c for c in _CSV_COLUMNS if c not in header]
    if missing:
        raise DecisionCSVError(1, f"missing column(s) {', '.join(missing)} (header {header})")
    decisions: list[Decision] = []
    seen: dict[date, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(row[c] is None for c in _CSV_COLUMNS):
            raise DecisionCSVError(line, "wrong number of fields")
        decision = _parse_row(row, line)
        if decision.date in seen:
            raise DecisionCSVError(
                line, f"date {decision.date} already given on line {seen[decision.date]}"
            )
        seen[decision.date] = line
        decisions.append(decision)
    return decisions


def _parse_row(row: dict[str, str], line: int) -> Decision:
    raw_date = row["date"].strip()
    try:
        d = date.fromisoformat(raw_date)
    except ValueError:
        raise DecisionCSVError(line, f"date {raw_date!r} is not YYYY-MM-DD") from None
    weekday = row["weekday"].strip()
    if weekday and weekday != _WEEKDAYS[d.weekday()]:
        raise DecisionCSVError(
            line, f"weekday {weekday!r} does not match {d} (a {_WEEKDAYS[d.weekday()]})"
        )
    try:
        kind = DecisionKind(row["kind"].strip())
    except ValueError:
        raise DecisionCSVError(
            line, f"kind {row['kind']!r} is not one of day_off, working_day"
        ) from None
    name = row["name"].strip()
    if not name:
        raise DecisionCSVError(line, "name is empty")
    status_text, _, scope = row["status"].partition(",")
    try:
        status = DecisionStatus(status_text.strip())
    except ValueError:
        raise DecisionCSVError(
            line, f"status {row['status']!r} does not start with official or projected"
        ) from None
    raw_reason = (row.get("reason") or "").strip()
    if raw_reason:
        try:
            reason = Reason(raw_reason)
        except ValueError:
            raise DecisionCSVError(line, f"reason {raw_reason!r} is not known") from None
    else:
        reason = _guess_reason(kind, name)
    return Decision(d, kind, name, row["source"].strip(), status, scope.strip(), reason)


def _guess_reason(kind: DecisionKind, name: str) -> Reason:
    if kind is DecisionKind.WORKING_DAY:
        return Reason.MAKE_UP
    lowered = name.lower()
    if any(word in lowered for word in ("substitut", "swap", "hoán đổi")):
        return Reason.SWAPPED
    if any(word in lowered for word in ("observed", "nghỉ bù")):
        return Reason.COMPENSATORY
    return Reason.HOLIDAY
