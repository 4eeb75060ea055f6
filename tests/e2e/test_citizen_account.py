"""Journeys: a citizen signs up with an email address, reads the code in the sandbox mailbox,
verifies, signs out and signs in again; and a citizen signs in "with VNeID" through the sandbox
identity provider (OpenID Connect with PKCE, the ID token checked against its JWKS)."""

import copy
import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import ExternalIdentity, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "thu.le@example.vn"
PASSWORD = "Ho-so-truc-tuyen-2026"


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways ({width}px)"


def test_a_citizen_signs_up_by_email_verifies_and_signs_in_again(
    live_server, page, browser, artifacts_dir
):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đăng ký"
    ).click()
    expect(page).to_have_title(re.compile(r"^Đăng ký tài khoản \|"))
    page.get_by_label("Công dân").check()
    page.get_by_label("Họ và tên").fill("Lê Thị Thu")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill(EMAIL)
    page.get_by_label("Mật khẩu", exact=True).fill("123")
    page.get_by_label("Nhập lại mật khẩu").fill("123")
    page.get_by_role("button", name="Đăng ký và nhận mã xác minh").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Chưa đăng ký được")
    page.screenshot(path=str(artifacts_dir / "signup-errors.png"), full_page=True)

    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký và nhận mã xác minh").click()
    expect(page).to_have_title(re.compile(r"^Xác minh tài khoản \|"))
    expect(page.get_by_role("main")).to_contain_text("th••••@example.vn")
    page.screenshot(path=str(artifacts_dir / "signup-verify.png"), full_page=True)

    # The sandbox mailbox shows the email the person would receive.
    inbox = page.context.new_page()
    inbox.goto(live_server.url + "/sandbox/hop-thu/")
    mail = inbox.get_by_role("listitem").filter(has_text=f"Đến {EMAIL}")
    expect(mail).to_contain_text("Mã xác minh tài khoản của bạn là")
    code = re.search(r"là: (\d{6})", mail.inner_text()).group(1)
    inbox.close()

    page.get_by_label("Mã xác minh").fill(code)
    page.get_by_role("button", name="Xác minh").click()
    expect(page).to_have_title(re.compile(r"^Tài khoản của tôi \|"))
    expect(page.get_by_role("status")).to_contain_text("Tài khoản đã được xác minh")
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("022190001234")
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu thông tin tài khoản")
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("999190001234")
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page.get_by_role("alert")).to_contain_text("không phải mã tỉnh")
    page.screenshot(path=str(artifacts_dir / "profile-cccd-error.png"), full_page=True)
    assert User.objects.get(username=EMAIL).id_number == "022190001234"

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đăng nhập"
    ).click()
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill(EMAIL.upper())
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_text("Xin chào, Lê Thị Thu")).to_be_visible()
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page).to_have_title(re.compile(r"^Hồ sơ của tôi \|"))
    expect(page.get_by_text("Bạn chưa có hồ sơ nào")).to_be_visible()

    phone = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    small = phone.new_page()
    small.goto(live_server.url + "/dang-ky/")
    no_sideways_scroll(small)
    small.screenshot(path=str(artifacts_dir / "signup-360.png"), full_page=True)
    small.goto(live_server.url + "/dang-nhap/")
    no_sideways_scroll(small)
    small.screenshot(path=str(artifacts_dir / "login-360.png"), full_page=True)
    phone.close()


@pytest.fixture
def vneid(settings, live_server):
    providers = copy.deepcopy(settings.MOTCUA_IDENTITY_PROVIDERS)
    providers["vneid"]["ISSUER"] = live_server.url + "/sandbox/idp"
    settings.MOTCUA_IDENTITY_PROVIDERS = providers
    return live_server


def test_a_citizen_signs_in_with_vneid_through_the_sandbox_provider(vneid, page, artifacts_dir):
    page.goto(vneid.url + "/dang-nhap/")
    page.screenshot(path=str(artifacts_dir / "login.png"), full_page=True)
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()

    expect(page).to_have_title(re.compile(r"^Xác thực định danh điện tử \| VNeID"))
    page.get_by_label("Hoàng Văn Em").check()
    page.screenshot(path=str(artifacts_dir / "vneid-sandbox-consent.png"), full_page=True)
    page.get_by_role("button", name="Đồng ý chia sẻ và đăng nhập").click()

    expect(page).to_have_title(re.compile(r"^Hồ sơ của tôi \|"))
    expect(page.get_by_role("status")).to_contain_text("Đã đăng nhập bằng VNeID")
    expect(page.get_by_text("Xin chào, Hoàng Văn Em")).to_be_visible()
    link = ExternalIdentity.objects.get(provider="vneid", subject="vneid-demo-0002")
    assert link.user.id_number == "022075001987"

    page.get_by_role("link", name="Thông tin tài khoản").click()
    expect(page.get_by_label("Số định danh cá nhân (CCCD)")).to_have_value("022075001987")
    expect(page.get_by_text("Đã liên kết VNeID")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "profile-vneid.png"), full_page=True)
