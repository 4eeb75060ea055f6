"""Deadline sweeps: which open dossiers are near their due time or past it, and who is told.

Near due means due within one working day (REQUIREMENTS.md §3: the apology and new appointment
must come at least one working day before the deadline, so the near-due alert is also the
reminder to apologise in time). Each dossier is alerted once per kind and due time; the
assignee hears about it, and the heads of the department holding it. The sweep only reads and
writes alerts and messages: it never moves a dossier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import StaffRole
from motcua.dossiers.models import Dossier, SlaAlert
from motcua.dossiers.selectors import staff_with_role
from motcua.worktime.selectors import calendar_for

NEAR_DUE_WORKING_DAYS = 1


@dataclass
class SweepReport:
    near_due: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)


def open_dossiers():
    """Dossiers the agency has not decided yet and that have a due time."""
    return Dossier.objects.filter(completed_at__isnull=True, due_at__isnull=False).select_related(
        "current_agency", "assignee", "procedure_version__procedure", "agency"
    )


def people_to_tell(dossier: Dossier) -> list[User]:
    heads = staff_with_role(dossier.current_agency, StaffRole.DEPARTMENT_HEAD)
    people = {u.pk: u for u in heads}
    if dossier.assignee_id:
        people[dossier.assignee_id] = dossier.assignee
    return list(people.values())


def _alert(dossier: Dossier, kind: str, now: datetime, calendar) -> bool:
    """Record the alert and tell people, once; False when it was already sent."""
    from motcua.dossiers.messages import common_context
    from motcua.notifications.services import notify

    try:
        with transaction.atomic():
            SlaAlert.objects.create(dossier=dossier, kind=kind, due_at=dossier.due_at)
            left = calendar.working_time_between(now, dossier.due_at)
            hours = abs(left.total_seconds()) / 3600
            amount = (
                f"{hours / 8:.1f} ngày làm việc".replace(".", ",")
                if hours >= 8
                else (f"{hours:.1f} giờ làm việc".replace(".", ","))
            )
            for person in people_to_tell(dossier):
                context = common_context(dossier, person.get_full_name())
                if kind == SlaAlert.Kind.NEAR_DUE:
                    event = "dossier_near_due"
                    context |= {"due_at": dossier.due_at, "remaining": amount}
                else:
                    event = "dossier_overdue"
                    context |= {"due_at": dossier.due_at, "overdue_by": amount}
                notify(event, recipient=person, context=context, subject_ref=dossier)
    except IntegrityError:
        return False  # another sweep (or an earlier run) already alerted this due time
    return True


def sweep(now: datetime | None = None) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport()
    by_agency: dict[int, list[Dossier]] = {}
    for dossier in open_dossiers().filter(due_at__lte=now + timedelta(days=14)):
        by_agency.setdefault(dossier.current_agency_id, []).append(dossier)
    for dossiers in by_agency.values():
        calendar = calendar_for(dossiers[0].current_agency)
        horizon = calendar.add_working_time(now, days=NEAR_DUE_WORKING_DAYS)
        for dossier in dossiers:
            if dossier.due_at <= now:
                if _alert(dossier, SlaAlert.Kind.OVERDUE, now, calendar):
                    report.overdue.append(dossier.code)
            elif dossier.due_at <= horizon and _alert(
                dossier, SlaAlert.Kind.NEAR_DUE, now, calendar
            ):
                report.near_due.append(dossier.code)
    return report
