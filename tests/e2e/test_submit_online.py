"""Journey: the demo citizen finds birth registration in the catalog, signs in, fills the tờ khai
one topic per page (their own details pre-filled), attaches a wrong file (refused in Vietnamese,
nothing typed is lost) then the right ones, chooses how to receive the result, reviews and
submits; the dossier shows in "Hồ sơ của tôi" as "Chờ tiếp nhận". Desktop and a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from motcua.demo.loader import load_demo
from motcua.dossiers.models import Dossier
from motcua.portal.submission import open_procedure, uploadable_documents

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
VIEWPORTS = [("desktop", {"width": 1280, "height": 900}), ("mobile", {"width": 360, "height": 780})]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MOTCUA_HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    result = load_demo()
    password = next(a["password"] for a in result.accounts if a["username"] == "congdan")
    opened = open_procedure("1.001193")
    assert opened is not None, "birth registration must be open for online submission"
    return password, opened


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways ({width}px)"


@pytest.mark.parametrize(("device", "viewport"), VIEWPORTS)
def test_a_citizen_registers_a_birth_online(
    live_server, browser, demo, artifacts_dir, device, viewport
):
    password, opened = demo
    documents = uploadable_documents(opened.version)
    mandatory = [d for d in documents if d.requirement == "mandatory"]
    assert mandatory, "birth registration asks for at least the birth certificate"
    context = browser.new_context(locale="vi-VN", viewport=viewport)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/thu-tuc/?q=dang+ky+khai+sinh")
        page.locator(".procedure-item").first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()

        page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill("congdan")
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        steps = page.get_by_role("navigation", name="Các bước nộp hồ sơ")
        expect(page).to_have_title(re.compile(r"Nộp hồ sơ: Thủ tục đăng ký khai sinh \|"))

        # One topic per page. The declarant's own details come from the profile.
        expect(steps).to_contain_text("Bước 1/5: Người yêu cầu")
        expect(page.get_by_label("Họ, chữ đệm, tên người yêu cầu")).to_have_value("Nguyễn Văn An")
        expect(page.get_by_label("Số điện thoại")).to_have_value("0912345678")
        page.get_by_label("Số định danh cá nhân người yêu cầu").fill("022090001234")
        page.get_by_label("Cha", exact=True).check()
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        expect(steps).to_contain_text("Bước 2/5: Người được khai sinh")
        page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khang")
        page.get_by_label("Nam", exact=True).check()
        page.get_by_label("Ngày, tháng, năm sinh").fill("2026-10-30")
        page.get_by_label("Nơi sinh").fill("Bệnh viện Sản Nhi Quảng Ninh")
        page.get_by_label("Dân tộc").fill("Kinh")
        page.get_by_label("Quốc tịch").fill("Việt Nam")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        expect(steps).to_contain_text("Bước 3/5: Cha, mẹ")
        page.get_by_label("Họ, chữ đệm, tên người cha").fill("Nguyễn Văn An")
        page.get_by_label("Số định danh cá nhân người cha").fill("022090001234")
        page.get_by_label("Họ, chữ đệm, tên người mẹ").fill("Trần Thị Hoa")
        page.get_by_label("Số định danh cá nhân người mẹ").fill("022192004321")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        expect(steps).to_contain_text("Bước 4/5: Nơi nộp, giấy tờ và nhận kết quả")
        if len(opened.agencies) > 1:
            page.get_by_label("Ủy ban nhân dân Phường Hạ Long").check()
        page.get_by_label("Nhận trực tuyến").check()
        expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu nháp")

        # A file that is not what it claims: refused, and nothing typed is lost.
        first = mandatory[0]
        page.locator(f"#giay-to-{first.pk}").set_input_files(
            {"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf", "buffer": b"<html>"}
        )
        page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text(
            "Tệp “giay-chung-sinh.pdf” không phải PDF, JPEG, PNG hoặc DOCX."
        )
        expect(page.get_by_label("Nhận trực tuyến")).to_be_checked()
        no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"submit-bad-file-{device}.png"), full_page=True)

        for document in mandatory:
            page.locator(f"#giay-to-{document.pk}").set_input_files(
                {"name": f"giay-to-{document.pk}.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
        page.screenshot(path=str(artifacts_dir / f"submit-form-{device}.png"), full_page=True)
        page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()

        expect(page).to_have_title(re.compile(r"^Xem lại hồ sơ: Thủ tục đăng ký khai sinh \|"))
        expect(page.locator("main")).to_contain_text("Nguyễn Minh Khang")
        expect(page.locator("main")).to_contain_text("30/10/2026")
        expect(page.locator("main")).to_contain_text(f"giay-to-{first.pk}.pdf")
        no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"submit-review-{device}.png"), full_page=True)
        page.get_by_role("button", name="Nộp hồ sơ").click()

        dossier = Dossier.objects.get(applicant_user__username="congdan")
        expect(page).to_have_title(re.compile(rf"^Hồ sơ {re.escape(dossier.code)} \|"))
        expect(page.get_by_role("status").first).to_contain_text(f"Đã nộp hồ sơ {dossier.code}")
        expect(page.locator(".badge--large")).to_have_text("Chờ tiếp nhận")
        page.get_by_role("navigation", name="Đường dẫn").get_by_role(
            "link", name="Hồ sơ của tôi"
        ).click()
        card = page.locator(".dossier-card").filter(has_text=dossier.code)
        expect(card).to_contain_text("Thủ tục đăng ký khai sinh")
        expect(card).to_contain_text("Chờ tiếp nhận")
        no_sideways_scroll(page)
        shot = artifacts_dir / f"submit-my-dossiers-{device}.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    assert dossier.channel == "online"
    assert dossier.form_data["child_name"] == "Nguyễn Minh Khang"
    assert dossier.documents.filter(present=True).exclude(file="").count() == len(mandatory)
