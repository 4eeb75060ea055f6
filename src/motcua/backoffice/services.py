"""Back-office operations that put several engine calls into one transaction.

The counter's single submit records the dossier, keeps its scans and takes the reception
decision together; an action that needs a result stores the result file with the action. If the
engine refuses (a missing mandatory document, a stale page, a role), nothing is recorded and the
files written are removed. State changes only through ``dossiers.services``; this module never
moves a dossier by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from motcua.catalog.models import Channel, ProcedureVersion
from motcua.core.uploads import CheckedUpload
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.permissions import can_view
from motcua.dossiers.services import (
    ApplicantData,
    Conflict,
    DossierError,
    perform_action,
    receive_dossier,
)


@dataclass
class CounterReception:
    """What the counter officer entered on the reception screen."""

    procedure_version: ProcedureVersion
    applicant: ApplicantData
    decision: str  # accept, request_supplement or refuse
    note: str = ""
    present: set[int] = field(default_factory=set)  # RequiredDocument ids ticked
    scans: dict[int, CheckedUpload] = field(default_factory=dict)  # RequiredDocument id -> scan
    sets: int = 1
    result_delivery: str = Dossier.ResultDelivery.COUNTER


class _StoredFiles:
    """Files written during a transaction, removed again if it rolls back."""

    def __init__(self):
        self.files = []

    def save(self, field_file, upload: CheckedUpload):
        field_file.save(upload.stored_name, upload.file, save=False)
        self.files.append((field_file.storage, field_file.name))

    def discard(self):
        for storage, name in self.files:
            storage.delete(name)


def receive_at_counter(
    *, agency, actor, reception: CounterReception
) -> tuple[Dossier, DossierEvent]:
    """Record a paper dossier at the counter and take the reception decision in one go."""
    stored = _StoredFiles()
    try:
        with transaction.atomic():
            dossier = receive_dossier(
                agency=agency,
                procedure_version=reception.procedure_version,
                channel=Channel.COUNTER,
                applicant=reception.applicant,
                actor=actor,
                present_documents=sorted(reception.present | set(reception.scans)),
                sets=reception.sets,
                result_delivery=reception.result_delivery,
            )
            documents = dossier.documents.filter(required_document_id__in=list(reception.scans))
            for document in documents:
                stored.save(document.file, reception.scans[document.required_document_id])
                document.present = True  # a scanned document was handed in
                document.save(update_fields=["file", "present"])
            event = perform_action(dossier, reception.decision, actor, note=reception.note)
    except BaseException:
        stored.discard()
        raise
    dossier.refresh_from_db()
    return dossier, event


def take_action(
    dossier: Dossier,
    action_code: str,
    actor,
    *,
    note: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
    result: CheckedUpload | None = None,
    result_name: str = "",
) -> DossierEvent:
    """``perform_action``, storing ``result`` as the dossier's result document first when the
    action needs one: both are kept, or neither."""
    stored = _StoredFiles()
    try:
        with transaction.atomic():
            if result is not None:
                try:
                    # Lock and check the version before writing the file: a stale page must
                    # not leave a result behind.
                    locked = Dossier.objects.select_for_update(nowait=True, of=("self",)).get(
                        pk=dossier.pk
                    )
                except DatabaseError:
                    raise Conflict(
                        "Hồ sơ đang được người khác xử lý. Vui lòng tải lại và thử lại.", "locked"
                    ) from None
                if expected_version is not None and locked.version != expected_version:
                    raise Conflict(
                        "Hồ sơ đã thay đổi sau khi bạn mở. Vui lòng tải lại trang.",
                        "stale_version",
                    )
                document = DossierDocument(
                    dossier=locked,
                    kind=DossierDocument.Kind.RESULT,
                    name=result_name.strip() or "Kết quả giải quyết",
                    present=True,
                )
                stored.save(document.file, result)
                document.save()
            return perform_action(
                dossier,
                action_code,
                actor,
                note=note,
                data=data,
                expected_version=expected_version,
            )
    except BaseException:
        stored.discard()
        raise


@dataclass(frozen=True)
class BulkOutcome:
    code: str
    ok: bool
    message: str = ""


def bulk_assign(items: list[tuple[int, int | None]], assignee_id: int, actor) -> list[BulkOutcome]:
    """Assign each (dossier id, version seen) to one specialist, one action per dossier, so a
    dossier that cannot be assigned does not hold back the others."""
    outcomes = []
    for pk, version in items:
        dossier = Dossier.objects.filter(pk=pk).first()
        if dossier is None or not can_view(actor, dossier):
            outcomes.append(BulkOutcome(str(pk), False, "Không tìm thấy hồ sơ."))
            continue
        try:
            perform_action(
                dossier, "assign", actor, data={"assignee": assignee_id}, expected_version=version
            )
        except DossierError as error:
            outcomes.append(BulkOutcome(dossier.code, False, error.message))
        else:
            outcomes.append(BulkOutcome(dossier.code, True))
    return outcomes
