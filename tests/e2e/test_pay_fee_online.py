"""Journey: a citizen pays a dossier's fee online through the VNPay sandbox with the published
test card, comes back to the portal, sees the payment confirmed once the gateway's IPN arrives,
finds the payment in the dossier's log and downloads the receipt."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.payments import services
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import (  # noqa: F401 - fixtures
    citizen_dossier,
    fees,
    vnpay_sandbox,
    world,
)

pytestmark = pytest.mark.browser


def _log_in(page, base_url, next_url):
    page.goto(f"{base_url}/dang-nhap/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill("congdan")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def test_a_citizen_pays_the_fee_through_the_gateway_and_gets_the_receipt(
    vnpay_sandbox,  # noqa: F811
    citizen_dossier,  # noqa: F811
    page,
    poll,
    artifacts_dir,
):
    # The process asks for the fee (the dossier engine's request_payment effect).
    request = services.request_payment(citizen_dossier)
    pay_url = f"/payments/ho-so/{citizen_dossier.code}/"

    _log_in(page, vnpay_sandbox.url, pay_url)
    expect(page).to_have_title(re.compile("^Nộp phí, lệ phí"))
    expect(page.get_by_role("table")).to_contain_text("Phí cấp thêm bản")
    expect(page.get_by_text("205.000 đ", exact=True)).to_be_visible()
    expect(page.get_by_text("Hạn nộp")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "payment-due.png"), full_page=True)

    page.get_by_role("button", name=re.compile("Thanh toán qua VNPay")).click()
    expect(page).to_have_title(re.compile("Thanh toán qua Ngân hàng NCB"))
    expect(page.get_by_text("205.000 đ")).to_be_visible()
    page.get_by_label("Ngân hàng").select_option("NCB")
    page.get_by_label("Số thẻ").fill("9704198526191432198")
    page.get_by_label("Tên chủ thẻ").fill("NGUYEN VAN A")
    page.get_by_label("Ngày phát hành").fill("07/15")
    page.screenshot(path=str(artifacts_dir / "payment-sandbox-card.png"), full_page=True)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã OTP").fill("123456")
    page.screenshot(path=str(artifacts_dir / "payment-sandbox-otp.png"), full_page=True)
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    # Back on the portal: the result page follows the payment until the IPN has confirmed it.
    expect(page).to_have_title(re.compile("^Kết quả thanh toán"))
    payment = request.payments.get()
    poll(
        lambda: Payment.objects.filter(pk=payment.pk, status="confirmed").exists(),
        message="the IPN to confirm the payment",
    )
    expect(page.get_by_role("heading", name="Đã xác nhận thanh toán")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "payment-confirmed.png"), full_page=True)

    event = citizen_dossier.events.get(action="payment_confirmed")
    assert event.payload["payment"] == payment.reference
    assert event.payload["via"] == "ipn" and event.payload["amount_vnd"] == 205_000

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải biên nhận (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("bien-nhan-")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")


def test_the_payment_page_fits_a_360_pixel_phone(
    vnpay_sandbox,  # noqa: F811
    citizen_dossier,  # noqa: F811
    browser,
    artifacts_dir,
):
    services.request_payment(citizen_dossier)
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    phone = context.new_page()
    _log_in(phone, vnpay_sandbox.url, f"/payments/ho-so/{citizen_dossier.code}/")
    expect(phone.get_by_role("button", name=re.compile("Thanh toán qua VNPay"))).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path=str(artifacts_dir / "payment-due-360.png"), full_page=True)
    assert width <= 360, f"the payment page scrolls sideways on a phone ({width}px)"
    context.close()
