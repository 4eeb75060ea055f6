"""The one way to create and move a dossier.

``receive_dossier`` records a new dossier at the first step of its process; ``perform_action``
moves it along one action of that process. Both run in one transaction with the dossier row
locked (waiting at most ``LOCK_WAIT_MS`` for a background job's short lock, then a clear
conflict; an action that got the lock after another one sees the new state, so two actions can
never both apply), check roles and preconditions, apply the action's effects, write one
hash-chained event and defer the follow-up job in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from motcua.catalog.models import Agency, ProcedureOffering, ProcedureVersion, RequiredDocument
from motcua.dossiers.codes import assign_code, provisional_code
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.permissions import roles_on, staff_roles
from motcua.dossiers.rules import EFFECTS, PRECONDITIONS, Context, RuleError
from motcua.dossiers.selectors import definition_of
from motcua.workflow.models import ProcessVersion
from motcua.worktime.clock import ClockError, step_deadline
from motcua.worktime.selectors import calendar_for

GENESIS = "0" * 64
LOCK_WAIT_MS = 3000


class DossierError(Exception):
    """The dossier could not be changed; ``message`` is for the user, in Vietnamese."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class Conflict(DossierError):
    """Someone else changed (or is changing) the dossier: reload and try again."""


class NotAllowed(DossierError):
    """This user may not take this action on this dossier now."""


class PreconditionFailed(DossierError):
    """The action is allowed but a rule of the process is not met yet."""


@dataclass(frozen=True)
class ApplicantData:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    unit_id: int | None = None
    delegate_name: str = ""
    delegate_id_number: str = ""


def event_hash(
    previous_hash: str,
    dossier_code: str,
    sequence: int,
    at: datetime,
    actor_id,
    action: str,
    from_step: str,
    to_step: str,
    note: str,
    payload: dict,
) -> str:
    """SHA-256 of the event's content and the previous hash: editing any past event breaks
    every hash after it (``verify_chain``)."""
    content = json.dumps(
        [
            previous_hash,
            dossier_code,
            sequence,
            at.astimezone(UTC).isoformat(),  # the database gives the instant back in UTC
            actor_id,
            action,
            from_step,
            to_step,
            note,
            payload,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def verify_chain(dossier: Dossier) -> bool:
    previous = GENESIS
    for event in dossier.events.order_by("sequence"):
        expected = event_hash(
            previous,
            dossier.code,
            event.sequence,
            event.at,
            event.actor_id,
            event.action,
            event.from_step,
            event.to_step,
            event.note,
            event.payload,
        )
        if event.previous_hash != previous or event.hash != expected:
            return False
        previous = event.hash
    return True


def _write_event(
    dossier,
    *,
    at,
    actor,
    role,
    action,
    action_name,
    from_step,
    to_step,
    note,
    payload,
    first=False,
) -> DossierEvent:
    # ``first``: the dossier was created in this transaction, so it has no event yet.
    last = None if first else dossier.events.order_by("-sequence").first()
    sequence = (last.sequence + 1) if last else 1
    previous = last.hash if last else GENESIS
    # JSON round trip so the hash is computed over exactly what the database will return.
    payload = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return DossierEvent.objects.create(
        dossier=dossier,
        sequence=sequence,
        at=at,
        actor_id=actor_id,
        actor_name=(actor.get_full_name() if actor_id else "Hệ thống"),
        actor_role=role,
        agency=dossier.current_agency,
        action=action,
        action_name=action_name,
        from_step=from_step,
        to_step=to_step,
        note=note,
        payload=payload,
        previous_hash=previous,
        hash=event_hash(
            previous,
            dossier.code,
            sequence,
            at,
            actor_id,
            action,
            from_step,
            to_step,
            note,
            payload,
        ),
    )


def _enter_step(dossier, definition, step_code, at, calendar):
    step = definition.step(step_code)
    dossier.step = step.code
    dossier.step_entered_at = at
    dossier.step_due_at = None
    if (step.duration_days or step.duration_hours) and dossier.due_at and not step.final:
        dossier.step_due_at = step_deadline(
            calendar, at, step.duration_days, step.duration_hours, dossier_due=dossier.due_at
        )


# Every receipt finds its dossier's process. Through the ORM (a subquery on the offering) the
# query cost about 2 ms of web CPU to build, far more than PostgreSQL spends on it: fixed SQL on
# a cursor instead. The columns read need no conversion; the document is left out (deferred):
# ``selectors.definition_of`` parses it once per process, since a stored version never changes.
_PROCESS_COLUMNS = (
    "id",
    "code",
    "version",
    "name",
    "status",
    "approval_reference",
    "created_at",
    "created_by_id",
)
_PROCESS_SQL = """
    SELECT {columns}
      FROM catalog_procedureoffering o
      JOIN workflow_processversion p
        ON p.code = COALESCE(NULLIF(o.process_code, ''), 'standard') AND p.status = %s
     WHERE o.procedure_id = %s AND o.agency_id = %s AND o.is_active
""".format(columns=", ".join(f"p.{column}" for column in _PROCESS_COLUMNS))  # noqa: S608 - fixed names


def process_for(procedure_version: ProcedureVersion, agency: Agency) -> ProcessVersion:
    """The active internal process the agency runs this procedure by (its offering's process
    code, "standard" when it names none): one query when there is one (one offering per
    procedure and agency, one active version per process code). Its document is not read."""
    with connection.cursor() as cursor:
        cursor.execute(
            _PROCESS_SQL,
            [ProcessVersion.Status.ACTIVE, procedure_version.procedure_id, agency.pk],
        )
        row = cursor.fetchone()
    if row is not None:
        return ProcessVersion.from_db(connection.alias, _PROCESS_COLUMNS, row)
    # Why not, for the message: no active offering, or no active process of its code.
    offering = ProcedureOffering.objects.filter(
        procedure=procedure_version.procedure_id, agency=agency, is_active=True
    ).first()
    if offering is None:
        raise NotAllowed(f"{agency.name} không tiếp nhận thủ tục này.", "not_offered")
    code = offering.process_code or "standard"
    raise NotAllowed(f"Chưa có quy trình nội bộ “{code}” đang áp dụng.", "no_process")


# No savepoint of its own inside a caller's transaction: every caller lets a failure end its
# transaction, and the savepoint's two statements ran under the day's counter lock (codes.py).
@transaction.atomic(savepoint=False)
def receive_dossier(
    *,
    agency: Agency,
    procedure_version: ProcedureVersion,
    channel: str,
    applicant: ApplicantData,
    actor,
    present_documents: list[int] | None = None,
    applicant_user=None,
    form_data: dict | None = None,
    sets: int = 1,
    result_delivery: str = Dossier.ResultDelivery.COUNTER,
    at: datetime | None = None,
    files: dict[int, File] | None = None,
    documents: Sequence[RequiredDocument] | None = None,
) -> Dossier:
    """Record a dossier at the receiving agency (counter, online, post or national portal).

    The dossier gets its code now; accepting, requesting a supplement or refusing are the
    actions that follow at the first step. ``files`` maps required documents to the files
    submitted for them (stored under the dossier's documents, by their own names).
    ``documents``: the version's documents to submit, in order, when the caller has read them.
    Called inside a transaction, it is part of it: an error leaves that transaction to roll back.
    """
    at = at or timezone.now()
    process = process_for(procedure_version, agency)
    definition = definition_of(process)  # parsed once per process: a version is never edited
    calendar = calendar_for(agency)
    dossier = Dossier(
        code=provisional_code(),  # the number is taken below, as late as it can be
        agency=agency,
        current_agency=agency,
        procedure_version=procedure_version,
        process_version=process,
        channel=channel,
        result_delivery=result_delivery,
        applicant_user=applicant_user,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        applicant_unit_id=applicant.unit_id,
        delegate_name=applicant.delegate_name,
        delegate_id_number=applicant.delegate_id_number,
        sets=sets,
        form_data=form_data or {},
        submitted_at=at,
        step=definition.initial,
        step_entered_at=at,
    )
    _enter_step(dossier, definition, definition.initial, at, calendar)
    dossier.save()
    present = set(present_documents or [])
    files = files or {}
    if documents is None:
        documents = procedure_version.documents.filter(
            group=RequiredDocument.Group.SUBMIT
        ).order_by("position")
    dossier_documents = []
    for doc in documents:
        document = DossierDocument(
            dossier=dossier,
            required_document=doc,
            name=doc.name,
            form=doc.form,
            copies=doc.copies,
            present=doc.pk in present,
        )
        if doc.pk in files:
            content = files[doc.pk]
            document.file.save(PurePath(content.name).name, content, save=False)
        dossier_documents.append(document)
    DossierDocument.objects.bulk_create(dossier_documents)
    role = (
        "applicant"
        if applicant_user is not None and actor == applicant_user
        else (next(iter(sorted(staff_roles(actor))), "system") if actor else "system")
    )
    # The day's counter stays locked until the reception commits: only the first event, whose
    # hash covers the code, and what the caller still does come after it.
    assign_code(dossier, timezone.localtime(at).date())
    _write_event(
        dossier,
        at=at,
        actor=actor,
        role=role,
        action="submit",
        action_name="Nộp hồ sơ",
        from_step="",
        to_step=dossier.step,
        note="",
        payload={"channel": channel, "procedure": procedure_version.procedure.code},
        first=True,
    )
    return dossier


def perform_action(
    dossier: Dossier | int,
    action_code: str,
    actor,
    *,
    note: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
    system: bool = False,
) -> DossierEvent:
    """Take ``action_code`` on the dossier as ``actor``; returns the event written.

    Raises ``Conflict`` (locked by someone else, or changed since ``expected_version``),
    ``NotAllowed`` (not an action of this step for this user) or ``PreconditionFailed``.
    """
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Wait briefly for a lock a background job holds (logging a signature, a payment):
            # milliseconds, and an official must never see a conflict for it. A lock still held
            # after that is another person's action in progress: say so instead of queueing.
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
        try:
            dossier = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("agency", "current_agency", "procedure_version", "process_version")
                .get(pk=pk)
            )
        except DatabaseError:
            raise Conflict(
                "Hồ sơ đang được người khác xử lý. Vui lòng tải lại và thử lại.", "locked"
            ) from None
        if expected_version is not None and dossier.version != expected_version:
            raise Conflict(
                "Hồ sơ đã thay đổi sau khi bạn mở. Vui lòng tải lại trang.", "stale_version"
            )
        definition = definition_of(dossier.process_version)
        if definition.step(dossier.step).final:
            raise NotAllowed("Hồ sơ đã kết thúc xử lý.", "closed")
        action = definition.action(dossier.step, action_code)
        if action is None:
            raise NotAllowed("Thao tác này không có ở bước hiện tại của hồ sơ.", "no_such_action")
        roles = {"system"} if system else roles_on(actor, dossier)
        allowed = roles & set(action.roles)
        if not allowed:
            raise NotAllowed("Bạn không có quyền thực hiện thao tác này với hồ sơ.", "role")
        note = (note or "").strip()
        if action.requires_note and not note:
            raise PreconditionFailed("Cần ghi rõ lý do hoặc nội dung.", "note_required")

        at = at or timezone.now()
        calendar = calendar_for(dossier.current_agency)
        ctx = Context(
            dossier=dossier,
            action=action,
            actor=actor,
            at=at,
            calendar=calendar,
            note=note,
            data=dict(data or {}),
        )
        for name in action.preconditions:
            problem = PRECONDITIONS[name](ctx)
            if problem:
                raise PreconditionFailed(problem, name)
        from_step = dossier.step
        try:
            for effect in action.effects:
                ctx.current_effect = effect.name
                EFFECTS[effect.name](ctx, effect.parameter)
        except RuleError as error:
            raise PreconditionFailed(error.message, error.code) from None
        except ClockError as error:
            raise PreconditionFailed(error.message_vi, "clock") from None
        _enter_step(dossier, definition, action.target, at, calendar)
        dossier.version += 1
        dossier.save()
        event = _write_event(
            dossier,
            at=at,
            actor=None if system else actor,
            role=sorted(allowed)[0],
            action=action.code,
            action_name=action.name,
            from_step=from_step,
            to_step=dossier.step,
            note=note,
            payload=ctx.payload,
        )
        if ctx.payload.get("pending"):
            # Deferred in this transaction: a rollback removes the job with the event.
            from motcua.dossiers.tasks import process_event_followups

            process_event_followups.defer(event_id=event.pk)
        return event


def record_event(
    dossier: Dossier | int,
    action: str,
    action_name: str,
    *,
    actor=None,
    role: str = "system",
    note: str = "",
    payload: dict | None = None,
    at: datetime | None = None,
) -> DossierEvent:
    """Log a fact about the dossier that does not move it along its process (a payment, a slip
    sent, a message delivered) in the same hash-chained log, under the same row lock.

    Background facts wait for the lock rather than fail: they must never be lost.
    """
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=pk)
        return _write_event(
            dossier,
            at=at or timezone.now(),
            actor=actor,
            role=role,
            action=action,
            action_name=action_name,
            from_step=dossier.step,
            to_step=dossier.step,
            note=note,
            payload=payload or {},
        )
