"""The Vietnamese lunar calendar (UTC+7) against Hồ Ngọc Đức's published tables."""

from datetime import date, timedelta

import pytest

from motcua.worktime.lunar import LunarDate, lunar_to_solar, solar_to_lunar, tet

# Tết (1/1 lunar) 1985-2050 in the Vietnamese calendar. Source: Hồ Ngọc Đức, "Âm lịch Việt
# Nam", the year tables of amlich-hnd.js (TK20 for 1900-1999, TK21 for 2000-2099, offset of
# Tết from 1 January), tz = UTC+7; cross-checked with his comparison page calrules_en.html
# (1985, 2007, 2030 differ from China).
TET_VN = {
    1985: "01-21", 1986: "02-09", 1987: "01-29", 1988: "02-17", 1989: "02-06",
    1990: "01-27", 1991: "02-15", 1992: "02-04", 1993: "01-23", 1994: "02-10",
    1995: "01-31", 1996: "02-19", 1997: "02-07", 1998: "01-28", 1999: "02-16",
    2000: "02-05", 2001: "01-24", 2002: "02-12", 2003: "02-01", 2004: "01-22",
    2005: "02-09", 2006: "01-29", 2007: "02-17", 2008: "02-07", 2009: "01-26",
    2010: "02-14", 2011: "02-03", 2012: "01-23", 2013: "02-10", 2014: "01-31",
    2015: "02-19", 2016: "02-08", 2017: "01-28", 2018: "02-16", 2019: "02-05",
    2020: "01-25", 2021: "02-12", 2022: "02-01", 2023: "01-22", 2024: "02-10",
    2025: "01-29", 2026: "02-17", 2027: "02-06", 2028: "01-26", 2029: "02-13",
    2030: "02-02", 2031: "01-23", 2032: "02-11", 2033: "01-31", 2034: "02-19",
    2035: "02-08", 2036: "01-28", 2037: "02-15", 2038: "02-04", 2039: "01-24",
    2040: "02-12", 2041: "02-01", 2042: "01-22", 2043: "02-10", 2044: "01-30",
    2045: "02-17", 2046: "02-06", 2047: "01-26", 2048: "02-14", 2049: "02-02",
    2050: "01-23",
}  # fmt: skip

# Years where the Vietnamese (UTC+7) and Chinese (UTC+8) Tết differ. Source: Hồ Ngọc Đức,
# calrules_en.html "Comparison with Chinese calendar"; REQUIREMENTS.md §6 for 2030.
VN_VS_CHINA = [
    (1985, date(1985, 1, 21), date(1985, 2, 20)),
    (2007, date(2007, 2, 17), date(2007, 2, 18)),
    (2030, date(2030, 2, 2), date(2030, 2, 3)),
]


def test_tet_1985_to_2050_matches_the_vietnamese_table():
    computed = {year: tet(year).isoformat()[5:] for year in TET_VN}
    assert computed == TET_VN


@pytest.mark.parametrize(("year", "vietnam", "china"), VN_VS_CHINA)
def test_tet_differs_from_china_where_the_tables_say(year, vietnam, china):
    assert tet(year) == vietnam
    assert tet(year, tz=8) == china


def test_only_1985_2007_2030_differ_from_china_in_1985_2050():
    assert [y for y in TET_VN if tet(y) != tet(y, tz=8)] == [1985, 2007, 2030]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # Giỗ Tổ Hùng Vương (10/3 lunar); source: the shared CSV (official rows).
        (2024, date(2024, 4, 18)),
        (2025, date(2025, 4, 7)),
        (2026, date(2026, 4, 26)),
    ],
)
def test_gio_to_hung_vuong_matches_the_csv(year, expected, decisions):
    assert lunar_to_solar(year, 3, 10) == expected
    assert expected in {d.date for d in decisions}


@pytest.mark.parametrize(
    ("year", "leap_month"),
    # Leap months of the Vietnamese calendar (same tables as above).
    [(2020, 4), (2023, 2), (2025, 6), (2028, 5), (2033, 11)],
)
def test_leap_month_is_found(year, leap_month):
    first = lunar_to_solar(year, leap_month, 1, leap=True)
    assert solar_to_lunar(first) == LunarDate(year, leap_month, 1, True)
    # The leap month follows the ordinary month of the same number.
    assert lunar_to_solar(year, leap_month, 1) < first


def test_solar_to_lunar_of_a_known_day():
    # 1985 had leap month 2 from 21/03/1985 (calrules_en.html, "Why 1985 has a leap month").
    assert solar_to_lunar(date(1985, 3, 21)) == LunarDate(1985, 2, 1, True)
    assert solar_to_lunar(date(2026, 2, 16)) == LunarDate(2025, 12, 29, False)


def test_lunar_and_solar_round_trip_every_day_of_2024_to_2027():
    d = date(2024, 1, 1)
    while d < date(2028, 1, 1):
        lunar = solar_to_lunar(d)
        assert lunar_to_solar(lunar.year, lunar.month, lunar.day, lunar.leap) == d
        d += timedelta(days=1)


def test_a_leap_month_that_does_not_exist_is_rejected():
    with pytest.raises(ValueError, match="leap month"):
        lunar_to_solar(2026, 3, 1, leap=True)


def test_day_30_of_a_29_day_month_is_rejected():
    # Month 12 of lunar 2025 ends on 16/02/2026 (29 days): Tết 2026 is the next day.
    assert solar_to_lunar(date(2026, 2, 16)).day == 29
    with pytest.raises(ValueError, match="only 29 days"):
        lunar_to_solar(2025, 12, 30)
