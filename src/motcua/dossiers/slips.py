"""Turn a dossier and one of its events into the data of an official slip (paperwork)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from motcua.catalog.models import TimeUnit
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.paperwork import slips as paper
from motcua.paperwork.numbering import SeriesKind, document_number


def lookup_url(dossier: Dossier) -> str:
    base = getattr(settings, "MOTCUA_PUBLIC_URL", "").rstrip("/")
    return f"{base}/tra-cuu/?ma={dossier.code}"


def agency_header(dossier: Dossier) -> paper.AgencyHeader:
    return agency_header_of(dossier.agency)


def agency_header_of(agency) -> paper.AgencyHeader:
    parent = agency.parent.name if agency.parent_id else ""
    place = agency.administrative_unit.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return paper.AgencyHeader(
        name=agency.name, place=place, parent_name=parent, identifier=agency.identifier
    )


def applicant(dossier: Dossier) -> paper.Applicant:
    return paper.Applicant(
        name=dossier.applicant_name,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )


def statutory_text(dossier: Dossier) -> str:
    option = dossier.procedure_version.channels.exclude(processing_time=None).first()
    if option is None:
        return ""
    amount = f"{option.processing_time.normalize():f}".replace(".", ",")
    return f"{amount} {TimeUnit(option.time_unit).label}"


def build(dossier: Dossier, event: DossierEvent, kind: str):
    actor = event.actor_name
    matter = dossier.procedure_version.procedure.name
    today = timezone.localdate()
    if kind == "receipt":
        documents = tuple(
            paper.SubmittedDocument(
                # The national exports list some documents with 0 copies; one handed in is one.
                name=d.name,
                form=paper.DocumentForm(d.form or "original"),
                quantity=max(d.copies, 1),
            )
            for d in dossier.documents.filter(kind=DossierDocument.Kind.SUBMITTED, present=True)
        )
        delivery = {
            Dossier.ResultDelivery.POST: paper.ResultDelivery.BY_POST,
            Dossier.ResultDelivery.ONLINE: paper.ResultDelivery.ONLINE,
        }.get(dossier.result_delivery, paper.ResultDelivery.AT_DESK)
        return paper.ReceiptSlip(
            agency=agency_header(dossier),
            dossier_code=dossier.code,
            lookup_url=lookup_url(dossier),
            applicant=applicant(dossier),
            matter=matter,
            documents=documents,
            sets=dossier.sets,
            statutory_time=statutory_text(dossier),
            received_at=dossier.received_at,
            due_at=dossier.due_at,
            delivery=delivery,
            receiver_name=actor,
            collect_at=dossier.agency.address,
            submitter_name=dossier.applicant_name,
            issued_on=today,
        ), None
    if kind == "supplement_request":
        items = tuple(line.strip(" -•") for line in event.note.splitlines() if line.strip())
        return paper.SupplementRequestSlip(
            agency=agency_header(dossier),
            dossier_code=dossier.code,
            lookup_url=lookup_url(dossier),
            applicant=applicant(dossier),
            matter=matter,
            requirements=items or (event.note,),
            reason=event.note,
            guide_name=actor,
            issued_on=today,
            received_at=dossier.received_at,
        ), None
    if kind == "refusal":
        return paper.RefusalSlip(
            agency=agency_header(dossier),
            dossier_code=dossier.code,
            lookup_url=lookup_url(dossier),
            applicant=applicant(dossier),
            matter=matter,
            reasons=(event.note,),
            receiver_name=actor,
            issued_on=today,
            submitted_at=dossier.submitted_at,
        ), None
    if kind == "apology":
        from motcua.dossiers.clock_store import load
        from motcua.paperwork.services import next_number

        clock = load(dossier.clock)
        number = next_number(dossier.agency, today.year, SeriesKind.APOLOGY)
        return paper.ApologySlip(
            agency=agency_header(dossier),
            number=number,
            dossier_code=dossier.code,
            lookup_url=lookup_url(dossier),
            applicant=applicant(dossier),
            matter=matter,
            received_at=dossier.received_at,
            original_due_at=clock.original_due_at,
            reason=event.note,
            new_due_at=clock.due_at,
            signer_name=actor,
            issued_on=today,
        ), f"{number:02d}/PXL"
    if kind == "stop_notice":
        from motcua.paperwork.services import next_number

        number = next_number(dossier.agency, today.year, SeriesKind.STOP_NOTICE)
        return paper.StopProcessingNotice(
            agency=agency_header(dossier),
            number=number,
            dossier_code=dossier.code,
            lookup_url=lookup_url(dossier),
            applicant=applicant(dossier),
            matter=matter,
            received_at=dossier.received_at or dossier.submitted_at,
            reason=event.note,
            signer_name=actor,
            issued_on=today,
        ), document_number(SeriesKind.STOP_NOTICE, number)
    return None, None


# Slips the agency's seal makes official (Circular 01/2018 Art 9-10: slips are "ký số").
SEALED_KINDS = {"receipt", "apology", "refusal", "supplement_request", "stop_notice"}


def tracking_book(agency, year: int) -> paper.TrackingBook:
    """Form 06 (Sổ theo dõi hồ sơ) of ``agency`` for ``year``: every dossier it received that
    year, in the order received, numbered from 1."""
    entries = []
    dossiers = (
        Dossier.objects.filter(agency=agency, received_at__year=year)
        .select_related("procedure_version__procedure", "current_agency")
        .prefetch_related("transfers")
        .order_by("received_at", "pk")
    )
    for dossier in dossiers:
        first_transfer = min((t.sent_at for t in dossier.transfers.all()), default=None)
        entries.append(
            paper.TrackingEntry(
                dossier_code=dossier.code,
                procedure=dossier.procedure_version.procedure.name,
                sets=dossier.sets,
                applicant_name=dossier.applicant_name,
                applicant_address=dossier.applicant_address,
                applicant_phone=dossier.applicant_phone,
                lead_agency=dossier.current_agency.name,
                received_at=dossier.received_at,
                due_at=dossier.due_at or dossier.received_at,
                transferred_at=first_transfer,
                result_received_at=dossier.completed_at,
                returned_at=dossier.returned_at,
            )
        )
    return paper.TrackingBook(
        agency=agency_header_of(agency),
        year=year,
        entries=tuple(entries),
        issued_on=timezone.localdate(),
    )
