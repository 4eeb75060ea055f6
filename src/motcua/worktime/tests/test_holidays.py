"""Public holidays by rule (Labour Code 2019) and by official decision, and the CSV reader."""

import io
from datetime import date

import pytest

from motcua.worktime.calendar import DEFAULT_WEEKLY_PERIODS
from motcua.worktime.holidays import (
    Decision,
    DecisionCSVError,
    DecisionKind,
    DecisionStatus,
    Reason,
    build_calendar,
    holidays_for_year,
    projected_holidays,
    read_decisions_csv,
)


def off_days(decisions):
    return sorted(d.date for d in decisions if d.kind is DecisionKind.DAY_OFF)


def test_projection_of_2026_equals_the_official_days_except_the_government_swaps(decisions):
    # Official 2026 (shared CSV) = the Art 112 rules + two swaps decided by the Government:
    # 02/01 (Công văn 12729/VPCP-KGVX) and 31/08 (made up on Saturday 22/08).
    official = set(off_days(holidays_for_year(2026, decisions)))
    projected = set(off_days(projected_holidays(2026)))
    assert official - projected == {date(2026, 1, 2), date(2026, 8, 31)}
    assert projected - official == set()


def test_tet_2026_is_projected_on_the_last_day_of_the_old_year_and_four_days_after():
    # Labour Code 2019 Art 112(1)(b): 5 days; 2026: Monday 16/02 - Friday 20/02 (official).
    tet = [d for d in projected_holidays(2026) if "Tết Nguyên đán" in d.name]
    assert [d.date for d in tet] == [date(2026, 2, d) for d in range(16, 21)]
    assert all(d.status is DecisionStatus.PROJECTED for d in tet)


def test_tet_on_a_weekend_gives_compensatory_days_after_the_span():
    # 2024: Tết on Saturday 10/02; Art 111(3) compensation for Saturday 10 and Sunday 11/02.
    projected = projected_holidays(2024)
    compensatory = [d.date for d in projected if d.reason is Reason.COMPENSATORY]
    assert compensatory == [date(2024, 2, 14), date(2024, 2, 15)]


@pytest.mark.parametrize(
    ("year", "adjacent"),
    [
        # The Prime Minister's choices for the day next to 2/9, which the rule reproduces.
        (2021, date(2021, 9, 3)),  # Thursday 2/9
        (2022, date(2022, 9, 1)),  # Friday
        (2023, date(2023, 9, 1)),  # Saturday (+ compensatory Monday 4/9)
        (2024, date(2024, 9, 3)),  # Monday
        (2025, date(2025, 9, 1)),  # Tuesday
        (2026, date(2026, 9, 1)),  # Wednesday
    ],
)
def test_national_day_adjacent_day_is_projected_to_join_a_weekend(year, adjacent):
    names = {d.date: d.name for d in projected_holidays(year)}
    assert names[adjacent] == "Quốc khánh (ngày liền kề)"


def test_national_day_on_saturday_gives_a_compensatory_monday():
    # 2023: 1/9 (Fri) to 4/9 (Mon), as decided.
    sept = [d for d in off_days(projected_holidays(2023)) if d.month == 9]
    assert sept == [date(2023, 9, 1), date(2023, 9, 2), date(2023, 9, 4)]


@pytest.mark.parametrize(
    ("year", "day", "compensatory"),
    [
        # Giỗ Tổ 10/3 lunar (Labour Code 2019 Art 112(1)(c)); on a Sunday -> Monday.
        (2024, date(2024, 4, 18), None),
        (2025, date(2025, 4, 7), None),
        (2026, date(2026, 4, 26), date(2026, 4, 27)),
        (2027, date(2027, 4, 16), None),
    ],
)
def test_gio_to_is_projected_on_10_3_lunar(year, day, compensatory):
    projected = {d.date: d for d in projected_holidays(year)}
    assert projected[day].name.startswith("Giỗ Tổ")
    if compensatory:
        assert projected[compensatory].reason is Reason.COMPENSATORY


def test_vietnam_culture_day_24_11_is_a_day_off_from_2026():
    # Nghị quyết 80-NQ/TW and Nghị quyết 28/2026/QH16 (from 01/7/2026); shared CSV row.
    assert date(2025, 11, 24) not in off_days(projected_holidays(2025))
    assert date(2026, 11, 24) in off_days(projected_holidays(2026))
    assert date(2027, 11, 24) in off_days(projected_holidays(2027))
    # 2029-11-24 is a Saturday: compensatory Monday 26/11.
    assert date(2029, 11, 26) in off_days(projected_holidays(2029))


def test_new_year_on_saturday_gives_a_compensatory_monday():
    # 1/1/2028 is a Saturday (Art 111(3)).
    assert date(2028, 1, 3) in off_days(projected_holidays(2028))


def test_years_before_the_labour_code_2019_are_not_projected():
    with pytest.raises(ValueError, match="2021"):
        projected_holidays(2019)


def test_official_decisions_replace_the_projection_for_their_year(decisions):
    official_2026 = holidays_for_year(2026, decisions)
    assert all(d.status is DecisionStatus.OFFICIAL for d in official_2026)
    assert date(2026, 1, 2) in off_days(official_2026)
    projected_2027 = holidays_for_year(2027, decisions)
    assert all(d.status is DecisionStatus.PROJECTED for d in projected_2027)


def test_build_calendar_uses_decisions_and_projections(decisions):
    cal = build_calendar([2026, 2027], decisions)
    assert not cal.is_working_day(date(2026, 1, 2))  # official swap
    assert cal.is_working_day(date(2026, 1, 10))  # official make-up Saturday
    assert not cal.is_working_day(date(2027, 2, 8))  # projected Tết 2027 (6/2 Sat -> comp)
    assert cal.day_note(date(2026, 2, 17)).reason == "holiday"


def test_build_calendar_with_saturday_work_compensates_only_sunday_holidays():
    weekly = {**DEFAULT_WEEKLY_PERIODS, 5: DEFAULT_WEEKLY_PERIODS[0][:1]}
    cal = build_calendar([2026], weekly_periods=weekly)
    # Giỗ Tổ 26/04/2026 is a Sunday: still compensated on Monday 27/04.
    assert not cal.is_working_day(date(2026, 4, 27))


def test_the_shared_csv_reads_into_decisions(decisions):
    assert len(decisions) == 46
    swap = next(d for d in decisions if d.date == date(2026, 1, 2))
    assert swap.kind is DecisionKind.DAY_OFF
    assert swap.reason is Reason.SWAPPED
    assert swap.status is DecisionStatus.OFFICIAL
    assert swap.scope == "civil servants"
    make_up = next(d for d in decisions if d.date == date(2026, 1, 10))
    assert make_up.kind is DecisionKind.WORKING_DAY
    assert make_up.reason is Reason.MAKE_UP
    observed = next(d for d in decisions if d.date == date(2026, 4, 27))
    assert observed.reason is Reason.COMPENSATORY


HEADER = "date,weekday,kind,name,source,status\n"


@pytest.mark.parametrize(
    ("row", "line", "message"),
    [
        ("2026-13-01,Mon,day_off,X,src,official\n", 2, "not YYYY-MM-DD"),
        ("2026-01-02,Mon,day_off,X,src,official\n", 2, "does not match"),
        ("2026-01-02,Fri,holiday,X,src,official\n", 2, "kind 'holiday'"),
        ("2026-01-02,Fri,day_off,,src,official\n", 2, "name is empty"),
        ("2026-01-02,Fri,day_off,X,src,rumoured\n", 2, "status 'rumoured'"),
        ("2026-01-02,Fri,day_off,X,src\n", 2, "wrong number of fields"),
        ("2026-01-01,Thu,day_off,A,src,official\n2026-01-01,Thu,day_off,B,src,official\n", 3,
         "already given on line 2"),
        ('2026-01-01,Thu,day_off,"two\nlines",src,official\n2026-01-05,Sun,day_off,X,s,official\n',
         4, "does not match"),
    ],
)  # fmt: skip
def test_bad_csv_rows_are_reported_with_line_and_reason(row, line, message):
    with pytest.raises(DecisionCSVError, match=message) as caught:
        read_decisions_csv(io.StringIO(HEADER + row))
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")


def test_a_csv_without_the_required_columns_is_rejected():
    with pytest.raises(DecisionCSVError, match="missing column"):
        read_decisions_csv(io.StringIO("date,name\n2026-01-01,X\n"))


def test_a_reason_column_overrides_the_guess_from_the_name():
    text = HEADER.strip() + ",reason\n2026-01-02,Fri,day_off,X,s,official,swapped\n"
    [decision] = read_decisions_csv(io.StringIO(text))
    assert decision == Decision(
        date(2026, 1, 2),
        DecisionKind.DAY_OFF,
        "X",
        "s",
        DecisionStatus.OFFICIAL,
        "",
        Reason.SWAPPED,
    )
