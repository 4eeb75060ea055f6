"""The dashboard pages and the tracking book download: who may open what, the figures on the
page and the dossiers behind their links, the files (PDF, XLSX opened with openpyxl)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.roles import StaffRole
from motcua.dossiers.tests.conftest import make_user

pytestmark = pytest.mark.django_db

MARCH = "period=month&year=2026&month=3"
PROVINCE = reverse("reports:dashboard_province")
AGENCY = reverse("reports:dashboard_agency")
OFFICER = reverse("reports:dashboard_officer")
LIST = reverse("reports:dashboard_dossiers")
BOOK = reverse("reports:tracking_book")


@pytest.fixture
def province_user(march):
    return make_user("thongke.tinh", None, StaffRole.PROVINCE_ADMIN)


def signed_in(client, user):
    client.force_login(user)
    return client


def listed(response):
    return sorted(d.code for d in response.context["page"].object_list)


def test_the_province_dashboard_shows_this_years_figures_and_links_to_their_dossiers(
    client, march, province_user
):
    signed_in(client, province_user)
    response = client.get(f"{PROVINCE}?{MARCH}")
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals.received, totals.resolved, totals.on_time_rate, totals.online_rate) == (
        10, 5, 80.0, 20.0
    )  # fmt: skip
    html = response.content.decode()
    for chart in ("trend", "rates", "backlog", "procedures", "steps"):
        assert f'data-chart="{chart}"' in html
    for table in (
        "trend-table",
        "backlog-table",
        "overdue-table",
        "procedures-table",
        "steps-table",
    ):
        assert f'id="{table}"' in html
    assert 'id="dashboard-charts"' in html
    # The received tile opens the processing report's own list of the same dossiers.
    link = response.context["totals_links"]["received"]
    assert link.startswith(reverse("reports:dossiers"))
    assert html.count(link.replace("&", "&amp;")) >= 1
    drilled = client.get(link)
    assert drilled.status_code == 200
    expected = sorted(getattr(march, x).code for x in "CDEFGHMNOP")
    assert listed(drilled) == expected
    # A procedure's count opens its resolved dossiers.
    procedure = response.context["procedures"][1]
    assert procedure["p"].code == "1.001193"
    drilled = client.get(procedure["url"])
    assert listed(drilled) == sorted(getattr(march, x).code for x in "ACEN")
    assert "1.001193" in drilled.content.decode()
    # This year by default.
    response = client.get(PROVINCE)
    assert response.status_code == 200
    assert response.context["period"].kind == "year"
    assert len(response.context["trend"]) == 12


def test_an_agency_sees_its_own_dashboard_only(client, march):
    w = march.world
    signed_in(client, w.leader)
    response = client.get(f"{AGENCY}?{MARCH}")
    assert response.status_code == 200
    assert response.context["agency"] == w.justice
    assert response.context["totals"].received == 8  # C D E F G H M N
    officers = {row["o"].name: row["o"].open_overdue for row in response.context["officers"]}
    # Overdue now (November 2026): B, L, M never assigned; G (extended to 10/04) the specialist's.
    assert officers == {"Chưa phân công": 3, "Chuyenvien": 1}
    # Another agency: refused, for the dashboard and for the dossiers behind its figures.
    other = w.construction.pk
    assert client.get(f"{AGENCY}?{MARCH}&co_quan={other}").status_code == 403
    query = f"{LIST}?bang=agency&co_quan={other}&so_lieu=received&{MARCH}"
    assert client.get(query).status_code == 403
    # The province: not for an agency's leader.
    assert client.get(PROVINCE).status_code == 403
    # Its own figure's dossiers.
    own = client.get(f"{LIST}?bang=agency&co_quan={w.justice.pk}&so_lieu=open_overdue&{MARCH}")
    assert own.status_code == 200
    assert listed(own) == sorted(getattr(march, x).code for x in "BGLM")


def test_a_province_user_may_pick_any_agency_and_bad_input_is_not_found(
    client, march, province_user
):
    signed_in(client, province_user)
    response = client.get(AGENCY)
    assert response.status_code == 200
    assert "totals" not in response.context  # no agency chosen yet: the choice only
    response = client.get(f"{AGENCY}?{MARCH}&co_quan={march.world.construction.pk}")
    assert response.status_code == 200
    assert response.context["totals"].received == 1  # O
    assert client.get(f"{AGENCY}?co_quan=999999").status_code == 404
    # Bad input is not found.
    for query in ("bang=nope&so_lieu=received", "bang=province&so_lieu=nope",
                  "bang=province&so_lieu=backlog_age&khoa=1-2&trang_thai=overdue",
                  "bang=province&so_lieu=procedure&khoa=abc"):  # fmt: skip
        assert client.get(f"{LIST}?{query}").status_code == 404, query
    assert client.get(f"{PROVINCE}?period=year&year=abc").status_code == 404


def test_my_work_shows_the_signed_in_officers_own_figures(client, march):
    w = march.world
    signed_in(client, w.specialist)
    response = client.get(f"{OFFICER}?{MARCH}")
    assert response.status_code == 200
    assert response.context["totals"].received == 6  # C D E F G N
    assert [(row["s"].step, row["s"].count) for row in response.context["steps"]] == [
        ("appraisal", 6)
    ]
    drilled = client.get(f"{LIST}?bang=officer&so_lieu=received&{MARCH}")
    assert listed(drilled) == sorted(getattr(march, x).code for x in "CDEFGN")
    # Nobody can ask for another officer's list: the scope is always the signed-in user.
    signed_in(client, w.other_specialist)
    drilled = client.get(f"{LIST}?bang=officer&so_lieu=received&{MARCH}")
    assert listed(drilled) == sorted(getattr(march, x).code for x in "EO")


def test_a_citizen_or_a_visitor_opens_none(client, march):
    w = march.world
    pages = [
        PROVINCE,
        AGENCY,
        OFFICER,
        f"{LIST}?bang=province&so_lieu=received",
        f"{BOOK}?co_quan={w.justice.pk}&nam=2026&dinh_dang=xlsx",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], page
    signed_in(client, w.citizen)
    for page in pages:
        assert client.get(page).status_code == 403, page


def test_the_tracking_book_downloads_as_excel_and_pdf(client, march):
    w = march.world
    signed_in(client, w.reception)
    page = client.get(BOOK)
    assert page.status_code == 200
    assert page.context["agency"] == w.justice
    response = client.get(f"{BOOK}?co_quan={w.justice.pk}&nam=2026&dinh_dang=xlsx")
    assert response.status_code == 200
    assert "so-theo-doi-ho-so-000.00.07.H49-2026.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] is not None]
    # Every dossier Sở Tư pháp accepted in 2026, in the order received (I refused and J
    # withdrawn before acceptance were never received).
    assert [r[1] for r in rows] == [getattr(march, x).code for x in "KABCDEFGHNML"]
    assert [r[0] for r in rows] == list(range(1, 13))
    assert sheet.cell(5, 8).value == "Nhận hồ sơ"
    first = rows[0]
    assert first[2] == "Cấp Phiếu lý lịch tư pháp"
    assert first[7].strftime("%H:%M %d/%m/%Y") == "10:00 02/02/2026"
    pdf = client.get(f"{BOOK}?co_quan={w.justice.pk}&nam=2026&dinh_dang=pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Another agency's book: refused.
    other = f"{BOOK}?co_quan={w.construction.pk}&nam=2026&dinh_dang=xlsx"
    assert client.get(other).status_code == 403


def test_a_province_user_downloads_any_agencys_book(client, march, province_user):
    signed_in(client, province_user)
    assert client.get(BOOK).status_code == 200
    response = client.get(f"{BOOK}?co_quan={march.world.construction.pk}&nam=2026&dinh_dang=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(6, 2).value == march.O.code
    wrong_format = f"{BOOK}?co_quan={march.world.construction.pk}&nam=2026&dinh_dang=doc"
    assert client.get(wrong_format).status_code == 404


def test_the_back_office_menu_links_the_pages_each_role_may_open(client, march, province_user):
    w = march.world
    signed_in(client, w.leader)
    html = client.get(reverse("backoffice:home"), follow=True).content.decode()
    assert AGENCY in html and OFFICER in html and BOOK in html
    assert PROVINCE not in html
    signed_in(client, province_user)
    html = client.get(reverse("backoffice:home"), follow=True).content.decode()
    assert PROVINCE in html and AGENCY in html
