"""Journey: a citizen opens the portal's home page and finds their way around the shell."""

import re

import pytest
from playwright.sync_api import expect

from motcua.demo.loader import load_demo

pytestmark = pytest.mark.browser

NAV_LABELS = [
    "Trang chủ",
    "Thủ tục hành chính",
    "Nộp hồ sơ",
    "Tra cứu hồ sơ",
    "Thống kê",
    "Đăng nhập",
]


@pytest.fixture
def demo(transactional_db):
    return load_demo()


def test_home_page_shows_the_province_shell_in_vietnamese(live_server, page, demo, artifacts_dir):
    page.goto(live_server.url + "/")

    expect(page).to_have_title(re.compile(r"Cổng Dịch vụ công Tỉnh Quảng Ninh"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".brand__province")).to_have_text("Tỉnh Quảng Ninh")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    for label in NAV_LABELS:
        expect(nav).to_contain_text(label)
    expect(page.get_by_role("heading", name="Cơ quan tiếp nhận và giải quyết")).to_be_visible()
    expect(page.get_by_text("Sở Tư pháp tỉnh Quảng Ninh")).to_be_visible()
    expect(page.get_by_text("Ủy ban nhân dân Phường Hạ Long")).to_be_visible()
    expect(page.get_by_text("54 xã, phường, đặc khu")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("Văn phòng UBND tỉnh Quảng Ninh")
    page.screenshot(path=str(artifacts_dir / "home-desktop.png"), full_page=True)

    # Keyboard users reach the skip link first and it takes them to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_home_page_fits_a_360_pixel_phone(live_server, browser, demo, artifacts_dir):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    expect(phone.locator(".brand__portal")).to_be_visible()
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the page scrolls sideways on a phone ({scroll_width}px)"
    phone.screenshot(path=str(artifacts_dir / "home-360px.png"), full_page=True)
    context.close()


def test_a_browser_set_to_english_still_gets_vietnamese_first(live_server, browser, demo):
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US"})
    english_browser = context.new_page()
    english_browser.goto(live_server.url + "/")
    expect(english_browser.locator("html")).to_have_attribute("lang", "vi")
    context.close()


def test_language_switch_shows_the_portal_in_english_and_back(live_server, page, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav).to_contain_text("Administrative procedures")
    expect(nav).to_contain_text("Sign in")
    page.get_by_role("button", name="VI").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text("Đăng nhập")


def test_demo_citizen_signs_in_and_out(live_server, page, demo):
    password = next(a["password"] for a in demo.accounts if a["username"] == "congdan")
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đăng nhập"
    ).click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    page.get_by_label("Tên đăng nhập").fill("congdan")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("congdan")

    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Xin chào, Nguyễn Văn An")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text("Đăng nhập")
