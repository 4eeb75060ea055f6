"""What citizens and officials are told when a dossier moves: the workflow's ``notify`` effects
mapped to the notification events, their recipients and context.

Runs inside the action's transaction (``notifications.services.notify`` writes its outbox row
and defers delivery there): a rolled-back action tells no one. It never sends anything itself.
"""

from __future__ import annotations

from django.conf import settings

from motcua.dossiers.models import Dossier

# workflow notify name -> notification event; None: nothing to say for that step (yet).
EVENTS = {
    "received": "dossier_received",
    "supplement_requested": "supplement_requested",
    "refused": "dossier_refused",
    "assigned": "dossier_assigned",
    "apology": "deadline_extended",
    # Only when early: a result ready on time or late is told when it is returned.
    "result_ready": "result_ready_early",
    "returned": "result_returned",
    "supplement_received": None,
    "transferred": None,
    "stopped": None,
}


def applicant_recipient(dossier: Dossier):
    from motcua.notifications.services import Recipient

    if dossier.applicant_user_id:
        return dossier.applicant_user
    return Recipient(
        name=dossier.applicant_name, phone=dossier.applicant_phone, email=dossier.applicant_email
    )


def common_context(dossier: Dossier, recipient_name: str) -> dict:
    from motcua.core.portal import portal_identity
    from motcua.dossiers.slips import lookup_url

    portal = portal_identity()
    return {
        "recipient_name": recipient_name,
        "dossier_code": dossier.code,
        "procedure_name": dossier.procedure_version.procedure.name,
        "agency_name": dossier.current_agency.name,
        "lookup_url": lookup_url(dossier),
        "portal_name": portal.title,
        "hotline": portal.hotline,
    }


def tell(ctx, name: str) -> None:
    """The ``notify`` effect of an action (``ctx`` is a ``rules.Context``)."""
    from motcua.dossiers.clock_store import load
    from motcua.notifications.services import notify

    event = EVENTS.get(name)
    if event is None or "motcua.notifications" not in settings.INSTALLED_APPS:
        return
    dossier, note = ctx.dossier, ctx.note
    if event == "dossier_assigned":
        if dossier.assignee is None:
            return
        recipient = dossier.assignee
        context = {
            **common_context(dossier, dossier.assignee.get_full_name()),
            "step_name": ctx.action.name,
            "step_due_at": dossier.due_at,
        }
    else:
        recipient = applicant_recipient(dossier)
        context = common_context(dossier, dossier.applicant_name)
        if event == "dossier_received":
            context |= {"received_at": dossier.received_at, "due_at": dossier.due_at}
        elif event == "supplement_requested":
            context |= {"reason": note, "missing_documents": note}
        elif event == "dossier_refused":
            context |= {"reason": note}
        elif event == "deadline_extended":
            clock = load(dossier.clock)
            context |= {"due_at": clock.original_due_at, "new_due_at": clock.due_at, "reason": note}
        elif event == "result_ready_early":
            if dossier.timeliness != Dossier.Timeliness.EARLY:
                return
            context |= {
                "ready_at": ctx.at,
                "due_at": dossier.due_at,
                "pickup_place": dossier.agency.address or dossier.agency.name,
            }
        elif event == "result_returned":
            context |= {"returned_at": ctx.at}
    notification = notify(event, recipient=recipient, context=context, subject_ref=dossier)
    ctx.payload.setdefault("notifications", []).append({"event": event, "id": notification.pk})


def preview_context(event: str, reference: str) -> dict | None:
    """The context a message about dossier ``reference`` would get (for template previews)."""
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure", "current_agency", "agency")
        .filter(code=reference)
        .first()
    )
    if dossier is None:
        return None
    context = common_context(dossier, dossier.applicant_name)
    context |= {
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "reason": dossier.supplement_request,
        "missing_documents": dossier.supplement_request,
        "returned_at": dossier.returned_at,
        "ready_at": dossier.completed_at,
        "pickup_place": dossier.agency.address or dossier.agency.name,
    }
    return {key: value for key, value in context.items() if value not in (None, "")}
