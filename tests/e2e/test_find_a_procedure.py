"""Journey: a citizen searches the catalog without diacritics, opens birth registration and
reads what to bring, what it costs and how long it takes — on a desktop and on a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from motcua.demo.loader import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MOTCUA_HOME = tmp_path
    return load_demo()  # with the real procedures of Justice, Police and Construction


@pytest.mark.parametrize(
    ("device", "viewport"),
    [("desktop", {"width": 1280, "height": 900}), ("mobile", {"width": 360, "height": 780})],
)
def test_a_citizen_finds_birth_registration(
    live_server, browser, demo, artifacts_dir, device, viewport
):
    context = browser.new_context(locale="vi-VN", viewport=viewport)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Thủ tục hành chính"
        ).click()
        expect(page).to_have_title(re.compile(r"^Thủ tục hành chính \|"))

        page.get_by_label("Tìm thủ tục").fill("dang ky khai sinh")
        page.get_by_role("button", name="Tìm kiếm").click()
        results = page.locator(".procedure-item")
        expect(results.first).to_contain_text("Thủ tục đăng ký khai sinh")
        expect(results.first.locator("mark").first).to_have_text("đăng")
        expect(page.get_by_role("heading", level=2, name=re.compile("phù hợp"))).to_be_visible()
        page.screenshot(path=str(artifacts_dir / f"catalog-search-{device}.png"), full_page=False)

        results.first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
        expect(page.get_by_role("navigation", name="Đường dẫn")).to_contain_text("1.001193")
        channels = page.locator("#cach-thuc")
        expect(channels).to_contain_text("Trực tuyến")
        expect(channels).to_contain_text("1 ngày làm việc")
        expect(channels).to_contain_text("Miễn phí")
        expect(page.locator("#ho-so")).to_contain_text("Giấy chứng sinh")
        expect(page.locator("#noi-nop")).to_contain_text("Ủy ban nhân dân Phường Hạ Long")
        # The page fits the screen: nothing scrolls sideways at 360 px.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        page.screenshot(path=str(artifacts_dir / f"procedure-page-{device}.png"))
        channels.screenshot(path=str(artifacts_dir / f"procedure-channels-{device}.png"))
        page.locator("#ho-so").screenshot(
            path=str(artifacts_dir / f"procedure-documents-{device}.png")
        )
    finally:
        context.close()
