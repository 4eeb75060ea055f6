"""Follow-up jobs of dossier actions: the work an action asked for that must not slow the
action itself (PDF slips now; signatures and notifications as their apps connect)."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from procrastinate.contrib.django import app

from motcua.dossiers.models import DossierEvent, DossierSlip

logger = logging.getLogger(__name__)


@app.task(name="dossiers.process_event_followups", retry=5, pass_context=False)
def process_event_followups(event_id: int) -> None:
    event = DossierEvent.objects.select_related("dossier").get(pk=event_id)
    for item in event.payload.get("pending", []):
        if item["effect"] == "issue_slip":
            issue_slip(event, item["parameter"])


def issue_slip(event: DossierEvent, kind: str) -> DossierSlip | None:
    """Render and store the slip once (a retried job finds it already there)."""
    from motcua.dossiers.slips import build
    from motcua.paperwork.rendering import render_slip

    existing = DossierSlip.objects.filter(event=event, kind=kind).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        slip, number = build(event.dossier, event, kind)
        if slip is None:
            logger.warning("no slip template for %s (dossier %s)", kind, event.dossier.code)
            return None
        pdf = render_slip(slip)
        record = DossierSlip(dossier=event.dossier, event=event, kind=kind, number=number or "")
        record.file.save(f"{event.dossier.code}-{kind}.pdf", ContentFile(pdf), save=False)
        record.save()
        return record
