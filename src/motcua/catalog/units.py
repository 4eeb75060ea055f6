"""Load administrative units: the two-level model in force from 1 July 2025 (packaged) and the
older three-level tree (read from a file the operator supplies).

Loading is an upsert keyed on (scheme, code), in bulk and in one transaction; it never deletes a
unit, because agencies and old dossiers may still point to it.
"""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.db import transaction

from motcua.catalog.models import AdministrativeUnit

# Resolution 202/2025/QH15 and the 34 provincial-merger resolutions take effect on this day; the
# district level ends and the two-level model begins.
TWO_LEVEL_START = datetime.date(2025, 7, 1)


class UnitFileError(ValueError):
    """The unit file cannot be read or has the wrong shape."""


@dataclass
class UnitImportResult:
    scheme: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    level: int
    parent_code: str | None


def read_units_2025() -> list[UnitRow]:
    data = resources.files("motcua.demo").joinpath("data/units_2025.csv")
    rows, provinces = [], set()
    with data.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["province_code"] not in provinces:
                provinces.add(row["province_code"])
                rows.append(UnitRow(row["province_code"], row["province_name"], 1, None))
            if row["unit_code"]:
                rows.append(UnitRow(row["unit_code"], row["unit_name"], 3, row["province_code"]))
    return rows


def read_units_pre2025(path: Path) -> list[UnitRow]:
    """dvhcvn's ``data/dvhcvn.json``: ``data`` -> level1s with ``level2s`` with ``level3s``."""
    try:
        tree = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = []
        for province in tree["data"]:
            rows.append(UnitRow(province["level1_id"], province["name"], 1, None))
            for district in province.get("level2s", []):
                rows.append(
                    UnitRow(district["level2_id"], district["name"], 2, province["level1_id"])
                )
                for commune in district.get("level3s", []):
                    rows.append(
                        UnitRow(commune["level3_id"], commune["name"], 3, district["level2_id"])
                    )
    except FileNotFoundError:
        raise UnitFileError(f"{path}: không có tệp này") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UnitFileError(
            f"{path}: không đúng cấu trúc dvhcvn.json (data/level2s/level3s): {exc}"
        ) from None
    if not rows:
        raise UnitFileError(f"{path}: không có đơn vị nào")
    return rows


def import_units_2025() -> UnitImportResult:
    return _upsert(
        AdministrativeUnit.Scheme.TWO_LEVEL_2025, read_units_2025(), TWO_LEVEL_START, None
    )


def import_units_pre2025(path: Path) -> UnitImportResult:
    return _upsert(
        AdministrativeUnit.Scheme.THREE_LEVEL, read_units_pre2025(path), None, TWO_LEVEL_START
    )


@transaction.atomic
def _upsert(scheme, rows: list[UnitRow], valid_from, valid_until) -> UnitImportResult:
    result = UnitImportResult(scheme=str(scheme.label))
    existing = {u.code: u for u in AdministrativeUnit.objects.filter(scheme=scheme)}
    # Parents before children: provinces, then districts, then communes.
    for level in (1, 2, 3):
        created, changed = [], []
        for row in (r for r in rows if r.level == level):
            parent = existing[row.parent_code] if row.parent_code else None
            values = {
                "name": row.name,
                "level": row.level,
                "parent": parent,
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
            unit = existing.get(row.code)
            if unit is None:
                unit = AdministrativeUnit(scheme=scheme, code=row.code, **values)
                existing[row.code] = unit
                created.append(unit)
                continue
            if any(getattr(unit, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(unit, k, v)
                changed.append(unit)
            else:
                result.unchanged += 1
        AdministrativeUnit.objects.bulk_create(created, batch_size=2000)
        AdministrativeUnit.objects.bulk_update(
            changed, ["name", "level", "parent", "valid_from", "valid_until"], batch_size=2000
        )
        result.created += len(created)
        result.updated += len(changed)
    return result
