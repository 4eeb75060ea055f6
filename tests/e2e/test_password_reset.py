"""Journey: a citizen who forgot their password follows "Quên mật khẩu?" from the sign-in page,
reads the code in the sandbox mailbox, sets a new password and signs in with it; a session
opened elsewhere with the old password is signed out."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.notifications.models import Notification
from tests.e2e.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "hoa.tran@example.vn"
OLD_PASSWORD = "Mat-khau-cu-2025"
NEW_PASSWORD = "Mat-khau-moi-2026-Hoa"


@pytest.fixture
def citizen(transactional_db, settings):
    # the floor on a reset answer's time, kept short here (the unit tests check it holds)
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "RESET_MIN_MILLISECONDS": 100}
    user = User.objects.create_user(
        username=EMAIL, email=EMAIL, password=OLD_PASSWORD, full_name="Trần Thị Hoa"
    )
    User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    return user


def sign_in(page, url, password):
    page.goto(url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def test_a_citizen_resets_a_forgotten_password_with_a_code_from_the_mailbox(
    live_server, page, browser, citizen, artifacts_dir
):
    elsewhere = browser.new_context(locale="vi-VN")
    other = elsewhere.new_page()
    sign_in(other, live_server.url, OLD_PASSWORD)
    expect(other.get_by_text("Xin chào, Trần Thị Hoa")).to_be_visible()

    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(page).to_have_title(re.compile(r"^Quên mật khẩu \|"))
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill("không phải địa chỉ")
    page.get_by_role("button", name="Gửi mã đặt lại mật khẩu").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa gửi được mã")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill(EMAIL.upper())
    page.get_by_role("button", name="Gửi mã đặt lại mật khẩu").click()

    expect(page).to_have_title(re.compile(r"^Đặt lại mật khẩu \|"))
    expect(page.get_by_role("main")).to_contain_text("ho••••••@example.vn")
    page.screenshot(path=str(artifacts_dir / "password-reset-code.png"), full_page=True)
    found = serious_violations(page)
    assert not found, "\n".join(found)

    inbox = page.context.new_page()
    inbox.goto(live_server.url + "/sandbox/hop-thu/")
    mail = inbox.get_by_role("listitem").filter(has_text=f"Đến {EMAIL}")
    expect(mail).to_contain_text("Mã đặt lại mật khẩu tài khoản của bạn là")
    code = re.search(r"là: (\d{6})", mail.inner_text()).group(1)
    inbox.close()

    page.get_by_label("Mã xác minh").fill(code)
    page.get_by_label("Mật khẩu mới", exact=True).fill("12345678")
    page.get_by_label("Nhập lại mật khẩu mới").fill("12345678")
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa đặt lại được mật khẩu")
    page.get_by_label("Mã xác minh").fill(code)
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đặt mật khẩu mới").click()

    expect(page).to_have_title(re.compile(r"^Đăng nhập \|"))
    expect(page.get_by_role("status")).to_contain_text("Đã đặt lại mật khẩu")
    sign_in(page, live_server.url, NEW_PASSWORD)
    expect(page.get_by_text("Xin chào, Trần Thị Hoa")).to_be_visible()
    assert Notification.objects.filter(event="password_changed", user=citizen).exists()

    other.reload()  # the session opened with the old password has ended
    expect(other.get_by_text("Xin chào, Trần Thị Hoa")).to_have_count(0)
    elsewhere.close()
