"""The Vietnamese lunisolar calendar (âm lịch), computed for the meridian of UTC+7.

What it is for: turning the lunar dates in the law (Tết = 1/1 lunar, Giỗ Tổ Hùng Vương = 10/3
lunar, Labour Code 2019 Art 112) into Gregorian dates for the holiday rules.

How: the method Hồ Ngọc Đức published ("Computing the Vietnamese lunar calendar",
informatik.uni-leipzig.de/~duc/amlich/calrules_en.html), written here from that description,
not copied from his code (whose licence is non-commercial):

1. a lunar month starts on the local day that contains a new moon; new moons come from Jean
   Meeus' approximation ("Astronomical Algorithms", ch. 49, the truncated series);
2. the month that contains the December solstice (sun longitude 270°) is month 11;
3. if 13 months lie between two months 11, the first month after the first month 11 that
   contains no principal term (a multiple of 30° of sun longitude) is the leap month and takes
   the number of the month before it.

The *local day* is what makes the calendar Vietnamese: it is taken at UTC+7 (``tz=7``).
With ``tz=8`` the same rules give the Chinese calendar, which differs in some years
(Tết 1985: 21/01 in Vietnam, 20/02 in China; 2007: 17/02 vs 18/02; 2030: 02/02 vs 03/02).
Never use a library that computes the Chinese calendar for Vietnamese dates.

Accuracy: the approximations are good to minutes, enough for whole days. Checked against Hồ
Ngọc Đức's published year tables: every day of 1968-2050 agrees (the tests keep the Tết dates
1985-2050). Before 1968 his tables mostly follow UTC+8, the zone used then; this module does not
switch zones by era and is meant for dates from 1968 on.

This module must never import Django or know about holidays or working time.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from typing import NamedTuple

__all__ = ["LunarDate", "lunar_to_solar", "solar_to_lunar", "tet"]

VIETNAM_TZ_HOURS = 7
_SYNODIC_MONTH = 29.530588853
# Julian day of the new moon of 1900-01-01 (Meeus' k = 0 epoch as used by the method).
_NEW_MOON_EPOCH = 2415021.076998695
_RAD = math.pi / 180


class LunarDate(NamedTuple):
    """A date of the lunar calendar: ``leap`` is True in a leap (intercalary) month."""

    year: int
    month: int
    day: int
    leap: bool = False


def _jdn(d: date) -> int:
    """Julian day number of a Gregorian date (noon-based, integral)."""
    return d.toordinal() + 1721425


def _date_from_jdn(jdn: int) -> date:
    return date.fromordinal(jdn - 1721425)


def _new_moon(k: int) -> float:
    """Julian day (UT, fractional) of the k-th new moon after 1900-01-01 (Meeus ch. 49)."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _RAD)
    m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * _RAD  # sun anomaly
    mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * _RAD  # moon anomaly
    f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * _RAD  # latitude arg.
    c = (0.1734 - 0.000393 * t) * math.sin(m) + 0.0021 * math.sin(2 * m)
    c += -0.4068 * math.sin(mp) + 0.0161 * math.sin(2 * mp) - 0.0004 * math.sin(3 * mp)
    c += 0.0104 * math.sin(2 * f) - 0.0051 * math.sin(m + mp) - 0.0074 * math.sin(m - mp)
    c += 0.0004 * math.sin(2 * f + m) - 0.0004 * math.sin(2 * f - m) - 0.0006 * math.sin(2 * f + mp)
    c += 0.0010 * math.sin(2 * f - mp) + 0.0005 * math.sin(m + 2 * mp)
    # Meeus' correction from dynamical time (TT) back to universal time (ΔT, in days).
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd + c - delta_t


def _new_moon_day(k: int, tz: float) -> int:
    """Julian day number of the local day (at UTC+tz) that contains the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_longitude(jd: float) -> float:
    """Apparent sun longitude in radians, in [0, 2π), at Julian day ``jd`` (Meeus ch. 25)."""
    t = (jd - 2451545.0) / 36525
    t2 = t * t
    m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * _RAD
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(m)
    dl += (0.019993 - 0.000101 * t) * math.sin(2 * m) + 0.000290 * math.sin(3 * m)
    return ((l0 + dl) * _RAD) % (2 * math.pi)


def _sun_sector(jdn: int, tz: float) -> int:
    """Which 30° sector (0-11) the sun is in at local midnight starting day ``jdn``.

    Sector 9 starts at 270° (December solstice). A month contains a principal term exactly when
    the sector changes between its first day and the first day of the next month.
    """
    return math.floor(_sun_longitude(jdn - 0.5 - tz / 24) / math.pi * 6)


@lru_cache(maxsize=1024)
def _month_11_start(year: int, tz: float) -> int:
    """Julian day number of the first day of lunar month 11 that contains the solstice of year."""
    k = math.floor((_jdn(date(year, 12, 31)) - 2415021) / _SYNODIC_MONTH)
    start = _new_moon_day(k, tz)
    # If the sun is already past 270° when this month starts, the solstice lies in the month
    # before it, so that one is month 11.
    if _sun_sector(start, tz) >= 9:
        start = _new_moon_day(k - 1, tz)
    return start


@lru_cache(maxsize=1024)
def _leap_month_offset(month_11_start: int, tz: float) -> int:
    """In a 13-month year, how many months after month 11 the leap month comes (1-12)."""
    k = math.floor((month_11_start - _NEW_MOON_EPOCH) / _SYNODIC_MONTH + 0.5)
    i = 1
    sector = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        previous = sector
        i += 1
        sector = _sun_sector(_new_moon_day(k + i, tz), tz)
        # The month between two new moons that start in the same sector has no principal term.
        if sector == previous or i >= 14:
            return i - 1


def solar_to_lunar(d: date, tz: float = VIETNAM_TZ_HOURS) -> LunarDate:
    """The lunar date of Gregorian date ``d`` (Vietnamese calendar unless ``tz`` says otherwise)."""
    day_number = _jdn(d)
    k = math.floor((day_number - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    month_start = _new_moon_day(k + 1, tz)
    if month_start > day_number:
        month_start = _new_moon_day(k, tz)
    a11 = _month_11_start(d.year, tz)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _month_11_start(d.year - 1, tz)
    else:
        lunar_year = d.year + 1
        b11 = _month_11_start(d.year + 1, tz)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:  # 13 months between two months 11: a leap year
        leap_offset = _leap_month_offset(a11, tz)
        if diff >= leap_offset:
            lunar_month = diff + 10
            leap = diff == leap_offset
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(lunar_year, lunar_month, lunar_day, leap)


def lunar_to_solar(
    year: int, month: int, day: int, leap: bool = False, tz: float = VIETNAM_TZ_HOURS
) -> date:
    """The Gregorian date of lunar ``day``/``month``/``year`` (``leap`` for a leap month).

    Raises ValueError if the month is not a leap month that year, or the day does not exist
    (a lunar month has 29 or 30 days).
    """
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError(f"no lunar date {day}/{month}/{year}")
    if month < 11:
        a11 = _month_11_start(year - 1, tz)
        b11 = _month_11_start(year, tz)
    else:
        a11 = _month_11_start(year, tz)
        b11 = _month_11_start(year + 1, tz)
    k = math.floor(0.5 + (a11 - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    offset = (month - 11) % 12
    if b11 - a11 > 365:
        leap_offset = _leap_month_offset(a11, tz)
        # The leap month repeats the number of the month before it (offset 0 is month 11).
        leap_month = (leap_offset + 9) % 12 + 1
        if leap and month != leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        if leap or offset >= leap_offset:
            offset += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month")
    month_start = _new_moon_day(k + offset, tz)
    next_month_start = _new_moon_day(k + offset + 1, tz)
    if month_start + day - 1 >= next_month_start:
        length = next_month_start - month_start
        raise ValueError(f"lunar month {month}/{year} has only {length} days")
    return _date_from_jdn(month_start + day - 1)


@lru_cache(maxsize=512)
def tet(year: int, tz: float = VIETNAM_TZ_HOURS) -> date:
    """The Gregorian date of Tết Nguyên đán (1/1 lunar) of ``year``."""
    return lunar_to_solar(year, 1, 1, tz=tz)
