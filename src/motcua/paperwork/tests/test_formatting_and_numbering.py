"""The pure rules: how dates, money and numbers are written, and how series count."""

from datetime import UTC, date, datetime

import pytest

from motcua.paperwork import formatting
from motcua.paperwork.numbering import (
    SeriesKind,
    document_number,
    following_number,
    numbered_rows,
)


# Decree 30/2020/NĐ-CP Appendix I: a leading zero for days below 10 and for months 1 and 2 only.
@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_the_first_two_months(day, written):
    assert formatting.long_date(day) == written


def test_body_dates_are_dd_mm_yyyy_in_vietnam_time():
    # 17:30 UTC on 11 January is 00:30 on 12 January in Hà Nội.
    moment = datetime(2026, 1, 11, 17, 30, tzinfo=UTC)
    assert formatting.short_date(moment) == "12/01/2026"
    assert formatting.time_and_date(moment) == "00 giờ 30 phút, ngày 12/01/2026"


@pytest.mark.parametrize(
    ("amount", "written"),
    [(0, "0 đồng"), (50_000, "50.000 đồng"), (1_250_000, "1.250.000 đồng")],
)
def test_money_is_grouped_with_dots_and_written_in_dong(amount, written):
    assert formatting.money(amount) == written


def test_negative_money_is_refused():
    with pytest.raises(ValueError):
        formatting.money(-1)


def test_apology_numbers_carry_a_leading_zero_and_the_pxl_symbol():
    assert document_number(SeriesKind.APOLOGY, 5) == "05/PXL"
    assert document_number(SeriesKind.APOLOGY, 123, "TTPVHCC") == "123/PXL-TTPVHCC"
    assert document_number(SeriesKind.STOP_NOTICE, 3) == "03/TB"


def test_the_tracking_book_has_no_document_symbol():
    with pytest.raises(ValueError):
        document_number(SeriesKind.TRACKING_BOOK, 1)


def test_a_series_counts_on_within_a_year_and_restarts_on_the_first_of_january():
    assert following_number(None, None, 2026) == 1
    assert following_number(41, 2026, 2026) == 42
    assert following_number(812, 2026, 2027) == 1


def test_a_closed_year_is_never_numbered_again():
    with pytest.raises(ValueError):
        following_number(5, 2027, 2026)


def test_book_rows_continue_from_the_first_number_given():
    assert list(numbered_rows("abc", first_number=101)) == [(101, "a"), (102, "b"), (103, "c")]
