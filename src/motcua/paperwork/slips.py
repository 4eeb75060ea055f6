"""The data printed on each official slip, as frozen dataclasses.

One class per form of Circular 01/2018/TT-VPCP (forms 01-06) and Circular 03/2025/TT-VPCP (which
adds the notice of stopping processing and renumbers the control slip and the tracking book). The
fields are those of REQUIREMENTS.md §4; a slip holds what is printed, already decided: names,
times, numbers. The dossier engine fills them from a dossier; this module must never read the
database or compute a deadline (``worktime`` does that), so a slip can be rendered again later and
give the same document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from motcua.paperwork.formatting import as_date
from motcua.paperwork.numbering import SeriesKind, document_number
from motcua.worktime import Timeliness


class SlipError(ValueError):
    """Slip data that cannot make a valid document (an empty code, a due time before receipt…)."""


@dataclass(frozen=True)
class AgencyHeader:
    """The issuing body as printed top left: its parent body above it, in capitals.

    ``place`` is the locality written before the date ("Quảng Ninh, ngày …"); ``desk`` names the
    receiving desk in the body text when the form set's default wording does not fit (for example
    "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh" receives for the whole province).
    """

    name: str
    place: str
    parent_name: str = ""
    desk: str = ""
    identifier: str = ""

    def __post_init__(self):
        if not self.name.strip():
            raise SlipError("the agency on a slip needs a name")
        if not self.place.strip():
            raise SlipError("the agency on a slip needs a place for the date line")

    @classmethod
    def from_agency(cls, agency, place: str, desk: str = "") -> AgencyHeader:
        """From a ``catalog.Agency`` (duck-typed: name, identifier, parent)."""
        parent = getattr(agency, "parent", None)
        return cls(
            name=agency.name,
            place=place,
            parent_name=parent.name if parent is not None else "",
            desk=desk,
            identifier=agency.identifier,
        )


@dataclass(frozen=True)
class Applicant:
    """The person or organisation the dossier belongs to (người nộp hồ sơ)."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""

    def __post_init__(self):
        if not self.name.strip():
            raise SlipError("the applicant on a slip needs a name")


class DocumentForm(StrEnum):
    """How a document of the dossier was handed in (hình thức)."""

    ORIGINAL = "original"
    COPY = "copy"
    CERTIFIED_COPY = "certified_copy"
    ELECTRONIC = "electronic"

    @property
    def label(self) -> str:
        return {
            DocumentForm.ORIGINAL: "Bản chính",
            DocumentForm.COPY: "Bản sao",
            DocumentForm.CERTIFIED_COPY: "Bản sao chứng thực",
            DocumentForm.ELECTRONIC: "Bản điện tử",
        }[self]


@dataclass(frozen=True)
class SubmittedDocument:
    """One line of "Thành phần hồ sơ nộp gồm": the document, its form and how many of it."""

    name: str
    form: DocumentForm = DocumentForm.ORIGINAL
    quantity: int = 1

    def __post_init__(self):
        if not self.name.strip():
            raise SlipError("a document of the dossier needs a name")
        if self.quantity < 1:
            raise SlipError(f"{self.name}: the number of copies must be at least 1")


class ResultDelivery(StrEnum):
    """Where the applicant registered to get the result (đăng ký nhận kết quả tại)."""

    AT_DESK = "at_desk"
    BY_POST = "by_post"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {
            ResultDelivery.AT_DESK: "Trực tiếp tại nơi tiếp nhận hồ sơ",
            ResultDelivery.BY_POST: "Qua dịch vụ bưu chính công ích",
            ResultDelivery.ONLINE: "Trực tuyến trên Cổng Dịch vụ công",
        }[self]


def _require_code(code: str) -> None:
    if not code.strip():
        raise SlipError("a slip needs the dossier code")


@dataclass(frozen=True)
class ReceiptSlip:
    """Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    agency: AgencyHeader
    dossier_code: str
    lookup_url: str
    applicant: Applicant
    matter: str
    documents: tuple[SubmittedDocument, ...]
    sets: int
    statutory_time: str
    received_at: datetime
    due_at: datetime
    delivery: ResultDelivery
    receiver_name: str
    collect_at: str = ""
    book_number: str = ""
    entry_number: int | None = None
    fee: int | None = None
    submitter_name: str = ""
    issued_on: date | None = None

    kind = "receipt"

    def __post_init__(self):
        _require_code(self.dossier_code)
        if self.sets < 1:
            raise SlipError("the number of sets must be at least 1")
        if self.due_at < self.received_at:
            raise SlipError("the appointment cannot be before the dossier was received")
        if self.fee is not None and self.fee < 0:
            raise SlipError("a fee cannot be negative")

    @property
    def document_date(self) -> date:
        return self.issued_on or as_date(self.received_at)

    @property
    def signing_submitter(self) -> str:
        return self.submitter_name or self.applicant.name


@dataclass(frozen=True)
class SupplementRequestSlip:
    """Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (asked once, completely)."""

    agency: AgencyHeader
    dossier_code: str
    lookup_url: str
    applicant: Applicant
    matter: str
    requirements: tuple[str, ...]
    reason: str
    guide_name: str
    issued_on: date
    contact_name: str = ""
    contact_phone: str = ""
    received_at: datetime | None = None

    kind = "supplement_request"

    def __post_init__(self):
        _require_code(self.dossier_code)
        if not self.requirements:
            raise SlipError("a supplement request lists what to supplement, all of it at once")

    @property
    def document_date(self) -> date:
        return self.issued_on


@dataclass(frozen=True)
class RefusalSlip:
    """Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reasons."""

    agency: AgencyHeader
    dossier_code: str
    lookup_url: str
    applicant: Applicant
    matter: str
    reasons: tuple[str, ...]
    receiver_name: str
    issued_on: date
    submitted_at: datetime | None = None

    kind = "refusal"

    def __post_init__(self):
        _require_code(self.dossier_code)
        if not self.reasons:
            raise SlipError("a refusal must give its reasons")

    @property
    def document_date(self) -> date:
        return self.issued_on


@dataclass(frozen=True)
class ApologySlip:
    """Form 04: apology and new appointment, numbered …/PXL.

    Circular 03/2025 names it "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"; the data
    are the same. A new appointment is allowed once (Decree 61/2018 Art 19); the engine enforces it.
    """

    agency: AgencyHeader
    number: int
    dossier_code: str
    lookup_url: str
    applicant: Applicant
    matter: str
    received_at: datetime
    original_due_at: datetime
    reason: str
    new_due_at: datetime
    signer_name: str
    issued_on: date
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"
    number_suffix: str = ""

    kind = "apology"

    def __post_init__(self):
        _require_code(self.dossier_code)
        if self.number < 1:
            raise SlipError("apology numbers start at 1")
        if self.new_due_at <= self.original_due_at:
            raise SlipError("the new appointment must be later than the original one")
        if not self.reason.strip():
            raise SlipError("an apology must say why the dossier is late")

    @property
    def reference(self) -> str:
        return document_number(SeriesKind.APOLOGY, self.number, self.number_suffix)

    @property
    def document_date(self) -> date:
        return self.issued_on


@dataclass(frozen=True)
class Handoff:
    """One row of the control slip: a dossier given by one body and received by the next."""

    giver_agency: str
    receiver_agency: str
    handed_at: datetime
    giver_name: str = ""
    receiver_name: str = ""
    outcome: Timeliness | None = None
    note: str = ""

    @property
    def outcome_label(self) -> str:
        if self.outcome is None:
            return ""
        return {
            Timeliness.EARLY: "Trước hạn",
            Timeliness.ON_TIME: "Đúng hạn",
            Timeliness.LATE: "Quá hạn",
        }[self.outcome]


@dataclass(frozen=True)
class ControlSlip:
    """Form 05 (06 in 03/2025): Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per hand-off."""

    agency: AgencyHeader
    dossier_code: str
    lookup_url: str
    applicant: Applicant
    matter: str
    received_at: datetime
    due_at: datetime
    handoffs: tuple[Handoff, ...]
    issued_on: date | None = None

    kind = "control"

    def __post_init__(self):
        _require_code(self.dossier_code)

    @property
    def document_date(self) -> date:
        return self.issued_on or as_date(self.received_at)


@dataclass(frozen=True)
class TrackingEntry:
    """One dossier in the tracking book. Times not yet reached stay ``None`` (printed blank)."""

    dossier_code: str
    procedure: str
    sets: int
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    lead_agency: str
    received_at: datetime
    due_at: datetime
    transferred_at: datetime | None = None
    result_received_at: datetime | None = None
    returned_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class TrackingBook:
    """Form 06 (07 in 03/2025): Sổ theo dõi hồ sơ, per agency per year, rows numbered without gaps.

    ``first_number`` is the running number of the first entry printed, so a book printed month by
    month keeps counting from where the previous part stopped.
    """

    agency: AgencyHeader
    year: int
    entries: tuple[TrackingEntry, ...]
    book_number: str = "01"
    first_number: int = 1
    issued_on: date | None = None

    kind = "tracking_book"

    def __post_init__(self):
        if self.first_number < 1:
            raise SlipError("row numbers start at 1")
        for entry in self.entries:
            if as_date(entry.received_at).year != self.year:
                raise SlipError(f"{entry.dossier_code} was not received in {self.year}")

    @property
    def document_date(self) -> date:
        return self.issued_on or date(self.year, 1, 1)


@dataclass(frozen=True)
class StopProcessingNotice:
    """Thông báo dừng giải quyết hồ sơ (Circular 03/2025, form 05): only in the 2025 form set."""

    agency: AgencyHeader
    number: int
    dossier_code: str
    lookup_url: str
    applicant: Applicant
    matter: str
    received_at: datetime
    reason: str
    signer_name: str
    issued_on: date
    requested_on: date | None = None
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"
    number_suffix: str = ""

    kind = "stop_processing"

    def __post_init__(self):
        _require_code(self.dossier_code)
        if self.number < 1:
            raise SlipError("notice numbers start at 1")
        if not self.reason.strip():
            raise SlipError("a notice of stopping processing must give its reason")

    @property
    def reference(self) -> str:
        return document_number(SeriesKind.STOP_NOTICE, self.number, self.number_suffix)

    @property
    def document_date(self) -> date:
        return self.issued_on


Slip = (
    ReceiptSlip
    | SupplementRequestSlip
    | RefusalSlip
    | ApologySlip
    | ControlSlip
    | TrackingBook
    | StopProcessingNotice
)

__all__ = [
    "AgencyHeader",
    "ApologySlip",
    "Applicant",
    "ControlSlip",
    "DocumentForm",
    "Handoff",
    "ReceiptSlip",
    "RefusalSlip",
    "ResultDelivery",
    "Slip",
    "SlipError",
    "StopProcessingNotice",
    "SubmittedDocument",
    "SupplementRequestSlip",
    "TrackingBook",
    "TrackingEntry",
]
