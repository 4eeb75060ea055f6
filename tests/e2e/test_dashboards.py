"""Journey: a province statistician signs in, opens the province dashboard from the back
office's menu and reads this year's figures as charts and as the same numbers in tables, on a
desktop and on a 360 px phone; axe-core finds no serious or critical accessibility violation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.accounts.roles import StaffRole
from motcua.dossiers.tests.conftest import make_user, world  # noqa: F401 - fixture
from motcua.reports.tests.conftest import march  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHARTS = ("trend", "rates", "backlog", "procedures", "steps")
TABLES = ("Số liệu theo tháng", "Hồ sơ tồn theo số ngày làm việc từ khi tiếp nhận")


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        RULESETS,
    )
    return [
        f"[{v['impact']}] {v['id']} — {v['help']}: "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_dashboard(page):
    for chart in CHARTS:
        expect(page.locator(f'canvas[data-chart="{chart}"]')).to_have_attribute(
            "data-rendered", "true"
        )
    for caption in TABLES:
        expect(page.get_by_role("table", name=caption)).to_be_visible()
    found = serious_violations(page)
    assert not found, "axe-core found serious violations:\n" + "\n".join(found)


def test_province_statistician_reads_the_dashboard(live_server, page, artifacts_dir, march):  # noqa: F811
    user = make_user("thongke.tinh", None, StaffRole.PROVINCE_ADMIN)
    user.set_password("Thong-ke-tinh-2026")
    user.save()
    page.goto(live_server.url + "/dang-nhap/?next=/mot-cua/")
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill("thongke.tinh")
    page.get_by_label("Mật khẩu").fill("Thong-ke-tinh-2026")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_role("link", name="Bảng điều hành toàn tỉnh").click()
    expect(page.get_by_role("heading", name="Bảng điều hành toàn tỉnh", level=1)).to_be_visible()
    expect(page.locator("#id_period")).to_have_value("year")  # this year by default
    page.locator("#id_year").fill("2026")
    page.get_by_role("button", name="Xem", exact=True).click()
    # 14 received in 2026 (3 in February, 10 in March, 1 in April).
    tiles = page.locator(".dashboard-tiles")
    expect(tiles).to_contain_text("Hồ sơ mới tiếp nhận")
    expect(tiles.locator("li").first).to_contain_text("14")
    trend = page.get_by_role("table", name="Số liệu theo tháng")
    expect(trend.get_by_role("row", name="03/2026")).to_contain_text("10")
    check_dashboard(page)
    page.screenshot(path=str(artifacts_dir / "dashboard-province.png"), full_page=True)

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    check_dashboard(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360 px"
    page.screenshot(path=str(artifacts_dir / "dashboard-province-360.png"), full_page=True)

    # A number leads to its dossiers: March's received count in the table.
    trend.get_by_role("row", name="03/2026").get_by_role("link", name="10").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("10")
