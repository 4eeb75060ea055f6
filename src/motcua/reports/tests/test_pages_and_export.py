"""The report pages: who may read which figures, every count linking to its dossiers, the Excel
export in the official layout (opened with openpyxl and checked cell by cell) and the public
page."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.roles import StaffRole, group_name
from motcua.reports import metrics, periods
from motcua.reports.exports import FIRST_DATA_COLUMN, HEADER_ROW
from motcua.reports.services import record_external_figure

MARCH = "period=month&year=2026&month=3"


@pytest.fixture
def province_admin(march):
    user = march.world.reception.__class__.objects.create_user(
        username="qt.tinh", password="x", full_name="Quản trị tỉnh", kind="staff"
    )
    user.groups.add(Group.objects.get_or_create(name=group_name(StaffRole.PROVINCE_ADMIN))[0])
    return user


def test_the_report_is_for_staff_only(client, march):
    response = client.get(reverse("reports:processing") + "?" + MARCH)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    client.force_login(march.world.citizen)
    assert client.get(reverse("reports:processing") + "?" + MARCH).status_code == 403


def test_agency_staff_see_only_their_agency(client, march):
    client.force_login(march.world.other_reception)  # Sở Xây dựng
    report = client.get(reverse("reports:processing") + "?" + MARCH).context["report"]
    assert [row.label for row in report.rows] == ["Sở Xây dựng"]
    assert report.system_total.values["received"] == 1


def test_every_count_links_to_the_dossiers_it_counts(client, march, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("reports:processing") + "?" + MARCH)
    justice_row = next(
        item for item in response.context["table"] if item["row"].key == march.world.justice.pk
    )
    late = next(cell for cell in justice_row["cells"] if cell["key"] == "resolved_late")
    assert late["value"] == 1
    listing = client.get(late["url"])
    assert listing.context["count"] == 1
    assert march.D.code in listing.content.decode()
    for cell in justice_row["cells"]:  # each linked number reconciles with its list
        if cell["url"]:
            assert client.get(cell["url"]).context["count"] == cell["value"], cell["key"]
    total_received = next(c for c in response.context["system_total"] if c["key"] == "received")
    assert client.get(total_received["url"]).context["count"] == 10


def test_the_excel_file_follows_the_official_layout_with_numbers(client, march, province_admin):
    record_external_figure(
        agency=march.world.justice,
        source_system="Hệ thống thuế điện tử (eTax)",
        first_day=periods.month(2026, 3).first_day,
        last_day=periods.month(2026, 3).last_day,
        counts={"received_online": 10, "resolved_on_time": 8, "resolved_late": 1},
    )
    client.force_login(province_admin)
    response = client.get(reverse("reports:export_xlsx") + "?" + MARCH)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bao-cao-giai-quyet-tthc-20260301-20260331.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Báo cáo"]
    assert sheet["A1"].value.startswith("Biểu số 06a/VPCP/KSTT")
    assert sheet["A2"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert sheet["A3"].value == "Kỳ báo cáo: Tháng 3/2026 (từ ngày 01/03/2026 đến ngày 31/03/2026)"
    column = {key: FIRST_DATA_COLUMN + i for i, key in enumerate(metrics.COLUMNS)}
    assert sheet.cell(HEADER_ROW, column["to_handle"]).value == "Số hồ sơ nhận giải quyết"
    assert sheet.cell(HEADER_ROW + 1, column["carried_over"]).value == "Kỳ trước chuyển qua"
    assert sheet.cell(HEADER_ROW + 2, 1).value == "(1)"
    rows = {sheet.cell(r, 2).value: r for r in range(HEADER_ROW + 3, sheet.max_row + 1)}
    justice = rows["Sở Tư pháp tỉnh Quảng Ninh"]
    expected = {"carried_over": 2, "received": 8, "resolved": 5, "resolved_late": 1,
                "in_progress_overdue": 1, "withdrawn": 1, "supplement_requested": 2}  # fmt: skip
    for key, value in expected.items():
        cell = sheet.cell(justice, column[key])
        assert (cell.value, type(cell.value)) == (value, int), key
    rate = sheet.cell(justice, column["on_time_rate"])
    assert (rate.value, rate.number_format) == (80.0, "0.0")
    external = rows[
        "Số liệu từ hệ thống khác — Hệ thống thuế điện tử (eTax): Sở Tư pháp tỉnh Quảng Ninh"
    ]
    assert sheet.cell(external, column["received_online"]).value == 10
    assert sheet.cell(external, column["resolved_refused"]).value is None  # not reported there
    assert sheet.cell(rows["Tổng số trên hệ thống"], column["received"]).value == 10
    assert sheet.cell(rows["Tổng cộng"], column["received"]).value == 20
    notes = load_workbook(io.BytesIO(response.content))["Giải thích"]
    assert (notes["B2"].value, notes["D2"].value) == ("Tổng số", "Biểu 06a")


def test_the_public_page_shows_the_year_without_any_dossier(client, march):
    response = client.get(reverse("reports:public") + "?nam=2026")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sở Tư pháp tỉnh Quảng Ninh" in page and march.A.code not in page
    assert response.context["total"]["received"] == 14  # K, A, B in February; 10 in March; L
    trend = {m["month"]: m for m in response.context["trend"]}
    assert (trend[2]["received"], trend[3]["received"], trend[4]["received"]) == (3, 10, 1)
    assert (trend[3]["resolved"], trend[3]["on_time_rate"]) == (5, 80.0)
    assert 'id="trend-data"' in page and "chart.umd.js" in page


def test_the_main_navigation_links_to_the_statistics(client, db):
    page = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("reports:public")}"' in page


def test_every_column_is_defined_once():
    assert sorted(metrics.COLUMNS) == sorted(m.key for m in metrics.METRICS)


def test_the_indicators_page_shows_what_is_measured_and_what_is_not(client, march, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("reports:indicators") + "?" + MARCH)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa xếp loại" in page and "Chưa đo" in page
    assert [i.number for i in response.context["circular"]["items"] if i.score is not None] == [
        1,
        3,
        9,
    ]


def test_a_number_that_is_not_a_count_has_no_dossier_list(client, march, province_admin):
    client.force_login(province_admin)
    url = reverse("reports:dossiers") + "?" + MARCH
    assert client.get(url + "&metric=on_time_rate").status_code == 404
    assert client.get(url + "&metric=nonsense").status_code == 404
    assert client.get(url + "&metric=received&row=abc").status_code == 404


def test_the_report_page_offers_its_csv_with_the_same_figures(client, march, province_admin):
    import csv

    client.force_login(province_admin)
    page = client.get(reverse("reports:processing") + "?" + MARCH + "&group_by=agency")
    html = page.content.decode()
    start = html.index(reverse("api-report-processing-csv"))
    link = html[start : html.index('"', start)].replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    justice = next(r for r in rows if r["key"] == str(march.world.justice.pk))
    shown = next(r for r in page.context["report"].rows if r.key == march.world.justice.pk)
    assert justice["received"] == str(shown.values["received"]) != "0"
    assert justice["resolved_on_time"] == str(shown.values["resolved_on_time"])
