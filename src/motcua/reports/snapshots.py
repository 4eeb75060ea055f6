"""Published reports: the province's processing report of a closed period, frozen when it is
published, and how today's recomputation differs from it.

What it is for: the figures a province publishes (and is ranked on) must not move when a late
correction arrives; the public page shows the published figures and says so, and the staff see
which cells today's count would change.

It must never change a published report: a correction is shown as a difference, not applied.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.reports import metrics, quality
from motcua.reports.models import PublishedReport
from motcua.reports.periods import Period
from motcua.reports.selectors import Report, ReportRow, Scope, processing_report

GROUP_BY = "agency"  # the public page's layout: one row per receiving agency


def _row(row: ReportRow) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "source": row.source,
        "agency_label": row.agency_label,
        "values": {key: row.values.get(key) for key in metrics.COUNT_KEYS + metrics.RATE_KEYS},
    }


def serialize(report: Report) -> dict:
    return {
        "group_by": report.group_by,
        "as_of": report.as_of.isoformat(),
        "rows": [_row(r) for r in report.rows],
        "system_total": _row(report.system_total),
        "external_rows": [_row(r) for r in report.external_rows],
        "grand_total": _row(report.grand_total),
        "external_left_out": report.external_left_out,
    }


def checksum(figures: dict) -> str:
    canonical = json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def publish_report(period: Period, actor, *, now: datetime | None = None) -> PublishedReport:
    """Freeze the province's report of ``period`` (which must have ended) as published."""
    from motcua.reports.views import allowed_agencies

    if allowed_agencies(actor) is not None:
        raise PermissionDenied
    now = now or timezone.now()
    if period.end > now:
        raise ValidationError(_("Chỉ công bố số liệu của kỳ đã kết thúc."))
    figures = serialize(processing_report(period, GROUP_BY, Scope(), now=now))
    figures["quality"] = quality.serialize(quality.measure(period, Scope()))
    try:
        with transaction.atomic():
            return PublishedReport.objects.create(
                kind=period.kind,
                first_day=period.first_day,
                last_day=period.last_day,
                figures=figures,
                checksum=checksum(figures),
                published_by=actor,
                published_at=now,
            )
    except IntegrityError:
        raise ValidationError(_("Số liệu của kỳ này đã được công bố.")) from None


def published(period: Period) -> PublishedReport | None:
    return (
        PublishedReport.objects.filter(
            kind=period.kind, first_day=period.first_day, last_day=period.last_day
        )
        .select_related("published_by")
        .first()
    )


def _from_row(data: dict) -> ReportRow:
    return ReportRow(
        key=data["key"],
        label=data["label"],
        values=dict(data["values"]),
        source=data.get("source", ""),
        agency_label=data.get("agency_label", ""),
    )


def as_report(publication: PublishedReport, period: Period) -> Report:
    """The published figures in the shape of a live report (for the same templates)."""
    if checksum(publication.figures) != publication.checksum:
        raise ValueError(f"published report {publication.pk} does not match its checksum")
    figures = publication.figures
    return Report(
        period=period,
        group_by=figures["group_by"],
        scope=Scope(),
        as_of=parse_datetime(figures["as_of"]),
        rows=[_from_row(r) for r in figures["rows"]],
        system_total=_from_row(figures["system_total"]),
        external_rows=[_from_row(r) for r in figures["external_rows"]],
        grand_total=_from_row(figures["grand_total"]),
        external_left_out=figures.get("external_left_out", 0),
    )


@dataclass
class Change:
    row: str
    metric: metrics.Metric
    published: object
    today: object


def changes_since(publication: PublishedReport, period: Period) -> list[Change]:
    """Every cell where today's recomputation differs from the published figure."""
    frozen = as_report(publication, period)
    today = processing_report(period, frozen.group_by, Scope())

    def by_key(report):
        rows = {("row", r.key): r for r in report.rows}
        rows.update({("external", r.source, r.key): r for r in report.external_rows})
        rows[("total",)] = report.grand_total
        return rows

    before, after = by_key(frozen), by_key(today)
    result = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        label = (old or new).label
        for column in metrics.COLUMNS:
            was = old.values.get(column) if old else None
            now = new.values.get(column) if new else None
            if (was or 0) != (now or 0):
                result.append(Change(label, metrics.BY_KEY[column], was, now))
    return result
