"""Journey: a citizen opens "Thống kê" and reads the province's figures of the year, as a
chart and as the same data in a table, on a desktop and on a 360 px phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_citizen_reads_the_public_statistics(
    live_server, page, artifacts_dir, march, transactional_db
):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Thống kê"
    ).click()
    page.get_by_label("Năm").select_option("2026")
    page.get_by_role("button", name="Xem").click()
    expect(
        page.get_by_role("heading", name="Công khai kết quả giải quyết hồ sơ năm 2026", level=1)
    ).to_be_visible()
    stats = page.get_by_role("list").filter(has_text="Hồ sơ mới tiếp nhận")
    expect(stats).to_contain_text("14")  # 3 in February, 10 in March, 1 in April, by hand
    expect(stats).to_contain_text("83,3 %")  # 2026: K, A, C, E, N in time; D late → 5/6
    expect(page.locator("#trend-chart")).to_have_attribute("data-rendered", "true")
    table = page.locator("#trend-table")
    expect(table.get_by_role("row", name="3/2026")).to_contain_text("10")
    agencies = page.get_by_role("table", name="Kết quả giải quyết hồ sơ theo cơ quan")
    expect(agencies.get_by_role("row", name="Sở Tư pháp tỉnh Quảng Ninh")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "reports-public.png"), full_page=True)

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    expect(page.locator("#trend-chart")).to_have_attribute("data-rendered", "true")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360 px"
    page.screenshot(path=str(artifacts_dir / "reports-public-360.png"), full_page=True)
