"""Figures counted in other systems (REQUIREMENTS.md §7: tax and customs online dossiers were
missing from provinces' reports): recorded per agency and period, shown on their own labelled
rows, included in the grand total — flows summed, stocks taken only at the period's edges."""

from datetime import date

import pytest

from motcua.reports import periods
from motcua.reports.models import ExternalFigure
from motcua.reports.selectors import Scope, processing_report
from motcua.reports.services import (
    ExternalFigureError,
    import_external_figures,
    record_external_figure,
)

TAX = "Hệ thống thuế điện tử (eTax)"


def tax_month(agency, month, **counts):
    first = date(2026, month, 1)
    last = periods.month(2026, month).last_day
    return record_external_figure(
        agency=agency, source_system=TAX, first_day=first, last_day=last, counts=counts
    )


def test_external_figures_are_a_separate_row_and_part_of_the_grand_total(march):
    justice = march.world.justice
    tax_month(justice, 3, carried_over=4, received_online=10, resolved_on_time=8, resolved_late=1,
              in_progress_not_due=5)  # fmt: skip
    report = processing_report(periods.month(2026, 3), group_by="agency")
    (row,) = report.external_rows
    assert (row.source, row.agency_label) == (TAX, justice.name)
    assert row.values["received"] == 10 and row.values["resolved"] == 9
    assert row.values["on_time_rate"] == 88.9 and row.values["online_rate"] == 100.0
    assert report.system_total.values["received"] == 10  # the dossiers' rows are untouched
    grand = report.grand_total.values
    assert (grand["received"], grand["received_online"], grand["carried_over"]) == (20, 11, 6)
    assert (grand["resolved"], grand["in_progress"]) == (14, 10)  # B, F, G, M, P + 5
    # (C, N early; A, E + 8 on time) / 14 resolved
    assert grand["on_time_rate"] == round(100 * 12 / 14, 1)


STOCK_CASES = [
    # Source: our rule for stocks (selectors.external_figures_in): carried over only from a
    # figure that starts on the report's first day, in progress from one ending on its last.
    # (period, received, carried over, in progress, figures left out)
    (periods.quarter(2026, 1), 30, 4, 6, 0),  # Jan+Feb+Mar flows; Jan's carried, Mar's open
    (periods.month(2026, 2), 10, 2, 4, 0),
    (periods.custom(date(2026, 2, 15), date(2026, 3, 31)), 10, 0, 6, 1),  # Feb overlaps
]


def test_monthly_external_figures_add_up_without_double_counting_stocks(world):
    justice = world.justice
    tax_month(justice, 1, carried_over=4, received_online=10, in_progress_not_due=2)
    tax_month(justice, 2, carried_over=2, received_online=10, in_progress_not_due=4)
    tax_month(justice, 3, carried_over=4, received_online=10, in_progress_overdue=6)
    for period, received, carried_over, in_progress, left_out in STOCK_CASES:
        report = processing_report(period, group_by="agency")
        (row,) = report.external_rows
        values = row.values
        assert (values["received"], values["carried_over"], values["in_progress"]) == (
            received,
            carried_over,
            in_progress,
        ), period.label
        assert report.external_left_out == left_out


def test_recording_the_same_figure_again_corrects_it_instead_of_adding_it(world):
    justice = world.justice
    tax_month(justice, 3, received_online=10)
    tax_month(justice, 3, received_online=12)
    assert ExternalFigure.objects.get().received_online == 12


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source_system": " "}, "hệ thống nguồn"),
        ({"last_day": date(2026, 2, 1)}, "Ngày kết thúc"),
        ({"counts": {"received_online": -1}}, "không âm"),
        ({"counts": {"refused": 1}}, "Chỉ tiêu không có"),
    ],
)
def test_a_figure_must_name_its_source_and_hold_whole_counts(world, kwargs, message):
    arguments = {
        "agency": world.justice,
        "source_system": TAX,
        "first_day": date(2026, 3, 1),
        "last_day": date(2026, 3, 31),
        "counts": {"received_online": 1},
        **kwargs,
    }
    with pytest.raises(ExternalFigureError, match=message):
        record_external_figure(**arguments)


def test_a_csv_export_of_another_system_is_imported_whole_or_not_at_all(world):
    good = (
        "agency,source_system,first_day,last_day,received_online,resolved_on_time\n"
        "000.00.07.H49,Hải quan một cửa quốc gia,01/03/2026,31/03/2026,7,7\n"
        "000.00.10.H49,Hải quan một cửa quốc gia,2026-03-01,2026-03-31,3,2\n"
    )
    result = import_external_figures(good.encode(), "haiquan.csv")
    assert (result.recorded, result.errors) == (2, [])
    bad = good.replace("000.00.10.H49", "000.00.99.H49").replace(",3,2", ",x,2")
    ExternalFigure.objects.all().delete()
    result = import_external_figures(bad.encode(), "haiquan.csv")
    assert result.recorded == 0 and ExternalFigure.objects.count() == 0
    assert result.errors == ["Dòng 3: không có cơ quan mã “000.00.99.H49”"]


def test_an_xlsx_export_is_imported_too(march, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["agency", "source_system", "first_day", "last_day", "received_online"])
    book.active.append(["000.00.07.H49", TAX, date(2026, 3, 1), date(2026, 3, 31), 9])
    path = tmp_path / "thue.xlsx"
    book.save(path)
    assert import_external_figures(path.read_bytes(), "thue.xlsx").recorded == 1
    report = processing_report(periods.month(2026, 3), "province", Scope())
    assert report.grand_total.values["received_online"] == 1 + 9
