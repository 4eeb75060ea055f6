"""Signing services: apply PAdES signatures to PDFs, and register signer profiles.

What callers use (the dossier engine for the leader's approve-and-sign action and for receipts,
paperwork for slips, eoffice for outgoing documents):

- ``sign_pdf(pdf, profile, *, visible_box=..., reason=..., location=..., reference=...)``:
  one signature by a profile (a person or an organisation seal); returns the new PDF bytes.
- ``seal_pdf(pdf, agency, ...)``: the agency's organisation seal (its active seal profile).
- ``sign_and_seal(pdf, person_profile, ...)``: the leader's signature then the seal of the
  leader's agency, as two incremental revisions: what Decree 30/2020 asks of a result.
- ``register_signer(...)`` / ``refresh_certificate(profile)``: record where a key is and copy its
  public certificate into the profile.

Signatures are PAdES baseline: B-B always; B-T when ``MOTCUA_SIGNING_TSA_URL`` names an RFC 3161
time-stamp authority; B-LT when, in addition, validation data is at hand
(``MOTCUA_SIGNING_LONG_TERM`` and trusted roots configured): the chain's certificates and CRLs
(or OCSP responses) go into the document security store.

Signing reaches tokens, remote services and a TSA over the network, so it can take seconds (a
remote signature waits for the holder): call it from a job, outside a database transaction that
holds row locks. These functions change nothing in the database except the ``SignatureRecord``
written after a signature succeeds; they must never store the document, the key or a secret.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import io
from collections.abc import Coroutine
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.rw_common import find_inherited_value_in_tree
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.timestamps import HTTPTimeStamper

from motcua.signing import appearance, trust
from motcua.signing.base import SigningProviderError
from motcua.signing.models import SignatureRecord, SignerProfile
from motcua.signing.registry import registry
from motcua.signing.secrets import MissingSecret, read_secret

DEFAULT_BOX: Any = object()


class SigningError(Exception):
    """Signing failed; the message (Vietnamese) is safe to show staff."""


def run_sync(coroutine: Coroutine) -> Any:
    """Run pyHanko's asynchronous API from synchronous code, also when the calling thread
    already runs an event loop (an ASGI worker, a browser-driven test)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# --- profiles --------------------------------------------------------------------------------


def _secret_for(profile: SignerProfile) -> str | None:
    if not profile.secret_name:
        return None
    try:
        return read_secret(profile.secret_name)
    except MissingSecret:
        raise SigningError(
            _("Thiếu mật khẩu/PIN của khoá ký số “%(name)s”: báo quản trị hệ thống.")
            % {"name": profile.secret_name}
        ) from None


def _provider(identifier: str):
    if not registry.is_enabled(identifier):
        raise SigningError(
            _("Cách truy cập khoá “%(provider)s” không được bật.") % {"provider": identifier}
        )
    return registry[identifier]()


def certificate_of(profile: SignerProfile) -> asn1_x509.Certificate | None:
    if not profile.certificate_pem:
        return None
    _, _, der = pem.unarmor(profile.certificate_pem.encode())
    return asn1_x509.Certificate.load(der)


def _copy_certificate(profile: SignerProfile, certificate: asn1_x509.Certificate) -> None:
    profile.certificate_pem = pem.armor("CERTIFICATE", certificate.dump()).decode()
    profile.certificate_subject = certificate.subject.human_friendly[:500]
    profile.certificate_issuer = certificate.issuer.human_friendly[:500]
    profile.certificate_serial = format(certificate.serial_number, "x")
    profile.certificate_fingerprint = hashlib.sha256(certificate.dump()).hexdigest()
    profile.valid_from = certificate.not_valid_before
    profile.valid_until = certificate.not_valid_after


def refresh_certificate(profile: SignerProfile) -> SignerProfile:
    """Read the certificate from the key store (file, token, remote service) into the profile."""
    provider = _provider(profile.provider)
    try:
        certificate = next(
            iter(provider.read_certificates(profile.key_location, _secret_for(profile)))
        )
    except SigningProviderError as error:
        raise SigningError(str(error)) from None
    _copy_certificate(profile, certificate)
    profile.save()
    return profile


@transaction.atomic
def register_signer(
    *,
    kind: str,
    agency,
    provider: str,
    key_location: dict,
    display_name: str,
    title: str = "",
    user=None,
    secret_name: str = "",
) -> SignerProfile:
    """Create or update the active profile of a person (``user``) or of an agency's seal, and
    read its certificate. Idempotent: the same call twice leaves one profile."""
    if provider not in registry:
        raise ValidationError(_("Không có cách truy cập khoá “%(p)s”.") % {"p": provider})
    problems = registry[provider]().check_key_location(key_location)
    if problems:
        raise ValidationError(problems)
    lookup = {"kind": kind, "is_active": True}
    lookup.update({"user": user} if kind == SignerProfile.Kind.PERSON else {"agency": agency})
    profile = SignerProfile.objects.select_for_update().filter(**lookup).first() or SignerProfile(
        **lookup
    )
    profile.agency = agency
    profile.provider = provider
    profile.key_location = key_location
    profile.display_name = display_name
    profile.title = title
    profile.secret_name = secret_name
    profile.full_clean(exclude=["certificate_pem"])
    return refresh_certificate(profile)


# --- signing ---------------------------------------------------------------------------------


def _page_size(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float]:
    page_ref, _ = writer.find_page_for_modification(page)
    box = find_inherited_value_in_tree(page_ref.get_object(), "/MediaBox", "/Parent")
    left, bottom, right, top = (float(v) for v in box)
    return right - left, top - bottom


def _field_name(writer: IncrementalPdfFileWriter, kind: str) -> str:
    existing = {name for name, _, _ in fields.enumerate_sig_fields(writer)}
    prefix = "DauCoQuan" if kind == SignerProfile.Kind.ORGANISATION else "ChuKyCaNhan"
    number = 1
    while f"{prefix}{number}" in existing:
        number += 1
    return f"{prefix}{number}"


def signature_level(timestamped: bool, long_term: bool) -> str:
    if timestamped and long_term:
        return "B-LT"
    return "B-T" if timestamped else "B-B"


def sign_pdf(
    pdf: bytes,
    profile: SignerProfile,
    *,
    visible_box: appearance.VisibleBox | None = DEFAULT_BOX,
    reason: str = "",
    location: str = "",
    reference: str = "",
) -> bytes:
    """Sign ``pdf`` with ``profile``'s key as a new incremental revision; earlier signatures stay
    valid. ``visible_box=None`` makes an invisible signature; the default puts the person's box
    at the bottom right of the last page and the seal's box to its left."""
    if not profile.is_active:
        raise SigningError(_("Cấu hình ký số này đã ngừng sử dụng."))
    if profile.valid_until and profile.valid_until < timezone.now():
        raise SigningError(
            _("Chứng thư số của %(name)s đã hết hạn.") % {"name": profile.display_name}
        )
    if visible_box is DEFAULT_BOX:
        visible_box = (
            appearance.SEAL_BOX
            if profile.kind == SignerProfile.Kind.ORGANISATION
            else appearance.PERSON_BOX
        )
    provider = _provider(profile.provider)
    secret = _secret_for(profile)
    agency = profile.agency
    tsa_url = settings.MOTCUA_SIGNING_TSA_URL
    timestamper = HTTPTimeStamper(tsa_url, timeout=15) if tsa_url else None
    validation_context = None
    if settings.MOTCUA_SIGNING_LONG_TERM and trust.trusted_roots():
        validation_context = trust.validation_context()

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError) as error:
        raise SigningError(_("Tệp không phải PDF hợp lệ: %(error)s") % {"error": error}) from None
    field_name = _field_name(writer, profile.kind)
    field_spec = None
    if visible_box is not None:
        field_spec = fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=visible_box.page,
            box=visible_box.rectangle(*_page_size(writer, visible_box.page)),
        )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=profile.display_name,
        embed_validation_info=validation_context is not None,
        validation_context=validation_context,
        # Organisation certificates of some Vietnamese CAs carry digitalSignature only.
        signer_key_usage={"digital_signature"}
        if profile.kind == SignerProfile.Kind.ORGANISATION
        else {"non_repudiation"},
    )
    text = appearance.box_text(
        kind=profile.kind,
        display_name=profile.display_name,
        title=profile.title,
        agency_name=agency.name,
        agency_identifier=agency.identifier,
        moment=timezone.now(),
    )

    async def sign(signer) -> bytes:
        pdf_signer = signers.PdfSigner(
            metadata,
            signer,
            timestamper=timestamper,
            stamp_style=appearance.stamp_style(),
            new_field_spec=field_spec,
        )
        output = io.BytesIO()
        await pdf_signer.async_sign_pdf(
            writer,
            output=output,
            bytes_reserved=getattr(provider, "bytes_reserved", None),
            appearance_text_params={"box_text": text},
        )
        return output.getvalue()

    try:
        with provider.open_signer(
            profile.key_location, secret, certificate=certificate_of(profile)
        ) as signer:
            signed = run_sync(sign(signer))
            serial = format(signer.signing_cert.serial_number, "x")
    except SigningProviderError as error:
        raise SigningError(str(error)) from None
    except PyhankoSigningError as error:
        raise SigningError(
            _("Không ký được: %(error)s. Kiểm tra chứng thư số và dịch vụ cấp dấu thời gian.")
            % {"error": error}
        ) from None

    SignatureRecord.objects.create(
        profile=profile,
        field_name=field_name,
        level=signature_level(timestamper is not None, validation_context is not None),
        reason=reason[:300],
        reference=reference[:200],
        input_sha256=hashlib.sha256(pdf).hexdigest(),
        output_sha256=hashlib.sha256(signed).hexdigest(),
        certificate_serial=serial,
    )
    return signed


def active_seal(agency) -> SignerProfile:
    profile = SignerProfile.objects.filter(
        agency=agency, kind=SignerProfile.Kind.ORGANISATION, is_active=True
    ).first()
    if profile is None:
        raise SigningError(_("%(agency)s chưa có con dấu số.") % {"agency": agency.name})
    return profile


def seal_pdf(
    pdf: bytes,
    agency,
    *,
    visible_box: appearance.VisibleBox | None = DEFAULT_BOX,
    reason: str = "",
    location: str = "",
    reference: str = "",
) -> bytes:
    """Apply ``agency``'s organisation seal (its active seal profile)."""
    return sign_pdf(
        pdf,
        active_seal(agency),
        visible_box=visible_box,
        reason=reason,
        location=location,
        reference=reference,
    )


def sign_and_seal(
    pdf: bytes,
    person: SignerProfile,
    *,
    reason: str = "",
    location: str = "",
    reference: str = "",
) -> bytes:
    """The competent person's signature, then the seal of that person's agency (Decree 30/2020,
    Art 8: an electronic document is signed by the competent person and by the organisation)."""
    if person.kind != SignerProfile.Kind.PERSON:
        raise SigningError(_("Cần chữ ký số cá nhân của người có thẩm quyền trước con dấu số."))
    signed = sign_pdf(pdf, person, reason=reason, location=location, reference=reference)
    return seal_pdf(signed, person.agency, reason=reason, location=location, reference=reference)
