"""What a citizen may read about dossiers: their own list, one of their own dossiers with its
public timeline and downloads, and the anonymous lookup answer.

Every query of a citizen's dossier filters by ``applicant_user``: a dossier of someone else is
"not found", exactly like a code that does not exist, so codes and ids cannot be probed. The
timeline is built from the hash-chained event log but shows only what the citizen is meant to
see: changes of public status and what they were told; officers' internal notes never.
Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.models import Dossier, DossierDocument, DossierSlip
from motcua.workflow.definition import ProcessDefinition

SLIP_NAMES = {
    "receipt": gettext_lazy("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "supplement_request": gettext_lazy("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "refusal": gettext_lazy("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "apology": gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    "stop_notice": gettext_lazy("Thông báo dừng xử lý hồ sơ"),
}


def citizen_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers submitted from ``user``'s account, newest first."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant_user=user)
        .select_related(
            "current_agency",
            "agency",
            "assignee",
            "procedure_version__procedure",
            "process_version",
        )
        .order_by("-submitted_at", "-pk")
    )


def owned_dossier(user, code: str) -> Dossier | None:
    return citizen_dossiers(user).filter(code=code).first()


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    status: str
    action: str
    agency: str
    officer: str
    note: str = ""


@dataclass
class DossierStatus:
    dossier: Dossier
    status: str
    phase: str
    agency: str
    officer: str
    final: bool
    can_withdraw: bool
    awaiting_supplement: bool
    timeline: list[TimelineEntry] = field(default_factory=list)


def _told_to_citizen(definition: ProcessDefinition, event) -> bool:
    """Whether the event's note was meant for the citizen: an action that notifies them
    (supplement request, refusal, apology, stop) or one they took themselves."""
    if event.actor_role == "applicant":
        return True
    action = definition.action(event.from_step, event.action) if event.from_step else None
    return action is not None and action.has_effect("notify")


def public_timeline(dossier: Dossier, definition: ProcessDefinition) -> list[TimelineEntry]:
    """One entry per change the citizen can see, oldest first.

    An event enters the timeline when the public status changes, when the citizen was told
    about it, or when the citizen acted. Facts recorded beside the process (payments, messages)
    and internal moves within the same public status stay out.
    """
    entries: list[TimelineEntry] = []
    previous_status = None
    for event in dossier.events.select_related("agency").order_by("sequence"):
        first = not event.from_step
        action = None if first else definition.action(event.from_step, event.action)
        if not first and action is None:
            continue  # a recorded fact, not a step of the process
        status = definition.step(event.to_step).public_status
        told = _told_to_citizen(definition, event)
        if not (first or status != previous_status or told):
            continue
        previous_status = status
        by_citizen = event.actor_role == "applicant"
        entries.append(
            TimelineEntry(
                at=event.at,
                status=status,
                action=event.action_name,
                agency=event.agency.name,
                officer="" if by_citizen or event.actor_id is None else event.actor_name,
                note=event.note if told else "",
            )
        )
    return entries


def dossier_status(dossier: Dossier, *, with_timeline: bool = False) -> DossierStatus:
    definition = dossier.process_version.definition()
    step = definition.step(dossier.step)
    withdraw = definition.action(dossier.step, "withdraw")
    return DossierStatus(
        dossier=dossier,
        status=step.public_status,
        phase=step.phase,
        agency=dossier.current_agency.name,
        officer=dossier.assignee.get_full_name() if dossier.assignee_id else "",
        final=step.final,
        can_withdraw=(not step.final and withdraw is not None and "applicant" in withdraw.roles),
        awaiting_supplement=definition.action(dossier.step, "submit_supplement") is not None,
        timeline=public_timeline(dossier, definition) if with_timeline else [],
    )


def slips_of(dossier: Dossier) -> list[dict]:
    return [
        {"slip": slip, "name": SLIP_NAMES.get(slip.kind, slip.kind)}
        for slip in dossier.slips.exclude(file="").order_by("created_at")
    ]


def results_of(dossier: Dossier) -> QuerySet[DossierDocument]:
    """Result documents, once the agency has decided: a draft attached during appraisal is
    the officers' work in progress, not yet the citizen's."""
    if dossier.completed_at is None:
        return DossierDocument.objects.none()
    return dossier.documents.filter(kind=DossierDocument.Kind.RESULT).exclude(file="")


def owned_slip(user, code: str, pk: int) -> DossierSlip | None:
    return (
        DossierSlip.objects.filter(pk=pk, dossier__code=code, dossier__applicant_user=user)
        .exclude(file="")
        .first()
        if user.is_authenticated
        else None
    )


def owned_result(user, code: str, pk: int) -> DossierDocument | None:
    if not user.is_authenticated:
        return None
    return (
        DossierDocument.objects.filter(
            pk=pk,
            kind=DossierDocument.Kind.RESULT,
            dossier__code=code,
            dossier__applicant_user=user,
            dossier__completed_at__isnull=False,
        )
        .exclude(file="")
        .first()
    )


@dataclass(frozen=True)
class LookupAnswer:
    """What anyone may know from a dossier code (Circular 01/2018 Art 16): the code and whether
    it is completed. ``owned`` tells the page to offer the owner the full history."""

    code: str
    completed: bool
    owned: bool

    @property
    def status(self) -> str:
        return _("Đã có kết quả giải quyết") if self.completed else _("Đang giải quyết")


def lookup(code: str, user) -> LookupAnswer | None:
    dossier = (
        Dossier.objects.filter(code=code).only("code", "completed_at", "applicant_user_id").first()
    )
    if dossier is None:
        return None
    owned = bool(user.is_authenticated and dossier.applicant_user_id == user.pk)
    return LookupAnswer(dossier.code, dossier.completed_at is not None, owned)


def rating_of(dossier: Dossier):
    """The citizen's satisfaction rating of ``dossier``, or None."""
    from motcua.portal.models import SatisfactionRating

    return SatisfactionRating.objects.filter(dossier=dossier).first()
