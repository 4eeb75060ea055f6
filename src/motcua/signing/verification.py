"""Verify the signatures in a PDF: for each, whether it is mathematically valid, who signed and
when, whether the document changed after signing, and whether the signer's certificate chains to
a root this deployment trusts (``trust.py``).

This is a read: it changes nothing and keeps nothing (neither the document nor the report). It
must never treat a signature as trusted because the document says so: trust comes only from the
configured roots.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import asdict, dataclass, field

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from motcua.signing import trust
from motcua.signing.services import run_sync

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"


class NotAPdf(ValueError):
    """The bytes are not a PDF, or a PDF too broken to read."""


@dataclass
class Person:
    name: str
    organisation: str
    title: str
    identifier: str

    @classmethod
    def from_certificate(cls, certificate: asn1_x509.Certificate) -> Person:
        subject = certificate.subject.native
        return cls(
            name=str(subject.get("common_name", "")),
            organisation=str(subject.get("organization_name", "")),
            title=str(subject.get("title", "")),
            identifier=str(subject.get("user_id", "")),
        )


@dataclass
class SignatureReport:
    field_name: str
    signer: Person
    certificate_serial: str
    certificate_issuer: str
    certificate_valid_from: dt.datetime | None
    certificate_valid_until: dt.datetime | None
    signed_at: dt.datetime | None  # as the signer's computer reported it
    timestamped_at: dt.datetime | None  # as a time-stamp authority certified it
    timestamp_trusted: bool | None
    intact: bool  # the signed bytes hash to what was signed
    valid: bool  # the signature value checks out with the certificate's key
    trusted: bool  # the certificate chains to a configured root and is not revoked
    revoked: bool
    trust_anchor: str
    coverage: str  # entire_file, entire_revision, partial, unclear
    modification_level: str  # none, validation_data, form_filling, annotations, other, unknown
    changed_after_signing: bool
    level: str  # B-B, B-T, B-LT
    reason: str
    location: str
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``valid`` (all good), ``untrusted`` (valid but not from a trusted root),
        ``changed`` (valid signature, document modified afterwards), ``invalid``."""
        if not (self.intact and self.valid):
            return "invalid"
        if self.changed_after_signing:
            return "changed"
        return "valid" if self.trusted else "untrusted"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["status"] = self.status
        for key, value in data.items():
            if isinstance(value, dt.datetime):
                data[key] = value.isoformat()
        return data


@dataclass
class VerificationReport:
    signatures: list[SignatureReport]

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(s.status == "valid" for s in self.signatures)

    def as_dict(self) -> dict:
        return {
            "signature_count": len(self.signatures),
            "all_valid": self.all_valid,
            "signatures": [s.as_dict() for s in self.signatures],
        }


COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: "entire_file",
    SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "partial",
    SignatureCoverageLevel.UNCLEAR: "unclear",
}
MODIFICATION = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "validation_data",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}
# Later revisions that only add signatures, validation data or filled fields leave what was
# signed as it was; anything beyond that is a change a reader must be told about.
UNCHANGED = {"none", "validation_data", "form_filling"}


def _common_name(name) -> str:
    return str(name.native.get("common_name") or name.human_friendly)


def _text(value) -> str:
    return str(value) if value is not None else ""


async def _report(embedded, has_dss: bool) -> SignatureReport:
    certificate = embedded.signer_cert
    signature = embedded.sig_object
    problems: list[str] = []
    try:
        status = await async_validate_pdf_signature(
            embedded, signer_validation_context=trust.validation_context()
        )
    except Exception as error:  # a broken CMS must become a report line, not a server error
        logger.info("signature %s could not be validated: %r", embedded.field_name, error)
        return SignatureReport(
            field_name=_text(embedded.field_name),
            signer=Person.from_certificate(certificate),
            certificate_serial=format(certificate.serial_number, "x"),
            certificate_issuer=certificate.issuer.human_friendly,
            certificate_valid_from=certificate.not_valid_before,
            certificate_valid_until=certificate.not_valid_after,
            signed_at=embedded.self_reported_timestamp,
            timestamped_at=None,
            timestamp_trusted=None,
            intact=False,
            valid=False,
            trusted=False,
            revoked=False,
            trust_anchor="",
            coverage="unclear",
            modification_level="unknown",
            changed_after_signing=True,
            level="",
            reason=_text(signature.get("/Reason")),
            location=_text(signature.get("/Location")),
            problems=[type(error).__name__],
        )
    coverage = COVERAGE.get(status.coverage, "unclear")
    modification = MODIFICATION.get(status.modification_level, "unknown")
    changed = (
        not status.intact
        or coverage not in ("entire_file", "entire_revision")
        or modification not in UNCHANGED
    )
    timestamp = status.timestamp_validity
    if status.trust_problem_indic is not None:
        problems.append(status.trust_problem_indic.name)
    if status.docmdp_ok is False:
        problems.append("DOCMDP")
    level = "B-B"
    if timestamp is not None:
        level = "B-LT" if has_dss else "B-T"
    return SignatureReport(
        field_name=_text(embedded.field_name),
        signer=Person.from_certificate(certificate),
        certificate_serial=format(certificate.serial_number, "x"),
        certificate_issuer=certificate.issuer.human_friendly,
        certificate_valid_from=certificate.not_valid_before,
        certificate_valid_until=certificate.not_valid_after,
        signed_at=status.signer_reported_dt,
        timestamped_at=timestamp.timestamp if timestamp is not None else None,
        timestamp_trusted=timestamp.trusted if timestamp is not None else None,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        revoked=status.revoked,
        trust_anchor=_common_name(status.validation_path[0].subject)
        if status.trusted and status.validation_path is not None
        else "",
        coverage=coverage,
        modification_level=modification,
        changed_after_signing=changed,
        level=level,
        reason=_text(signature.get("/Reason")),
        location=_text(signature.get("/Location")),
        problems=problems,
    )


def verify_pdf(data: bytes) -> VerificationReport:
    """Validate every signature (not document time stamps) in the PDF ``data``."""
    if not data.startswith(PDF_MAGIC):
        raise NotAPdf("the file does not start with %PDF-")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
        has_dss = "/DSS" in reader.root
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise NotAPdf(str(error)) from None

    async def run() -> list[SignatureReport]:
        return [await _report(signature, has_dss) for signature in embedded]

    return VerificationReport(signatures=run_sync(run()) if embedded else [])


__all__ = ["NotAPdf", "SignatureReport", "VerificationReport", "verify_pdf"]
