"""Changes to the procedure catalog: importing the national exports, assigning procedures to
agencies, recording admin edits in the change log.

Every mutation runs in one transaction. The import never edits a version's legal content in
place: a changed procedure gets a new version and the old one is closed, because dossiers keep
the version in force when they were received. Views and commands call these functions; nothing
here renders or parses HTTP.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.catalog.models import (
    Agency,
    ChannelOption,
    Field,
    Procedure,
    ProcedureChange,
    ProcedureOffering,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.national_catalog import NationalCatalogError, ProcedureRecord, read_file

__all__ = [
    "ImportReport",
    "NationalCatalogError",
    "assign_offerings",
    "import_file",
    "import_records",
    "record_admin_change",
    "refresh_agency_names",
]


@dataclass
class ImportReport:
    """What one file did to the catalog."""

    source: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unparsed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.new_versions) + len(self.unchanged)

    def lines(self) -> list[str]:
        lines = [
            f"{self.source}: {self.total} thủ tục — tạo mới {len(self.created)}, cập nhật "
            f"{len(self.updated)}, phiên bản mới {len(self.new_versions)}, không đổi "
            f"{len(self.unchanged)}, không phân tích được {len(self.unparsed)}"
        ]
        lines += [f"  {code}: {reason}" for code, reason in self.unparsed]
        return lines


def import_file(path: Path, *, actor=None, today: datetime.date | None = None) -> ImportReport:
    """Import one XLSX list or JSONL detail file: all of it, or nothing (``NationalCatalogError``
    for a file that cannot be read, before anything is written)."""
    records = read_file(path)
    return import_records(records, source=path.name, actor=actor, today=today)


@transaction.atomic
def import_records(
    records: Sequence[ProcedureRecord],
    *,
    source: str,
    actor=None,
    today: datetime.date | None = None,
) -> ImportReport:
    """Create or update procedures by code, in bulk (a province's catalog loads in seconds).

    Detail records are authoritative: a changed legal content (``content_hash``) closes the
    version in force and opens a new one from ``today``. List rows (XLSX) only create procedures
    not known yet and refresh the name and field of those that have no details, so importing a
    list after the details never undoes them.
    """
    today = today or timezone.localdate()
    report = ImportReport(source=source)
    fields = _fields_for(records)
    existing = {
        p.code: p
        for p in Procedure.objects.select_for_update().filter(code__in=[r.code for r in records])
    }
    open_versions = {
        v.procedure_id: v
        for v in ProcedureVersion.objects.select_for_update().filter(
            procedure__in=existing.values(), valid_until__isnull=True
        )
    }
    latest_numbers = dict(
        ProcedureVersion.objects.filter(procedure__in=existing.values())
        .values_list("procedure_id")
        .annotate(latest=Max("number"))
    )

    new_procedures: list[Procedure] = []
    changed_procedures: list[Procedure] = []
    versions_for: list[tuple[Procedure, ProcedureRecord, int]] = []
    closed_versions: list[ProcedureVersion] = []
    changes: list[ProcedureChange] = []

    for record in records:
        if record.problems:
            report.unparsed.append((record.code, "; ".join(record.problems)))
        field_obj = fields.get(record.field_name)
        procedure = existing.get(record.code)
        if procedure is None:
            procedure = Procedure(code=record.code)
            _apply_identity(procedure, record, field_obj)
            new_procedures.append(procedure)
            report.created.append(record.code)
            if record.has_details:
                versions_for.append((procedure, record, 1))
            continue

        current = open_versions.get(procedure.pk)
        has_details = current is not None or procedure.pk in latest_numbers
        if record.has_details or not has_details:
            identity_changed = _apply_identity(procedure, record, field_obj)
        else:
            identity_changed = _fill_blanks(procedure, record)
        if record.has_details and (current is None or current.content_hash != record.content_hash):
            number = latest_numbers.get(procedure.pk, 0) + 1
            if current is not None:
                current.valid_until = max(today, current.valid_from)
                closed_versions.append(current)
            versions_for.append((procedure, record, number))
            changed_procedures.append(procedure)
            report.new_versions.append(record.code)
        elif identity_changed:
            changed_procedures.append(procedure)
            report.updated.append(record.code)
            changes.append(
                ProcedureChange(
                    procedure=procedure,
                    kind=ProcedureChange.Kind.UPDATED,
                    source=ProcedureVersion.Source.IMPORT,
                    actor=actor,
                    summary=f"Cập nhật tên, lĩnh vực hoặc cấp thực hiện từ {source}.",
                )
            )
        else:
            report.unchanged.append(record.code)

    Procedure.objects.bulk_create(new_procedures, batch_size=500)
    for procedure in new_procedures:
        changes.append(
            ProcedureChange(
                procedure=procedure,
                kind=ProcedureChange.Kind.CREATED,
                source=ProcedureVersion.Source.IMPORT,
                actor=actor,
                summary=f"Tạo từ {source}.",
            )
        )
    if closed_versions:
        ProcedureVersion.objects.bulk_update(closed_versions, ["valid_until"], batch_size=500)

    for procedure, record, _number in versions_for:
        procedure.service_level = record.service_level
        procedure.online_mode = record.online_mode
    if changed_procedures:
        Procedure.objects.bulk_update(
            changed_procedures,
            [
                "name",
                "field",
                "field_name",
                "levels",
                "issuing_body",
                "implementing_bodies",
                "procedure_type",
                "source_url",
                "service_level",
                "online_mode",
                "updated_at",
            ],
            batch_size=500,
        )
    if new_procedures and versions_for:
        Procedure.objects.bulk_update(
            [p for p, _r, _n in versions_for if p in new_procedures],
            ["service_level", "online_mode"],
            batch_size=500,
        )

    versions = [_version_from(p, r, n, today) for p, r, n in versions_for]
    ProcedureVersion.objects.bulk_create(versions, batch_size=500)
    channels, documents = [], []
    for version, (procedure, record, number) in zip(versions, versions_for, strict=True):
        channels += _channels_from(version, record)
        documents += _documents_from(version, record)
        if number > 1:
            changes.append(
                ProcedureChange(
                    procedure=procedure,
                    version=version,
                    kind=ProcedureChange.Kind.NEW_VERSION,
                    source=ProcedureVersion.Source.IMPORT,
                    actor=actor,
                    summary=f"Phiên bản {number} từ {source}: nội dung pháp lý thay đổi.",
                )
            )
    ChannelOption.objects.bulk_create(channels, batch_size=2000)
    RequiredDocument.objects.bulk_create(documents, batch_size=2000)
    ProcedureChange.objects.bulk_create(changes, batch_size=2000)
    if len(new_procedures) + len(versions) >= ANALYZE_AFTER:
        _analyze_catalog()
    return report


# A bulk load changes the catalog's tables far more than the planner's statistics know until
# autovacuum analyses them (up to a minute later). A plan made meanwhile on a fresh database can
# be catastrophic: deleting the imported national catalog (Django's cascade, a version IN list
# joined to procedures) ran 19 minutes on statistics of nearly empty tables instead of 20 ms.
ANALYZE_AFTER = 200  # procedures or versions written by one import
_CATALOG_TABLES = (
    Field,
    Procedure,
    ProcedureVersion,
    ChannelOption,
    RequiredDocument,
    ProcedureChange,
)


def _analyze_catalog() -> None:
    """Refresh the planner's statistics of the catalog's tables (in the import's transaction,
    whose own rows ANALYZE counts; it blocks neither reads nor writes)."""
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in _CATALOG_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _fields_for(records: Iterable[ProcedureRecord]) -> dict[str, Field]:
    names = {r.field_name for r in records if r.field_name}
    ministries = {r.field_name: r.issuing_body for r in records if r.field_name and r.issuing_body}
    known = {f.name: f for f in Field.objects.filter(name__in=names)}
    missing = [Field(name=n, ministry=ministries.get(n, "")) for n in sorted(names - set(known))]
    Field.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        known = {f.name: f for f in Field.objects.filter(name__in=names)}
    return known


def _apply_identity(procedure: Procedure, record: ProcedureRecord, field_obj) -> bool:
    """Copy what identifies the procedure; True when something changed."""
    values = {
        "name": record.name,
        "field": field_obj,
        "field_name": field_obj.name if field_obj else "",
    }
    if record.levels:
        values["levels"] = record.levels
    for attr in ("issuing_body", "implementing_bodies", "procedure_type", "source_url"):
        if getattr(record, attr):
            values[attr] = getattr(record, attr)
    changed = False
    for attr, value in values.items():
        if getattr(procedure, attr) != value:
            setattr(procedure, attr, value)
            changed = True
    return changed


def _fill_blanks(procedure: Procedure, record: ProcedureRecord) -> bool:
    """A list row may still tell what the details left out (the issuing ministry)."""
    changed = False
    for attr in ("issuing_body", "implementing_bodies"):
        if not getattr(procedure, attr) and getattr(record, attr):
            setattr(procedure, attr, getattr(record, attr))
            changed = True
    return changed


def _version_from(
    procedure: Procedure, record: ProcedureRecord, number: int, today: datetime.date
) -> ProcedureVersion:
    return ProcedureVersion(
        procedure=procedure,
        number=number,
        valid_from=today,
        decision_number=record.decision_number,
        service_level=record.service_level,
        online_mode=record.online_mode,
        cutoff_applies=record.cutoff_applies,
        steps=record.steps,
        legal_basis=record.legal_basis,
        conditions=record.conditions,
        result=record.result,
        target_group=record.target_group,
        raw_channels_text=record.raw_channels_text,
        raw_documents_text=record.raw_documents_text,
        content_hash=record.content_hash,
        source=ProcedureVersion.Source.IMPORT,
        eform_ui={},
    )


def _channels_from(version: ProcedureVersion, record: ProcedureRecord) -> list[ChannelOption]:
    return [
        ChannelOption(
            version=version,
            position=index,
            channel=row.channel,
            processing_time=row.processing_time,
            time_unit=row.time_unit,
            time_unit_stated=row.time_unit_stated,
            fee_vnd=row.fee_vnd,
            fee_text=row.fee_text,
            description=row.description,
        )
        for index, row in enumerate(record.channels)
    ]


def _documents_from(version: ProcedureVersion, record: ProcedureRecord) -> list[RequiredDocument]:
    return [
        RequiredDocument(
            version=version,
            position=index,
            group=row.group,
            name=row.name,
            form=row.form,
            copies=row.copies,
            requirement=row.requirement,
            template_name=row.template_name,
            filled_by_eform=row.filled_by_eform,
        )
        for index, row in enumerate(record.documents)
    ]


@transaction.atomic
def assign_offerings(pairs: Iterable[tuple[Procedure | int, Agency | int]]) -> int:
    """Let agencies offer procedures (idempotent); returns how many offerings were new."""
    wanted = {
        (getattr(p, "pk", p), getattr(a, "pk", a)) for p, a in pairs
    }  # procedure id, agency id
    if not wanted:
        return 0
    existing = set(
        ProcedureOffering.objects.filter(
            procedure_id__in={p for p, _ in wanted}, agency_id__in={a for _, a in wanted}
        ).values_list("procedure_id", "agency_id")
    )
    new = [ProcedureOffering(procedure_id=p, agency_id=a) for p, a in sorted(wanted - existing)]
    ProcedureOffering.objects.bulk_create(new, batch_size=2000)
    refresh_agency_names({p for p, _ in wanted})
    return len(new)


def refresh_agency_names(procedure_ids: Iterable[int] | None = None) -> None:
    """Copy the offering agencies' names into ``Procedure.agency_names`` so search finds a
    procedure by the agency that offers it. One statement, whatever the number of procedures."""
    ids = None if procedure_ids is None else list(procedure_ids)
    where, params = ("", []) if ids is None else ("WHERE p.id = ANY(%s)", [ids])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE catalog_procedure AS p
               SET agency_names = COALESCE(names.joined, '')
              FROM catalog_procedure AS p2
              LEFT JOIN (
                    SELECT o.procedure_id,
                           string_agg(a.name, ' ; ' ORDER BY a.name) AS joined
                      FROM catalog_procedureoffering o
                      JOIN catalog_agency a ON a.id = o.agency_id
                     WHERE o.is_active AND a.is_active
                     GROUP BY o.procedure_id
                   ) AS names ON names.procedure_id = p2.id
             WHERE p2.id = p.id {where.replace("WHERE", "AND")}
               AND p.agency_names IS DISTINCT FROM COALESCE(names.joined, '')
            """,  # noqa: S608 - only the fixed WHERE clause is formatted in
            params,
        )


def record_admin_change(procedure: Procedure, *, actor, summary: str, version=None) -> None:
    """Log an edit made in the admin, so each procedure shows its own history."""
    ProcedureChange.objects.create(
        procedure=procedure,
        version=version,
        kind=ProcedureChange.Kind.UPDATED,
        source=ProcedureVersion.Source.ADMIN,
        actor=actor,
        summary=summary,
    )
