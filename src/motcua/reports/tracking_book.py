"""The tracking book (form 06, Sổ theo dõi hồ sơ) of an agency and year as an Excel workbook,
with the columns of the printed form (``paperwork/templates/paperwork/*/tracking_book.html``).

It must never compute or filter: it writes the ``TrackingBook`` that ``dossiers.slips`` built.
"""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.paperwork.slips import TrackingBook

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", size=12, bold=True)
NORMAL = Font(name="Times New Roman", size=12)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
DATE_TIME = "HH:MM DD/MM/YYYY"
HEADER_ROW = 5
# (header, width); the four times sit under "Thời gian" as on the form.
COLUMNS = (
    ("STT", 6),
    ("Mã hồ sơ", 24),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên người nộp hồ sơ", 26),
    ("Địa chỉ, số điện thoại", 32),
    ("Cơ quan chủ trì giải quyết", 28),
    ("Nhận hồ sơ", 18),
    ("Hẹn trả kết quả", 18),
    ("Chuyển hồ sơ đến cơ quan giải quyết", 18),
    ("Nhận kết quả từ cơ quan giải quyết", 18),
    ("Trả kết quả cho tổ chức, cá nhân", 18),
    ("Ghi chú", 20),
)
TIME_COLUMNS = range(8, 13)


def _naive(value):
    """Excel has no time zones: the local wall-clock time, or None."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def tracking_book_workbook(book: TrackingBook) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"So theo doi {book.year}"
    last_column = get_column_letter(len(COLUMNS))
    sheet["A1"] = book.agency.name
    sheet["A1"].font = BOLD
    sheet.merge_cells(f"A2:{last_column}2")
    sheet["A2"] = f"SỔ THEO DÕI HỒ SƠ — NĂM {book.year}"
    sheet["A2"].font = Font(name="Times New Roman", size=14, bold=True)
    sheet["A2"].alignment = CENTRE
    sheet.merge_cells(f"A3:{last_column}3")
    sheet["A3"] = f"Mẫu số 06 — Sổ số {book.book_number}"
    sheet["A3"].alignment = CENTRE
    for index, (header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, index, header)
        cell.font, cell.alignment, cell.border = BOLD, CENTRE, BORDER
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
    for offset, entry in enumerate(book.entries):
        row = HEADER_ROW + 1 + offset
        address = ", ".join(p for p in (entry.applicant_address, entry.applicant_phone) if p)
        values = (
            book.first_number + offset,
            entry.dossier_code,
            entry.procedure,
            entry.sets,
            entry.applicant_name,
            address,
            entry.lead_agency,
            _naive(entry.received_at),
            _naive(entry.due_at),
            _naive(entry.transferred_at),
            _naive(entry.result_received_at),
            _naive(entry.returned_at),
            entry.note,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.font, cell.border, cell.alignment = NORMAL, BORDER, WRAP
            if column in TIME_COLUMNS:
                cell.number_format = DATE_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
