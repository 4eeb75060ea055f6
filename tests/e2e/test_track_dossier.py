"""Journey: a dossier received for a citizen and accepted at the counter shows up in their
“Hồ sơ của tôi” with its code, status, due date, timeline and receipt; an anonymous lookup by
code (the QR code on the receipt) shows only the code and status. Desktop and a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.services import perform_action
from motcua.dossiers.tasks import process_event_followups
from motcua.dossiers.tests.conftest import at, world  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Theo-doi-ho-so-2026"
VIEWPORTS = [("desktop", {"width": 1280, "height": 900}), ("mobile", {"width": 360, "height": 780})]


@pytest.fixture
def accepted(world):  # noqa: F811
    world.citizen.set_password(PASSWORD)
    world.citizen.full_name = "Nguyễn Văn An"
    world.citizen.save()
    dossier = world.receive(at(2026, 3, 2, 9), applicant_user=world.citizen)
    event = perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    process_event_followups(event_id=event.pk)  # the receipt (form 01) as PDF
    dossier.refresh_from_db()
    return dossier


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways ({width}px)"


@pytest.mark.parametrize(("device", "viewport"), VIEWPORTS)
def test_the_citizen_follows_their_dossier_and_strangers_see_only_its_status(
    live_server, browser, accepted, artifacts_dir, device, viewport
):
    code = accepted.code
    context = browser.new_context(locale="vi-VN", viewport=viewport)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/ho-so-cua-toi/")
        page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill("congdan")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()

        expect(page).to_have_title(re.compile(r"^Hồ sơ của tôi \|"))
        card = page.locator(".dossier-card").filter(has_text=code)
        expect(card).to_contain_text("Cấp Phiếu lý lịch tư pháp")
        expect(card).to_contain_text("Đang xử lý")
        expect(card).to_contain_text("05/03/2026")  # 3 working days after Monday 02/03 10:00
        no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"my-dossiers-{device}.png"), full_page=True)

        card.get_by_role("link", name="Cấp Phiếu lý lịch tư pháp").click()
        expect(page).to_have_title(re.compile(rf"^Hồ sơ {re.escape(code)} \|"))
        timeline = page.get_by_role("list").filter(has_text="Chờ tiếp nhận")
        expect(timeline.get_by_role("listitem")).to_have_count(2)
        expect(timeline).to_contain_text("Nộp hồ sơ")
        expect(timeline).to_contain_text("Tiếp nhận hồ sơ")
        expect(page.get_by_text("Sở Tư pháp tỉnh Quảng Ninh").first).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả").click()
        assert download.value.suggested_filename == f"{code}-receipt.pdf"
        no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"my-dossier-{device}.png"), full_page=True)
    finally:
        context.close()

    stranger = browser.new_context(locale="vi-VN", viewport=viewport)
    page = stranger.new_page()
    try:
        page.goto(f"{live_server.url}/tra-cuu/?ma={code}")  # where the receipt's QR code points
        expect(page).to_have_title(re.compile(rf"^{re.escape(code)} — Tra cứu hồ sơ \|"))
        answer = page.get_by_role("region", name="Kết quả tra cứu")
        expect(answer).to_contain_text(code)
        expect(answer).to_contain_text("Đang giải quyết")
        for hidden in ("Nguyễn Văn An", "Sở Tư pháp", "Tiếp nhận hồ sơ", "05/03/2026"):
            expect(answer).not_to_contain_text(hidden)
        expect(answer.get_by_role("link", name="Đăng nhập")).to_be_visible()
        no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"lookup-anonymous-{device}.png"), full_page=True)
    finally:
        stranger.close()
