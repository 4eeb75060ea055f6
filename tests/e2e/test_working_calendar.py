"""Journey: a citizen checks why their appointment date falls after Tết."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_citizen_computes_a_due_date_across_tet(live_server, page, artifacts_dir, transactional_db):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Lịch làm việc").click()
    page.goto(live_server.url + "/lich-lam-viec/2026/")
    expect(page.get_by_role("heading", name="Lịch làm việc năm 2026", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Tết Nguyên đán (mùng 1)").first).to_be_visible()

    page.get_by_label("Ngày tiếp nhận").fill("13/02/2026")
    page.get_by_label("Giờ tiếp nhận").fill("10:00")
    page.get_by_label("Số ngày làm việc").fill("3")
    page.get_by_role("button", name="Tính ngày hẹn").click()

    result = page.get_by_role("status")
    expect(result).to_contain_text("25/02/2026")
    expect(result).to_contain_text("17/02/2026 — Tết Nguyên đán (mùng 1) (Nghỉ lễ, Tết)")
    page.screenshot(path=str(artifacts_dir / "calendar-2026.png"), full_page=True)


def test_a_projected_year_is_labelled_as_such(live_server, page, transactional_db):
    page.goto(live_server.url + "/lich-lam-viec/2027/")
    expect(page.get_by_role("note")).to_contain_text("Lịch dự kiến")
    page.get_by_label("Ngày tiếp nhận").fill("30/02/2027")
    page.get_by_label("Giờ tiếp nhận").fill("10:00")
    page.get_by_role("button", name="Tính ngày hẹn").click()
    expect(page.get_by_text("Nhập số ngày làm việc hoặc số giờ làm việc.")).to_be_visible()
    expect(page.get_by_label("Giờ tiếp nhận")).to_have_value("10:00")
