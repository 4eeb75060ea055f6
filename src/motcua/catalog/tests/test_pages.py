"""The catalog pages and the public API."""

import pytest
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.catalog.services import assign_offerings, import_file
from motcua.catalog.templatetags.catalog_tags import vnd
from motcua.catalog.tests.factories import (
    AgencyFactory,
    ChannelOptionFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def justice(tthc_dir):
    import_file(tthc_dir / "tthc_bo-tu-phap.jsonl")
    ward = AgencyFactory(name="Ủy ban nhân dân Phường Hạ Long", address="Phường Hạ Long")
    assign_offerings([(Procedure.objects.get(code="1.001193"), ward)])
    return ward


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (1_250_000, "1.250.000 đ"),
        (70000, "70.000 đ"),
        (500, "500 đ"),
        (0, "Miễn phí"),
        (None, "Không có thông tin"),
    ],
)
def test_money_is_written_the_vietnamese_way(amount, shown):
    assert vnd(amount) == shown


def test_the_catalog_searches_and_highlights(client, justice):
    response = client.get(reverse("portal:procedures"), {"q": "dang ky khai sinh"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>đăng</mark> <mark>ký</mark> <mark>khai</mark> <mark>sinh</mark>" in html
    assert html.index("/thu-tuc/1.001193/") < html.index("/thu-tuc/1.003583/")
    assert 'aria-current="page">Thủ tục hành chính' in html  # the main nav links it now


def test_the_catalog_paginates_and_filters(client, justice):
    first = client.get(reverse("portal:procedures")).content.decode()
    assert 'aria-label="Phân trang"' in first and "271 thủ tục" in first
    last = client.get(reverse("portal:procedures"), {"trang": 14}).content.decode()
    assert 'aria-current="page">14<' in last
    filtered = client.get(reverse("portal:procedures"), {"co_quan": justice.pk}).content.decode()
    assert "1 thủ tục" in filtered and "/thu-tuc/1.001193/" in filtered


def test_an_htmx_search_returns_only_the_results(client, justice):
    response = client.get(
        reverse("portal:procedures"),
        {"q": "ket hon"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="catalog-results",
    )
    html = response.content.decode()
    assert "<html" not in html and "/thu-tuc/1.000894/" in html


def test_an_empty_search_says_so(client, justice):
    html = client.get(reverse("portal:procedures"), {"q": "zzzqqq"}).content.decode()
    assert "Không tìm thấy thủ tục nào phù hợp với “zzzqqq”" in html


def test_the_procedure_page_has_what_a_citizen_needs(client, justice):
    html = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert '<h1 id="procedure-title">Thủ tục đăng ký khai sinh</h1>' in html
    for text in (
        "Trực tuyến",
        "Dịch vụ bưu chính",
        "1 ngày làm việc",
        "Miễn phí",
        "Giấy chứng sinh",
        "Hồ sơ tiếp nhận sau 15 giờ",
        "Ủy ban nhân dân Phường Hạ Long",
        "123/2015/NĐ-CP",
        "Giấy khai sinh",
        'aria-label="Đường dẫn"',
    ):
        assert text in html, text
    # Online submission exists: the page offers it.
    assert "Nộp hồ sơ trực tuyến</a>" in html


def test_fees_and_templates_are_shown_on_the_page(client):
    channel = ChannelOptionFactory(fee_vnd=1_250_000)
    RequiredDocumentFactory(version=channel.version, template_name="Mẫu TK01.docx")
    html = client.get(
        reverse("portal:procedure", args=[channel.version.procedure.code])
    ).content.decode()
    assert "1.250.000 đ" in html and "5 ngày làm việc" in html and "Mẫu TK01.docx" in html


def test_a_procedure_without_a_version_and_an_unknown_code(client):
    procedure = ProcedureFactory()
    html = client.get(reverse("portal:procedure", args=[procedure.code])).content.decode()
    assert "chưa có nội dung chi tiết" in html
    assert client.get(reverse("portal:procedure", args=["9.999999"])).status_code == 404


def test_the_api_searches_and_returns_the_current_version(client, justice):
    listing = client.get("/api/v1/procedures", {"q": "dang ky khai sinh"}).json()
    assert listing["results"][0]["code"] == "1.001193" and listing["count"] > 5
    online = client.get("/api/v1/procedures", {"online": "true", "level": 4}).json()
    assert online["count"] > 0 and online["next"]
    detail = client.get("/api/v1/procedures/1.001193").json()
    assert detail["current_version"]["number"] == 1
    assert detail["current_version"]["channels"][0]["channel"] == "online"
    assert detail["agencies"] == [
        {"identifier": justice.identifier, "name": "Ủy ban nhân dân Phường Hạ Long"}
    ]
    assert client.get("/api/v1/procedures/9.999999").status_code == 404
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/procedures/{code}" in schema
