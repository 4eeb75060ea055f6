"""Signing PDFs with each provider and verifying them: PAdES levels, trust, tampering, the box."""

from __future__ import annotations

import io
import subprocess

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.signing import democa
from motcua.signing.models import SignatureRecord, SignerProfile
from motcua.signing.secrets import store_secret
from motcua.signing.services import (
    SigningError,
    register_signer,
    seal_pdf,
    sign_and_seal,
    sign_pdf,
)
from motcua.signing.tests.conftest import REMOTE_TOKEN
from motcua.signing.tests.pdfs import simple_pdf
from motcua.signing.verification import NotAPdf, verify_pdf

pytestmark = pytest.mark.django_db

DECISION = simple_pdf("QUYET DINH so 01/QD-STP", "Ve viec cap phieu ly lich tu phap")


def test_leader_signature_and_agency_seal_both_verify_as_valid_and_trusted(
    leader_profile, seal_profile, demo_ca
):
    signed = sign_and_seal(DECISION, leader_profile, reason="Phê duyệt", reference="H49.07-1")

    report = verify_pdf(signed)

    assert [s.field_name for s in report.signatures] == ["ChuKyCaNhan1", "DauCoQuan1"]
    person, seal = report.signatures
    assert person.signer.name == "Hoàng Văn Thắng"
    assert person.signer.title == "Giám đốc"
    assert seal.signer.name == "Sở Tư pháp tỉnh Quảng Ninh"
    assert seal.signer.identifier == "000.00.07.H49"
    for signature in report.signatures:
        assert signature.intact and signature.valid and signature.trusted
        assert signature.trust_anchor == "motcua Demo Root CA"
        assert not signature.changed_after_signing
        assert signature.status == "valid"
        assert signature.reason == "Phê duyệt"
    # The seal came as a later revision: the leader's signature covers its own revision only.
    assert person.coverage == "entire_revision"
    assert report.all_valid
    assert SignatureRecord.objects.filter(reference="H49.07-1").count() == 2


def test_content_changed_after_signing_is_reported_as_changed(leader_profile):
    signed = sign_pdf(DECISION, leader_profile)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref, _ = writer.find_page_for_modification(0)
    forged = generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 700 Td (Da sua noi dung) Tj ET")
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(forged)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)

    (signature,) = verify_pdf(out.getvalue()).signatures

    assert signature.valid and signature.intact  # the signed revision itself is untouched
    assert signature.changed_after_signing
    assert signature.modification_level == "other"
    assert signature.status == "changed"


def test_bytes_altered_inside_the_signed_range_make_the_signature_invalid(leader_profile):
    signed = bytearray(sign_pdf(DECISION, leader_profile))
    position = signed.index(b"Ve viec")
    signed[position : position + 7] = b"Vu viec"

    (signature,) = verify_pdf(bytes(signed)).signatures

    assert not signature.intact
    assert signature.status == "invalid"


def test_certificate_from_an_untrusted_root_is_reported_as_not_trusted(
    agency, leader, tmp_path, settings
):
    stranger_root = democa.new_root("Some Other Root CA")
    issued = democa.issue(
        stranger_root,
        democa.person_name(democa.PersonSpec("x", "Trần Văn Lạ", "Chuyên viên", agency.name)),
        purpose="signing",
    )
    p12 = tmp_path / "stranger.p12"
    p12.write_bytes(democa.pkcs12_bytes(issued, [stranger_root.certificate], "pw-stranger"))
    settings.MOTCUA_SIGNING_LONG_TERM = False  # B-LT would refuse an untrusted chain outright
    store_secret("test/stranger", "pw-stranger", settings.MOTCUA_SIGNING_SECRETS_FILE)
    profile = register_signer(
        kind=SignerProfile.Kind.PERSON,
        agency=agency,
        user=leader,
        provider="pkcs12",
        key_location={"path": str(p12)},
        display_name="Trần Văn Lạ",
        secret_name="test/stranger",
    )

    (signature,) = verify_pdf(sign_pdf(DECISION, profile)).signatures

    assert signature.valid and signature.intact and not signature.changed_after_signing
    assert not signature.trusted
    assert signature.trust_anchor == ""
    assert signature.status == "untrusted"


def test_long_term_signing_refuses_a_signer_outside_the_trusted_roots(
    leader_profile, settings, tmp_path, demo_ca
):
    other = democa.new_root("Another Root")
    root_file = tmp_path / "other.pem"
    from cryptography.hazmat.primitives import serialization

    root_file.write_bytes(other.certificate.public_bytes(serialization.Encoding.PEM))
    settings.MOTCUA_SIGNING_TRUSTED_ROOTS = [str(root_file)]

    with pytest.raises(SigningError):
        sign_pdf(DECISION, leader_profile)


def test_time_stamped_signature_from_the_sandbox_tsa_is_pades_b_lt(
    leader_profile, seal_profile, sandbox_tsa
):
    signed = seal_pdf(sign_pdf(DECISION, leader_profile), seal_profile.agency)

    report = verify_pdf(signed)

    for signature in report.signatures:
        assert signature.timestamped_at is not None
        assert signature.timestamp_trusted
        assert signature.level == "B-LT"
        assert signature.status == "valid"
    reader = PdfFileReader(io.BytesIO(signed))
    dss = reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 3  # root, leader, seal, TSA
    assert len(dss["/CRLs"]) >= 1  # the demo root's CRL
    assert SignatureRecord.objects.filter(level="B-LT").count() == 2


def test_without_a_tsa_the_signature_is_pades_b_b(leader_profile, settings):
    settings.MOTCUA_SIGNING_LONG_TERM = False
    (signature,) = verify_pdf(sign_pdf(DECISION, leader_profile)).signatures
    assert signature.level == "B-B"
    assert signature.timestamped_at is None
    assert signature.status == "valid"


def test_remote_signing_service_signs_over_http_through_the_sandbox(
    agency, leader, sandbox_remote_signer, sandbox_tsa, settings
):
    store_secret("test/remote-token", REMOTE_TOKEN, settings.MOTCUA_SIGNING_SECRETS_FILE)
    profile = register_signer(
        kind=SignerProfile.Kind.PERSON,
        agency=agency,
        user=leader,
        provider="remote",
        key_location={
            "url": sandbox_remote_signer,
            "credential_id": "truongphong",
            "poll_interval": 0.05,
        },
        display_name="Vũ Thị Lan",
        title="Trưởng phòng",
        secret_name="test/remote-token",
    )
    assert "Vũ Thị Lan" in profile.certificate_subject

    (signature,) = verify_pdf(sign_pdf(DECISION, profile)).signatures

    assert signature.signer.name == "Vũ Thị Lan"
    assert signature.status == "valid"
    assert signature.level == "B-LT"  # the time stamp was added to the service's CMS


def test_remote_signing_with_a_wrong_token_fails_with_a_clear_message(
    agency, leader, sandbox_remote_signer, settings
):
    store_secret("test/bad-token", "not-the-token", settings.MOTCUA_SIGNING_SECRETS_FILE)
    with pytest.raises(SigningError, match="401"):
        register_signer(
            kind=SignerProfile.Kind.PERSON,
            agency=agency,
            user=leader,
            provider="remote",
            key_location={"url": sandbox_remote_signer, "credential_id": "truongphong"},
            display_name="Vũ Thị Lan",
            secret_name="test/bad-token",
        )


def test_pkcs11_token_signs_with_a_key_that_never_leaves_softhsm(
    agency, leader, leader_profile, softhsm_token, settings
):
    store_secret("test/softhsm-pin", softhsm_token["pin"], settings.MOTCUA_SIGNING_SECRETS_FILE)
    leader_profile.provider = "pkcs11"
    leader_profile.key_location = {
        k: softhsm_token[k] for k in ("module", "token_label", "key_label")
    }
    leader_profile.secret_name = "test/softhsm-pin"
    leader_profile.save()  # the certificate recorded from the PKCS#12 stays: the token has none

    (signature,) = verify_pdf(sign_pdf(DECISION, leader_profile)).signatures

    assert signature.signer.name == "Hoàng Văn Thắng"
    assert signature.status == "valid"


def test_visible_box_shows_the_vietnamese_name_in_an_embedded_font(
    leader_profile, seal_profile, tmp_path
):
    signed = sign_and_seal(DECISION, leader_profile)
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout

    assert "Ký bởi: Hoàng Văn Thắng" in text
    assert "Chức vụ: Giám đốc" in text
    assert "Cơ quan: Sở Tư pháp tỉnh Quảng Ninh" in text
    assert "Mã định danh: 000.00.07.H49" in text
    tinos = [line for line in fonts.splitlines() if "Tinos" in line]
    assert len(tinos) == 2
    for line in tinos:
        # columns: name type encoding emb sub uni
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line


def test_an_invisible_signature_has_no_box(leader_profile, tmp_path):
    signed = sign_pdf(DECISION, leader_profile, visible_box=None)
    path = tmp_path / "invisible.pdf"
    path.write_bytes(signed)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Ký bởi" not in text
    assert verify_pdf(signed).signatures[0].status == "valid"


def test_a_missing_secret_is_reported_without_revealing_anything(leader_profile):
    leader_profile.secret_name = "nobody/knows"
    leader_profile.save()
    with pytest.raises(SigningError, match="nobody/knows"):
        sign_pdf(DECISION, leader_profile)


def test_a_pdf_without_signatures_has_an_empty_report():
    assert verify_pdf(DECISION).signatures == []


def test_bytes_that_are_not_a_pdf_are_refused():
    with pytest.raises(NotAPdf):
        verify_pdf(b"GIF89a not a pdf")
