"""The public verification page (/xac-thuc/) and POST /api/v1/signatures/verify."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.models import RateLimitWindow
from motcua.signing.services import sign_and_seal
from motcua.signing.tests.pdfs import simple_pdf

pytestmark = pytest.mark.django_db

API = "/api/v1/signatures/verify"


@pytest.fixture
def signed_pdf(leader_profile, seal_profile) -> bytes:
    return sign_and_seal(simple_pdf("Ket qua giai quyet"), leader_profile, reason="Phê duyệt")


def upload(content: bytes, name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_verify_page_is_public_and_in_vietnamese(client):
    response = client.get(reverse("signing:verify"))
    assert response.status_code == 200
    assert "Xác thực văn bản điện tử có chữ ký số" in response.content.decode()


def test_uploading_a_signed_pdf_shows_each_signer_and_that_both_are_valid(client, signed_pdf):
    response = client.post(reverse("signing:verify"), {"document": upload(signed_pdf)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hoàng Văn Thắng, Giám đốc" in page
    assert "Sở Tư pháp tỉnh Quảng Ninh" in page
    assert page.count("Hợp lệ</span>") == 2
    assert "Cả 2 chữ ký số đều hợp lệ" in page
    assert "ket-qua.pdf" in page


def test_a_file_that_is_not_a_pdf_is_refused_with_a_clear_message(client):
    response = client.post(
        reverse("signing:verify"), {"document": upload(b"\x89PNG\r\n...", "anh.pdf")}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tệp “anh.pdf” không phải tệp PDF" in page
    assert 'role="alert"' in page


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.MOTCUA_SIGNING_VERIFY_MAX_BYTES = 1024
    response = client.post(reverse("signing:verify"), {"document": upload(b"%PDF-" + b"0" * 2000)})
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()


def test_a_broken_pdf_is_reported_not_crashed_on(client):
    response = client.post(reverse("signing:verify"), {"document": upload(b"%PDF-1.7\ngarbage")})
    assert response.status_code == 400
    assert "Không đọc được tệp PDF này" in response.content.decode()


def test_uploads_beyond_the_limit_per_client_are_refused_for_the_window(client, settings):
    settings.MOTCUA_SIGNING_VERIFY_LIMIT = 2
    pdf = simple_pdf("khong ky")
    statuses = [
        client.post(reverse("signing:verify"), {"document": upload(pdf)}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    # The API shares the page's budget: one client, one allowance.
    assert client.post(API, {"file": upload(pdf)}).status_code == 429
    assert RateLimitWindow.objects.get().hits == 4


def test_api_returns_the_same_verification_as_json(client, signed_pdf):
    response = client.post(API, {"file": upload(signed_pdf)})
    assert response.status_code == 200
    data = response.json()
    assert data["signature_count"] == 2
    assert data["all_valid"] is True
    person, seal = data["signatures"]
    assert person["signer"]["name"] == "Hoàng Văn Thắng"
    assert person["status"] == "valid"
    assert person["trusted"] is True
    assert person["changed_after_signing"] is False
    assert seal["signer"]["identifier"] == "000.00.07.H49"


def test_api_refuses_what_is_not_a_pdf(client):
    response = client.post(API, {"file": upload(b"hello", "x.pdf")})
    assert response.status_code == 400
    assert "không phải tệp PDF" in response.json()["error"]


def test_the_api_is_described_in_the_openapi_schema(client, admin_user):
    client.force_login(admin_user)
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/signatures/verify" in schema
