"""Journey: a citizen checks that the result they received is genuinely signed by the leader
and sealed by the agency, on the public verification page (/xac-thuc/)."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from motcua.demo.loader import load_demo
from motcua.signing.models import SignerProfile
from motcua.signing.services import sign_and_seal
from motcua.signing.tests.pdfs import simple_pdf

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_result(transactional_db, settings, tmp_path, artifacts_dir):
    home = tmp_path / "home"
    settings.MOTCUA_SIGNING_DEMO_CA_DIR = home / "demo-ca"
    settings.MOTCUA_SIGNING_SECRETS_FILE = home / "signing-secrets.json"
    settings.MOTCUA_SIGNING_TRUSTED_ROOTS = [str(home / "demo-ca" / "root.pem")]
    settings.MOTCUA_SIGNING_CRLS = [str(home / "demo-ca" / "root.crl")]
    settings.MOTCUA_SIGNING_TSA_URL = ""
    load_demo()
    leader = SignerProfile.objects.get(user__username="lanhdao")
    pdf = sign_and_seal(
        simple_pdf("PHIEU LY LICH TU PHAP so 01/2026", "Cap cho: Nguyen Van An"),
        leader,
        reason="Cấp phiếu lý lịch tư pháp",
        location="Quảng Ninh",
    )
    path = artifacts_dir / "verify-signed-result.pdf"
    path.write_bytes(pdf)
    # A picture of the page with both signature boxes, to look at.
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "90",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(artifacts_dir / "verify-signed-result-page1"),
        ],
        check=True,
    )
    return path


def test_citizen_uploads_a_signed_result_and_sees_both_signatures_valid(
    live_server, page, signed_result, artifacts_dir
):
    page.goto(live_server.url + "/xac-thuc/")
    expect(page).to_have_title(
        "Xác thực văn bản điện tử có chữ ký số | Cổng Dịch vụ công Tỉnh Quảng Ninh"
    )
    expect(page.get_by_role("navigation", name="Đường dẫn")).to_contain_text("Trang chủ")

    page.get_by_label("Tệp PDF đã ký số").set_input_files(str(signed_result))
    page.get_by_role("button", name="Xác thực").click()

    expect(page.get_by_role("heading", name="Kết quả xác thực")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Cả 2 chữ ký số đều hợp lệ")
    first = page.locator(".signature").nth(0)
    expect(first).to_contain_text("Hoàng Văn Thắng, Giám đốc")
    expect(first).to_contain_text("Hợp lệ")
    expect(first).to_contain_text("motcua Demo Root CA")
    second = page.locator(".signature").nth(1)
    expect(second).to_contain_text("Sở Tư pháp tỉnh Quảng Ninh")
    expect(second).to_contain_text("000.00.07.H49")
    page.screenshot(path=str(artifacts_dir / "verify-result-desktop.png"), full_page=True)


def test_a_file_that_is_not_a_pdf_gets_a_clear_error(live_server, page, tmp_path, artifacts_dir):
    fake = tmp_path / "giay-to.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n not a pdf")
    page.goto(live_server.url + "/xac-thuc/")
    page.get_by_label("Tệp PDF đã ký số").set_input_files(str(fake))
    page.get_by_role("button", name="Xác thực").click()
    expect(page.get_by_role("alert")).to_contain_text("Tệp “giay-to.pdf” không phải tệp PDF")
    page.screenshot(path=str(artifacts_dir / "verify-not-a-pdf.png"), full_page=True)


def test_the_result_fits_a_360_pixel_phone(live_server, browser, signed_result, artifacts_dir):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    phone = context.new_page()
    phone.goto(live_server.url + "/xac-thuc/")
    phone.get_by_label("Tệp PDF đã ký số").set_input_files(str(signed_result))
    phone.get_by_role("button", name="Xác thực").click()
    expect(phone.locator(".signature")).to_have_count(2)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the page scrolls sideways on a phone ({scroll_width}px)"
    phone.screenshot(path=str(artifacts_dir / "verify-result-360px.png"), full_page=True)
    context.close()
