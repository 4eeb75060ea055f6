"""The few writes of the reports app: figures counted in other systems, and the Decision 766
scoring scheme.

REQUIREMENTS.md §7: provinces were ranked low because online dossiers handled in the tax and
customs systems were missing from their reports; ``record_external_figure`` and
``import_external_figures`` let the province add them, per agency and period, with their source.

It must never change a dossier or store a figure computed from dossiers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.catalog.models import Agency, Field
from motcua.reports.models import EXTERNAL_COUNT_FIELDS, ExternalFigure, ScoreComponent

SCHEME_TOTAL = Decimal(100)  # Decision 766/QĐ-TTg: 100 points in five groups


class ExternalFigureError(ValueError):
    """A figure cannot be recorded; the message is for the user, in Vietnamese."""


@transaction.atomic
def record_external_figure(
    *,
    agency: Agency,
    source_system: str,
    first_day: date,
    last_day: date,
    counts: dict[str, int],
    actor=None,
    field: Field | None = None,
    note: str = "",
) -> ExternalFigure:
    """Record (or correct) one agency's counts from one outside system for one period.

    The same agency, source, field and period replace the earlier figure: a corrected export
    from the tax system must not be added twice.
    """
    source_system = (source_system or "").strip()
    if not source_system:
        raise ExternalFigureError("Cần ghi rõ hệ thống nguồn của số liệu.")
    if last_day < first_day:
        raise ExternalFigureError("Ngày kết thúc kỳ phải sau ngày bắt đầu.")
    unknown = set(counts) - set(EXTERNAL_COUNT_FIELDS)
    if unknown:
        raise ExternalFigureError(f"Chỉ tiêu không có trong báo cáo: {', '.join(sorted(unknown))}.")
    values = {}
    for name in EXTERNAL_COUNT_FIELDS:
        value = counts.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ExternalFigureError(f"Số liệu “{name}” phải là số nguyên không âm.")
        values[name] = value
    figure, _created = ExternalFigure.objects.update_or_create(
        agency=agency,
        source_system=source_system,
        field=field,
        first_day=first_day,
        last_day=last_day,
        defaults={**values, "note": note, "entered_by": actor},
    )
    return figure


@dataclass(frozen=True)
class ImportResult:
    recorded: int
    errors: list[str]


CSV_COLUMNS = ("agency", "source_system", "first_day", "last_day", *EXTERNAL_COUNT_FIELDS)


def _rows_from_xlsx(content: bytes) -> list[dict]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, [])]
    return [dict(zip(header, row, strict=False)) for row in rows if any(row)]


def _as_date(value) -> date:
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    text = str(value or "").strip()
    if "/" in text:  # dd/mm/yyyy, as Vietnamese documents write dates
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)


@transaction.atomic
def import_external_figures(content: bytes, filename: str, actor=None) -> ImportResult:
    """Import a CSV (UTF-8) or XLSX file with the columns of ``CSV_COLUMNS``: ``agency`` is the
    agency identifier (Decision 20/2020/QĐ-TTg), dates are yyyy-mm-dd or dd/mm/yyyy, optional
    ``field`` (name) and ``note``. All rows or none: any error rolls the whole file back."""
    if filename.lower().endswith(".xlsx"):
        rows = _rows_from_xlsx(content)
    else:
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    missing = [
        c for c in ("agency", "source_system", "first_day", "last_day") if rows and c not in rows[0]
    ]
    if missing or not rows:
        raise ExternalFigureError(
            "Tệp cần các cột: " + ", ".join(CSV_COLUMNS) + (" (tệp trống)" if not rows else "")
        )
    agencies = {a.identifier: a for a in Agency.objects.all()}
    fields = {f.name: f for f in Field.objects.all()}
    errors, recorded = [], 0
    for number, row in enumerate(rows, start=2):
        try:
            agency = agencies.get(str(row.get("agency") or "").strip())
            if agency is None:
                raise ExternalFigureError(f"không có cơ quan mã “{row.get('agency')}”")
            field_name = str(row.get("field") or "").strip()
            if field_name and field_name not in fields:
                raise ExternalFigureError(f"không có lĩnh vực “{field_name}”")
            counts = {}
            for name in EXTERNAL_COUNT_FIELDS:
                raw = row.get(name)
                text = str(raw).strip() if raw is not None else ""
                if text and not text.isdigit():
                    raise ExternalFigureError(f"“{name}” không phải số nguyên không âm")
                counts[name] = int(text or 0)
            record_external_figure(
                agency=agency,
                source_system=str(row.get("source_system") or ""),
                first_day=_as_date(row.get("first_day")),
                last_day=_as_date(row.get("last_day")),
                counts=counts,
                actor=actor,
                field=fields.get(field_name),
                note=str(row.get("note") or ""),
            )
            recorded += 1
        except (ExternalFigureError, ValueError) as error:
            errors.append(f"Dòng {number}: {error}")
    if errors:
        transaction.set_rollback(True)
        return ImportResult(recorded=0, errors=errors)
    return ImportResult(recorded=recorded, errors=[])


def validate_scheme(scheme: str = "766/QĐ-TTg") -> None:
    """A scoring scheme's points must add up to 100 (Decision 766/QĐ-TTg)."""
    total = sum(
        ScoreComponent.objects.filter(scheme=scheme).values_list("points", flat=True), Decimal(0)
    )
    if total != SCHEME_TOTAL:
        raise ValidationError(f"Tổng điểm của bộ chỉ số {scheme} là {total}, phải bằng 100.")
