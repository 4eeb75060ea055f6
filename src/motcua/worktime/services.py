"""Changes to the stored calendar: importing decisions and confirming a projected year.

A year's decisions are replaced as a whole, in one transaction: the government's announcement
for a year is a complete list, and a half-imported year would silently drop holidays.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from motcua.worktime.holidays import Decision, DecisionStatus, projected_holidays
from motcua.worktime.models import CalendarDecision


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    years: list[int] = field(default_factory=list)

    def summary(self) -> str:
        years = ", ".join(str(y) for y in self.years) or "—"
        return (
            f"years {years}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deleted} removed"
        )


def _fields(decision: Decision) -> dict:
    return {
        "kind": decision.kind.value,
        "reason": decision.reason.value,
        "name": decision.name,
        "source": decision.source,
        "scope": decision.scope,
    }


@transaction.atomic
def import_decisions(decisions: list[Decision]) -> ImportReport:
    """Make the stored decisions of every year present in ``decisions`` equal to them."""
    by_year: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        if decision.status is DecisionStatus.PROJECTED:
            continue  # projections are computed, never stored
        by_year[decision.date.year].append(decision)
    report = ImportReport(years=sorted(by_year))
    for year, items in sorted(by_year.items()):
        existing = {
            d.date: d for d in CalendarDecision.objects.select_for_update().filter(date__year=year)
        }
        for decision in items:
            values = _fields(decision)
            current = existing.pop(decision.date, None)
            if current is None:
                CalendarDecision.objects.create(date=decision.date, **values)
                report.created += 1
            elif any(getattr(current, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(current, key, value)
                current.save()
                report.updated += 1
            else:
                report.unchanged += 1
        for stale in existing.values():
            stale.delete()
            report.deleted += 1
    return report


@transaction.atomic
def confirm_projected_year(year: int, source: str) -> int:
    """Store a year's projection as official decisions, to be edited from there.

    Refuses a year that already has decisions: confirming must never overwrite them.
    """
    if CalendarDecision.objects.filter(date__year=year).exists():
        raise ValueError(f"{year} already has official decisions")
    projected = projected_holidays(year)
    CalendarDecision.objects.bulk_create(
        CalendarDecision(date=d.date, **{**_fields(d), "source": source}) for d in projected
    )
    return len(projected)
