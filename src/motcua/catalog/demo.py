"""The demo province's procedures: the real national catalog, read from outside the package.

The national exports carry no licence, so motcua never ships them: they are read from
``$MOTCUA_CATALOG_DATA`` or, by default, ``shared/data/tthc`` beside the repository. When neither
exists the demo runs without procedures and says so. Ministries map to the demo's agencies:
justice to the Department of Justice (province level) and the commune People's Committees
(commune level), police to the provincial police, construction to the Department of
Construction and finance (its first file: business and household business registration) to the
Department of Finance (and the communes for commune-level procedures).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from motcua.catalog.models import Agency, GovernmentLevel, Procedure
from motcua.catalog.services import ImportReport, assign_offerings, import_file

DATA_ENV = "MOTCUA_CATALOG_DATA"
DEMO_FILES = (
    "tthc_bo-tu-phap.jsonl",
    "tthc_bo-cong-an.jsonl",
    "tthc_bo-xay-dung.jsonl",
    # finance, first part: business and household business registration (1.001612)
    "tthc_bo-tai-chinh_part1.jsonl",
)


@dataclass
class DemoCatalog:
    data_dir: Path | None
    reports: list[ImportReport] = field(default_factory=list)
    offerings: int = 0

    @property
    def procedure_count(self) -> int:
        return sum(r.total for r in self.reports)


def catalog_data_dir() -> Path | None:
    """Where the national exports are: $MOTCUA_CATALOG_DATA, else ``shared/data/tthc`` beside
    the repository found from the working directory or from this file. None when absent."""
    configured = os.environ.get(DATA_ENV, "").strip()
    if configured:
        path = Path(configured)
        return path if path.is_dir() else None
    for start in (Path.cwd().resolve(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            if (folder / "pyproject.toml").is_file():
                candidate = folder.parent / "shared" / "data" / "tthc"
                if candidate.is_dir():
                    return candidate
                break
    return None


def load_demo_catalog(agencies: dict[str, Agency], *, files=DEMO_FILES) -> DemoCatalog:
    """Import the demo ministries' procedures and assign them to the demo's agencies."""
    data_dir = catalog_data_dir()
    result = DemoCatalog(data_dir=data_dir)
    if data_dir is None:
        print(
            f"motcua: no procedure catalog found (set {DATA_ENV} or put shared/data/tthc beside "
            "the repository); the demo runs without procedures.",
            file=sys.stderr,
        )
        return result
    for name in files:
        path = data_dir / name
        if path.is_file():
            result.reports.append(import_file(path))
        else:
            print(f"motcua: {path} is missing; skipped.", file=sys.stderr)

    communes = [
        a
        for a in agencies.values()
        if a.kind == Agency.Kind.PEOPLES_COMMITTEE and a.administrative_unit.level == 3
    ]
    by_identifier = {a.identifier: a for a in agencies.values()}
    # ministry folder of the record's source file -> (province-level agency, communes too?)
    routes = {
        "tthc_bo-tu-phap.jsonl": ("000.00.07.H49", True),
        "tthc_bo-cong-an.jsonl": ("000.00.02.H49", False),
        "tthc_bo-xay-dung.jsonl": ("000.00.10.H49", True),
        "tthc_bo-tai-chinh_part1.jsonl": ("000.00.05.H49", True),
    }
    pairs = []
    for report in result.reports:
        province_agency, to_communes = routes.get(report.source, (None, False))
        if province_agency not in by_identifier:
            continue
        codes = [*report.created, *report.updated, *report.new_versions, *report.unchanged]
        for procedure_id, levels in Procedure.objects.filter(code__in=codes).values_list(
            "id", "levels"
        ):
            if to_communes and GovernmentLevel.COMMUNE in levels:
                pairs += [(procedure_id, commune.pk) for commune in communes]
                if GovernmentLevel.PROVINCE in levels:
                    pairs.append((procedure_id, by_identifier[province_agency].pk))
            elif GovernmentLevel.PROVINCE in levels or GovernmentLevel.COMMUNE in levels:
                pairs.append((procedure_id, by_identifier[province_agency].pk))
    result.offerings = assign_offerings(pairs)
    return result
