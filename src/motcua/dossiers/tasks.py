"""Follow-up jobs of dossier actions: the work an action asked for that must not slow it or
hold its row lock: PDF slips, digital signatures of results, payment requests. (Notifications
are written in the action's own transaction; their delivery is the notifications app's job.)"""

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
        elif item["effect"] == "sign_result":
            sign_results(event)
        elif item["effect"] == "request_payment":
            from motcua.payments.services import request_payment

            request_payment(event.dossier, event.actor)


def issue_slip(event: DossierEvent, kind: str) -> DossierSlip | None:
    """Render and store the slip once (a retried job finds it already there)."""
    from motcua.dossiers.slips import build
    from motcua.paperwork.forms import FormNotInSet
    from motcua.paperwork.rendering import render_slip
    from motcua.paperwork.slips import SlipError

    existing = DossierSlip.objects.filter(event=event, kind=kind).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        slip, number = build(event.dossier, event, kind)
        if slip is None:
            logger.warning("no slip template for %s (dossier %s)", kind, event.dossier.code)
            return None
        try:
            rendered = render_slip(slip)
        except (SlipError, FormNotInSet) as error:  # no stop notice in the 2018 form set
            from motcua.dossiers.services import record_event

            record_event(
                event.dossier,
                "slip_not_issued",
                "Không lập được phiếu",
                note=str(error),
                payload={"slip": kind},
            )
            return None
        pdf = seal_if_possible(rendered, event.dossier, kind)
        record = DossierSlip(dossier=event.dossier, event=event, kind=kind, number=number or "")
        record.file.save(f"{event.dossier.code}-{kind}.pdf", ContentFile(pdf), save=False)
        record.save()
        return record


def seal_if_possible(pdf: bytes, dossier, kind: str) -> bytes:
    """Seal the slip with the receiving agency's organisation certificate when it has one;
    an agency without one still issues the slip (printed and stamped by hand), and the dossier
    log says so."""
    from motcua.dossiers.services import record_event
    from motcua.dossiers.slips import SEALED_KINDS
    from motcua.signing import selectors
    from motcua.signing.services import SigningError, seal_pdf

    if kind not in SEALED_KINDS:
        return pdf
    if selectors.seal_profile_for(dossier.agency) is None:
        record_event(
            dossier,
            "slip_not_sealed",
            "Phiếu chưa được ký số",
            note="Cơ quan chưa có chứng thư số tổ chức trong hệ thống.",
            payload={"slip": kind},
        )
        return pdf
    try:
        return seal_pdf(
            pdf,
            dossier.agency,
            reason="Phiếu của Bộ phận Một cửa",
            location=dossier.agency.name,
            reference=dossier.code,
        )
    except SigningError as error:
        record_event(
            dossier,
            "slip_not_sealed",
            "Phiếu chưa được ký số",
            note=str(error),
            payload={"slip": kind},
        )
        return pdf


def sign_results(event: DossierEvent) -> None:
    """Sign the dossier's result documents with the approving leader's certificate and the
    agency's seal (Decree 30/2020: the electronic result then has the legal value of paper).

    Runs in the follow-up job, never under the dossier's row lock: a remote signer waits for its
    holder and a time stamp is a network call. The outcome is logged on the dossier either way.
    """
    from motcua.dossiers.services import record_event
    from motcua.signing import selectors
    from motcua.signing.services import SigningError, sign_and_seal

    dossier = event.dossier
    results = list(dossier.documents.filter(kind="result", signed=False).exclude(file=""))
    if not results:
        return
    profile = selectors.signer_profile_for(event.actor) if event.actor_id else None
    if profile is None:
        record_event(
            dossier,
            "result_not_signed",
            "Chưa ký số được kết quả",
            note="Người phê duyệt chưa có chứng thư số trong hệ thống.",
        )
        return
    for document in results:
        with document.file.open("rb") as handle:
            pdf = handle.read()
        if not pdf.startswith(b"%PDF-"):
            record_event(
                dossier,
                "result_not_signed",
                "Chưa ký số được kết quả",
                note=f"“{document.name}” không phải tệp PDF nên không ký số được.",
            )
            continue
        try:
            signed = sign_and_seal(
                pdf,
                profile,
                reason="Phê duyệt kết quả giải quyết",
                location=dossier.agency.name,
                reference=dossier.code,
            )
        except SigningError as error:
            record_event(dossier, "result_not_signed", "Chưa ký số được kết quả", note=str(error))
            continue
        with transaction.atomic():
            document.file.save(
                document.file.name.rsplit("/", 1)[-1], ContentFile(signed), save=False
            )
            document.signed = True
            document.save(update_fields=["file", "signed"])
            record_event(
                dossier,
                "result_signed",
                "Đã ký số kết quả",
                actor=event.actor,
                role=event.actor_role,
                note=document.name,
            )


@app.periodic(cron="*/10 * * * *", periodic_id="sla_sweep")
@app.task(name="dossiers.sla_sweep", queueing_lock="dossiers.sla_sweep", pass_context=False)
def sla_sweep(timestamp: int) -> None:
    """Every 10 minutes: alert near-due and overdue dossiers (see ``sweeps``)."""
    from motcua.dossiers.sweeps import sweep

    report = sweep()
    if report.near_due or report.overdue:
        logger.info(
            "deadline sweep: %d near due, %d overdue", len(report.near_due), len(report.overdue)
        )
