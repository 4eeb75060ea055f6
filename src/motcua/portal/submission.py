"""Online submission: what a citizen may submit, their draft, and turning it into a dossier.

Reads (``open_procedure``, ``draft_of``, ``checklist``) and writes (``save_draft``,
``submit_draft``, ``submit_supplement``). Every write runs in one transaction; files are checked
by their first bytes (``core.uploads``) before anything is stored. The dossier itself is
created by ``dossiers.services.receive_dossier``, the supplement moved by ``perform_action``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.core.files.base import File
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import (
    IN_FORCE_ORDER,
    Agency,
    Procedure,
    ProcedureOffering,
    ProcedureVersion,
    RequiredDocument,
    in_force_on,
)
from motcua.catalog.selectors import kept_per_procedure
from motcua.core.kept import Kept
from motcua.core.uploads import (
    DOCUMENT_TYPES,
    EXTENSIONS,
    UploadRefused,
    check_upload,
    content_type_of,
)
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import ApplicantData, perform_action, receive_dossier
from motcua.portal import document_store
from motcua.portal.eforms import as_form_data, build_eform
from motcua.portal.models import DraftFile, SubmissionDraft

SUBMITTERS = (User.Kind.CITIZEN, User.Kind.BUSINESS)


class SubmissionError(Exception):
    """The submission cannot go on; ``message`` is for the citizen, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadySubmitted(SubmissionError):
    """The draft was turned into a dossier meanwhile (the button pressed twice, two tabs)."""


# A "Nộp hồ sơ" that finds no draft but a dossier of the same procedure submitted this recently
# by the same citizen was pressed twice (or in two tabs).
RESUBMITTED_WITHIN = timedelta(minutes=30)


@dataclass(frozen=True)
class OpenProcedure:
    procedure: Procedure
    version: ProcedureVersion
    agencies: list[Agency]

    def receiving(self, agency_id) -> Agency | None:
        """The agency with this id if it receives the procedure (a few agencies at most)."""
        return next((agency for agency in self.agencies if agency.pk == agency_id), None)


def may_submit(user) -> bool:
    return bool(user.is_authenticated and user.kind in SUBMITTERS)


# What can be submitted online changes only with the catalog, yet every post of the submission
# pages asked for it (three ORM queries, a few milliseconds of CPU each time). It is kept per
# process under the catalog's generation, which the database moves with any write to the
# procedure, its versions, their documents, its offerings and their agencies
# (``catalog.generation``), so an edit by any process, through the admin, an import or plain
# SQL, counts on the next request.
_opened = Kept(256)  # procedures per process (the most recently asked for)


def open_procedure(code: str) -> OpenProcedure | None:
    """The procedure with this code if it can be submitted online today: active, a version in
    force that allows online submission, and at least one agency receiving it.

    The result is shared by the requests of one process: read it, never change it."""
    opened, _kept = kept_per_procedure(_opened, code, timezone.localdate(), _read_open_procedure)
    return opened


def _read_open_procedure(code: str, on, _generation: int | None) -> OpenProcedure | None:
    # The procedure and its version in force (``Procedure.version_in_force``) in one query.
    version = (
        ProcedureVersion.objects.filter(in_force_on(on))
        .filter(procedure__code=code, procedure__is_active=True)
        .select_related("procedure")
        .order_by(*IN_FORCE_ORDER)
        .first()
    )
    if version is None or not version.allows_online:
        return None
    procedure = version.procedure
    agencies = [
        offering.agency
        for offering in ProcedureOffering.objects.filter(
            procedure=procedure, is_active=True, agency__is_active=True
        )
        .select_related("agency")
        .order_by("agency__name")
    ]
    if not agencies:
        return None
    _submitted_documents(version)  # read now, kept with the version
    return OpenProcedure(procedure, version, agencies)


def _submitted_documents(version: ProcedureVersion) -> tuple[RequiredDocument, ...]:
    """The documents to submit of ``version``, in order. Read once per version object (an
    ``OpenProcedure.version``, kept per process, which the drafts share); a version read
    afresh reads them again."""
    cached = getattr(version, "_submitted_documents", None)
    if cached is None:
        cached = version._submitted_documents = tuple(
            version.documents.filter(group=RequiredDocument.Group.SUBMIT).order_by("position")
        )
    return cached


def uploadable_documents(version: ProcedureVersion) -> list[RequiredDocument]:
    """One upload slot per document to submit, except the declaration the e-form fills."""
    documents = _submitted_documents(version)
    if version.eform_schema:
        return [doc for doc in documents if not doc.filled_by_eform]
    return list(documents)


def draft_of(user, opened: OpenProcedure, *, create: bool = True) -> SubmissionDraft:
    """The citizen's draft of this procedure (new if none), on the version in force: a draft
    begun under an older version keeps what was typed but drops the files of documents that
    the new version no longer asks for. ``create=False``: a new draft is not stored yet (for a
    post, whose ``save_draft`` stores it with what it carries, in one statement)."""
    if create:
        draft, _created = SubmissionDraft.objects.get_or_create(
            user=user, procedure=opened.procedure, defaults={"version": opened.version}
        )
    else:
        draft = SubmissionDraft.objects.filter(user=user, procedure=opened.procedure).first()
        if draft is None:
            return SubmissionDraft(user=user, procedure=opened.procedure, version=opened.version)
    if draft.version_id != opened.version.pk:
        with transaction.atomic():
            draft.version = opened.version
            draft.save(update_fields=["version", "updated_at"])
            _delete_files(draft.files.exclude(required_document__version=opened.version))
    draft.version = opened.version  # the same row: not read again
    draft.procedure = opened.procedure
    return draft


def _delete_files(rows) -> None:
    """Delete these draft files (a queryset, or rows already read) and, once committed, their
    stored files."""
    rows = list(rows)
    if rows:
        DraftFile.objects.filter(pk__in=[row.pk for row in rows]).delete()
    _delete_stored([row.file.name for row in rows])


def _delete_stored(stored: list[str]) -> None:
    """Remove these stored draft files once the transaction commits."""
    if stored:
        storage = DraftFile._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in stored])


@dataclass
class DraftInput:
    """What one post of the submission page carries."""

    form_values: dict[str, str]
    agency_id: int | None = None
    result_delivery: str = ""
    uploads: dict[int, object] = field(default_factory=dict)  # RequiredDocument pk -> file
    # RequiredDocument pk -> pk of a document of the citizen's store to reuse in that slot
    reuse: dict[int, int] = field(default_factory=dict)


@dataclass
class SavedDraft:
    """What ``save_draft`` did: the refused files' messages by required document, and the
    draft's files when it knows them all without reading them (a draft it has just created:
    the files of this post), else ``None``."""

    refused: dict[int, str]
    files: list[DraftFile] | None = None


@transaction.atomic
def save_draft(draft: SubmissionDraft, data: DraftInput, opened: OpenProcedure) -> SavedDraft:
    """Keep what was typed (added to what the draft has: a long form posts one topic at a
    time) and every acceptable file, uploaded or reused from the citizen's document store;
    report the refused files' messages by required document (nothing else of the post is lost
    because of them). A draft not stored yet (``draft_of(create=False)``) is stored now."""
    if opened.receiving(data.agency_id) is not None:
        draft.agency_id = data.agency_id
    elif len(opened.agencies) == 1:
        draft.agency_id = opened.agencies[0].pk
    if data.result_delivery in Dossier.ResultDelivery.values:
        draft.result_delivery = data.result_delivery
    new = draft._state.adding and _inserted(draft, data)
    if not new:
        draft.form_data = {**draft.form_data, **data.form_values}
        draft.save()
    slots = {doc.pk: doc for doc in uploadable_documents(draft.version)}
    refused, accepted = {}, {}
    for pk, upload in data.uploads.items():
        if pk not in slots:
            continue
        try:
            accepted[pk] = check_upload(upload, DOCUMENT_TYPES)
        except UploadRefused as error:
            refused[pk] = error.message
    if accepted and not new:  # the files they replace, in one query (a new draft has none)
        _delete_files(draft.files.filter(required_document_id__in=list(accepted)))
    rows = []
    for pk, checked in accepted.items():
        upload = checked.file
        row = DraftFile(
            draft=draft,
            required_document=slots[pk],
            original_name=str(upload.name)[:255],
            content_type=checked.content_type,
            size=upload.size,
        )
        row.file.save(checked.stored_name, checked.file, save=False)
        rows.append(row)
    DraftFile.objects.bulk_create(rows)
    reused = False
    for pk, source_pk in data.reuse.items():
        if pk in slots and pk not in data.uploads:
            reused = True
            problem = _reuse(draft, slots[pk], source_pk)
            if problem:
                refused[pk] = problem
    return SavedDraft(refused, rows if new and not reused else None)


def _inserted(draft: SubmissionDraft, data: DraftInput) -> bool:
    """Store a draft not stored yet, with this post's form values, in one statement. ``False``
    if another request of the same citizen (a double click) stored this procedure's draft
    first: ``draft`` is then that one, locked and read again, to be saved as any other."""
    draft.form_data = dict(data.form_values)
    try:
        with transaction.atomic():
            draft.save(force_insert=True)
        return True
    except IntegrityError:  # one_draft_per_procedure
        draft.pk = (
            SubmissionDraft.objects.select_for_update()
            .filter(user=draft.user_id, procedure=draft.procedure_id)
            .values_list("pk", flat=True)
            .get()
        )
        draft._state.adding = False
        draft.refresh_from_db(fields=["form_data", "created_at"])
        return False


def _reuse(draft: SubmissionDraft, slot: RequiredDocument, source_pk) -> str:
    """Copy a document of the citizen's own store into the draft's slot (its bytes: the new
    dossier keeps its own copy even if the old file goes). Returns a message when it cannot."""
    source = document_store.owned_document(draft.user, source_pk)
    if source is None:
        return _("Không tìm thấy tài liệu đã chọn trong kho tài liệu của bạn.")
    try:
        content_type = content_type_of(source.file)
        size = source.file.size
    except (FileNotFoundError, OSError):
        content_type = None
    if content_type not in DOCUMENT_TYPES:
        return _("Không dùng lại được tài liệu đã chọn. Vui lòng tải tệp lên.")
    _delete_files(draft.files.filter(required_document=slot))
    name = document_store.file_name(source)
    row = DraftFile(
        draft=draft,
        required_document=slot,
        original_name=name[:255],
        content_type=content_type,
        size=size,
    )
    stem = name.rsplit(".", 1)[0][:80] or "tep"
    with source.file.open("rb") as handle:
        row.file.save(stem + EXTENSIONS[content_type], File(handle), save=False)
    row.save()
    return ""


@dataclass(frozen=True)
class Slot:
    document: RequiredDocument
    file: DraftFile | None
    error: str = ""
    reusable: tuple = ()  # documents of the citizen's store offered for this slot
    reusable_same_kind: bool = False

    @property
    def mandatory(self) -> bool:
        return self.document.requirement == RequiredDocument.Requirement.MANDATORY


def checklist(
    draft: SubmissionDraft, refused: dict[int, str] | None = None, files: list | None = None
) -> list[Slot]:
    """The draft's upload slots with their files (``files``: the draft's rows, if just read)."""
    files = {
        row.required_document_id: row for row in (draft.files.all() if files is None else files)
    }
    refused = refused or {}
    return [
        Slot(doc, files.get(doc.pk), refused.get(doc.pk, ""))
        for doc in uploadable_documents(draft.version)
    ]


def with_reuse(slots: list[Slot], user) -> list[Slot]:
    """The slots with the documents of ``user``'s store each one may reuse."""
    result = []
    for slot in slots:
        documents, same = document_store.reuse_candidates(user, slot.document)
        result.append(replace(slot, reusable=tuple(documents), reusable_same_kind=same))
    return result


@dataclass
class Problems:
    """Why a draft cannot be submitted yet."""

    form: object  # the bound e-form, with its errors
    missing: list[RequiredDocument]
    agency: str = ""
    delivery: str = ""

    def __bool__(self) -> bool:
        return bool(self.form.errors or self.missing or self.agency or self.delivery)


def check_draft(
    draft: SubmissionDraft, opened: OpenProcedure, files: list | None = None
) -> Problems:
    """What keeps the draft from being submitted. ``opened``: the procedure as the request
    opened it, whose agencies say which ones receive it (the receipt checks the offering again);
    ``files``: the draft's rows, if just read."""
    version = draft.version
    form = build_eform(version.eform_schema, version.eform_ui, data=as_form_data(draft.form_data))
    form.is_valid()
    missing = [
        slot.document
        for slot in checklist(draft, files=files)
        if slot.mandatory and slot.file is None
    ]
    offered = opened.receiving(draft.agency_id) is not None
    return Problems(
        form=form,
        missing=missing,
        agency="" if offered else _("Vui lòng chọn cơ quan tiếp nhận hồ sơ."),
        delivery=""
        if draft.result_delivery in Dossier.ResultDelivery.values
        else _("Vui lòng chọn hình thức nhận kết quả."),
    )


def applicant_of(user) -> ApplicantData:
    return ApplicantData(
        name=user.organization_name
        if user.kind == User.Kind.BUSINESS and user.organization_name
        else (user.full_name or user.username),
        id_number=user.id_number,
        phone=user.phone,
        email=user.email,
        address=user.address,
        unit_id=user.address_unit_id,
    )


@transaction.atomic
def submit_draft(user, opened: OpenProcedure) -> Dossier:
    """Turn the citizen's draft of this procedure into a dossier at its process's first step
    ("Chờ tiếp nhận"), with the e-form's data and the uploaded files as its documents, then
    forget the draft. The draft is read under its row lock and checked there."""
    draft = (
        SubmissionDraft.objects.select_for_update()
        .filter(user=user, procedure=opened.procedure)
        .first()
    )
    if draft is None:
        # Submitted by a request that held the lock first (a double click, two tabs), or there
        # was never a draft (a stale page): say which.
        if Dossier.objects.filter(
            applicant_user=user,
            procedure_version__procedure=opened.procedure,
            submitted_at__gte=timezone.now() - RESUBMITTED_WITHIN,
        ).exists():
            raise AlreadySubmitted(
                _("Hồ sơ này đã được nộp. Bạn có thể theo dõi trong mục “Hồ sơ của tôi”.")
            )
        raise SubmissionError(_("Hồ sơ chưa đủ thông tin để nộp. Vui lòng kiểm tra lại."))
    if draft.version_id != opened.version.pk:
        # The catalog moved to a new version since the draft was saved: the form page moves
        # the draft (``draft_of``) and shows what the new version asks for.
        raise SubmissionError(
            _("Thủ tục vừa được cập nhật. Vui lòng kiểm tra lại hồ sơ trước khi nộp.")
        )
    draft.version = opened.version  # the same row, kept with its documents: not read again
    draft.procedure = opened.procedure
    # The agency comes with the procedure this request opened (the same row, not read again);
    # one no longer offered is refused by ``check_draft`` below, and ``receive_dossier`` reads
    # the offering again (``process_for``).
    agency = opened.receiving(draft.agency_id)
    if agency is not None:
        draft.agency = agency
    rows = list(draft.files.all())
    problems = check_draft(draft, opened, files=rows)
    if problems:
        raise SubmissionError(_("Hồ sơ chưa đủ thông tin để nộp. Vui lòng kiểm tra lại."))
    files = {row.required_document_id: row for row in rows}
    # The declaration the e-form filled counts as present (only documents to submit become
    # the dossier's documents).
    filled = {
        doc.pk
        for doc in _submitted_documents(draft.version)
        if draft.version.eform_schema and doc.filled_by_eform
    }
    # The draft goes first: ``receive_dossier`` takes the agency's day counter, locked until
    # the commit, and nothing that can be done before should wait under that lock.
    _delete_stored([row.file.name for row in rows])
    with connection.cursor() as cursor:
        # The draft and its file rows in one statement (the ORM read the rows first to delete
        # them one by one: a signal receiver listens to every model's deletions).
        cursor.execute(
            f"""WITH files AS (DELETE FROM {DraftFile._meta.db_table} WHERE draft_id = %s)
                DELETE FROM {SubmissionDraft._meta.db_table} WHERE id = %s""",  # noqa: S608 - table names
            [draft.pk, draft.pk],
        )
    dossier = receive_dossier(
        agency=draft.agency,
        procedure_version=draft.version,
        channel="online",
        applicant=applicant_of(user),
        actor=user,
        applicant_user=user,
        present_documents=[*files, *filled],
        form_data=problems.form.document,
        result_delivery=draft.result_delivery,
        # The draft's files become the dossier's (hard-linked when the storage can).
        files={pk: row.file for pk, row in files.items()},
        documents=_submitted_documents(draft.version),
    )
    return dossier


def supplement_documents(dossier: Dossier) -> list[DossierDocument]:
    """The documents a supplement may bring or replace: the missing ones first."""
    return list(
        dossier.documents.filter(kind=DossierDocument.Kind.SUBMITTED)
        .select_related("required_document")
        .order_by("present", "pk")
    )


def submit_supplement(dossier: Dossier, user, uploads: dict[int, object], note: str = ""):
    """Attach the missing documents and hand the dossier back (``submit_supplement``), all or
    nothing. ``uploads`` maps DossierDocument pks to files; raises ``UploadRefused`` for a bad
    file, ``SubmissionError`` when nothing was brought, or the engine's ``DossierError``."""
    wanted = {doc.pk: doc for doc in supplement_documents(dossier)}
    checked = {}
    for pk, upload in uploads.items():
        if pk in wanted:
            checked[pk] = check_upload(upload, DOCUMENT_TYPES)
    if not checked:
        raise SubmissionError(_("Vui lòng tải lên ít nhất một giấy tờ cần bổ sung."))
    with transaction.atomic():
        for pk, item in checked.items():
            document = wanted[pk]
            document.file.save(item.stored_name, item.file, save=False)
            document.present = True
            document.save(update_fields=["file", "present"])
        return perform_action(
            dossier, "submit_supplement", user, note=note, expected_version=dossier.version
        )
