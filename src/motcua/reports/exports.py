"""The processing report as an Excel workbook in the layout of the official form.

Layout: title, form number, period, reporting unit and the time the figures were taken; a
two-row header (column group, column) and the column numbers (1), (2)…; one row per group; the
system's total; the figures from other systems, each labelled with its source; the grand total.
Counts are written as numbers and rates as numbers with one decimal, so the province can add
and check them in Excel. A second sheet gives each column's definition and legal source.

It must never compute a figure: it writes the ``Report`` the selectors built.
"""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from motcua.reports import metrics
from motcua.reports.selectors import Report, ReportRow

TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
FORM = "Biểu số 06a/VPCP/KSTT (Thông tư 01/2020/TT-VPCP)"
FIRST_DATA_COLUMN = 3  # A: STT, B: the grouping
HEADER_ROW = 7
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", size=12, bold=True)
NORMAL = Font(name="Times New Roman", size=12)
ITALIC = Font(name="Times New Roman", size=12, italic=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
EXTERNAL_FILL = PatternFill("solid", fgColor="FFF4D6")
TOTAL_FILL = PatternFill("solid", fgColor="E8ECF2")


def _write_row(sheet, row_number: int, number, row: ReportRow, *, bold=False, fill=None):
    sheet.cell(row_number, 1, number)
    sheet.cell(row_number, 2, row.label)
    for offset, key in enumerate(metrics.COLUMNS):
        value = row.values.get(key)
        if row.is_external and not metrics.BY_KEY[key].external:
            value = None  # an outside system does not report this column
        cell = sheet.cell(row_number, FIRST_DATA_COLUMN + offset, value)
        if metrics.BY_KEY[key].kind == "rate":
            cell.number_format = "0.0"
    for column in range(1, FIRST_DATA_COLUMN + len(metrics.COLUMNS)):
        cell = sheet.cell(row_number, column)
        cell.border = BORDER
        cell.font = BOLD if bold else NORMAL
        if fill:
            cell.fill = fill
        if column != 2:
            cell.alignment = Alignment(horizontal="center" if column == 1 else "right")


def report_workbook(report: Report, unit_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    last_column = FIRST_DATA_COLUMN + len(metrics.COLUMNS) - 1
    last_letter = get_column_letter(last_column)
    period = report.period
    lines = [
        (FORM, ITALIC),
        (TITLE, Font(name="Times New Roman", size=14, bold=True)),
        (
            f"Kỳ báo cáo: {period.label} (từ ngày {period.first_day:%d/%m/%Y} "
            f"đến ngày {period.last_day:%d/%m/%Y})",
            BOLD,
        ),
        (f"Đơn vị báo cáo: {unit_name}", NORMAL),
        (
            f"Số liệu tính đến: {timezone.localtime(report.as_of):%H:%M ngày %d/%m/%Y}; "
            f"thống kê theo: {report.grouping_label.lower()}",
            ITALIC,
        ),
    ]
    for number, (text, font) in enumerate(lines, start=1):
        sheet.merge_cells(f"A{number}:{last_letter}{number}")
        cell = sheet.cell(number, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")

    top, sub, numbers = HEADER_ROW, HEADER_ROW + 1, HEADER_ROW + 2
    for column, text in ((1, "STT"), (2, report.grouping_label)):
        sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
        sheet.cell(top, column, text)
    column = FIRST_DATA_COLUMN
    for header, span in metrics.column_groups():
        sheet.merge_cells(
            start_row=top, start_column=column, end_row=top, end_column=column + span - 1
        )
        sheet.cell(top, column, header)
        column += span
    for offset, key in enumerate(metrics.COLUMNS):
        sheet.cell(sub, FIRST_DATA_COLUMN + offset, str(metrics.BY_KEY[key].label))
    for column in range(1, last_column + 1):
        sheet.cell(numbers, column, f"({column})")
        for row in (top, sub, numbers):
            cell = sheet.cell(row, column)
            cell.font = BOLD if row != numbers else ITALIC
            cell.alignment = CENTRE
            cell.border = BORDER
    sheet.row_dimensions[sub].height = 64

    row_number = numbers + 1
    for number, row in enumerate(report.rows, start=1):
        _write_row(sheet, row_number, number, row)
        row_number += 1
    _write_row(sheet, row_number, None, report.system_total, bold=True, fill=TOTAL_FILL)
    row_number += 1
    for row in report.external_rows:
        external = ReportRow(
            key=row.key,
            label=f"Số liệu từ hệ thống khác — {row.source}: {row.agency_label}",
            values=row.values,
            source=row.source,
        )
        _write_row(sheet, row_number, None, external, fill=EXTERNAL_FILL)
        row_number += 1
    if report.grand_total is not None:
        _write_row(sheet, row_number, None, report.grand_total, bold=True, fill=TOTAL_FILL)
        row_number += 1
    if report.external_left_out:
        sheet.cell(
            row_number + 1,
            2,
            f"Ghi chú: {report.external_left_out} bản ghi số liệu từ hệ thống khác có kỳ vượt ra "
            "ngoài kỳ báo cáo, không được cộng.",
        ).font = ITALIC

    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 42
    for column in range(FIRST_DATA_COLUMN, last_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.freeze_panes = sheet.cell(numbers + 1, FIRST_DATA_COLUMN)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    notes = workbook.create_sheet("Giải thích")
    notes.append(["Cột", "Chỉ tiêu", "Cách tính", "Căn cứ"])
    for offset, key in enumerate(metrics.COLUMNS):
        metric = metrics.BY_KEY[key]
        notes.append(
            [
                f"({FIRST_DATA_COLUMN + offset})",
                str(metric.label),
                str(metric.definition),
                metric.source,
            ]
        )
    for cell in notes[1]:
        cell.font = BOLD
    for letter, width in zip("ABCD", (8, 36, 70, 36), strict=True):
        notes.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
