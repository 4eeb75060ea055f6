"""Vietnamese search over the whole imported national catalog (every JSONL export).

Expected first results were read off the national portal's own names for these procedures
(dichvucong.gov.vn, the codes in shared/data/tthc).
"""

import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.search import SearchFilters, highlight, search_key, search_procedure_ids
from motcua.catalog.services import assign_offerings
from motcua.catalog.tests.factories import AgencyFactory
from motcua.core.text import fold

pytestmark = pytest.mark.django_db


def first_code(query: str, filters: SearchFilters | None = None) -> str | None:
    ids, _total = search_procedure_ids(query, filters or SearchFilters(), limit=1)
    return Procedure.objects.get(pk=ids[0]).code if ids else None


SEARCHES = [
    # query, expected first code — what kind of query it is
    ("dang ky khai sinh", "1.001193"),  # no diacritics
    ("khai sinh", "1.001193"),  # part of the name: the shortest name that fits wins
    ("đăng kí khai sinh", "1.001193"),  # i for y
    ("Đăng ký khai sinh", "1.001193"),  # with diacritics
    ("ĐĂNG KÝ KHAI SINH", "1.001193"),  # upper case, Đ
    ("dang ki khai sihn", "1.001193"),  # a typo: trigram fallback
    ("khai si", "1.001193"),  # a half-typed word: prefix
    ("DANG KY KET HON", "1.000894"),
    ("đăng ký kết hôn", "1.000894"),
    ("ket hon", "1.000894"),
    ("dang ky ket hn", "1.000894"),  # a typo
    ("cap lai can cuoc", "1.014064"),
    ("cấp lại thẻ căn cước", "1.014064"),
    ("cấp lại căn cước", "1.014064"),
    ("cap doi the can cuoc", "1.014063"),
    ("1.001193", "1.001193"),  # a code
    ("1.000894", "1.000894"),
    ("  1.014064 ", "1.014064"),  # a code with blanks
    ("dang ky lai khai sinh", "1.004884"),
    ("khai sinh luu dong", "1.003583"),
    ("ket hon co yeu to nuoc ngoai", "2.000806"),
    ("ket hon co ieu to nuoc ngoai", "2.000806"),  # i for y inside a word
    ("dang ky khai tu", "1.000656"),
    ("xac nhan tinh trang hon nhan", "1.004873"),
    ("đăng ký giám hộ", "1.004837"),
    ("trich luc ho tich", "2.000635"),
    ("đăng kí nhận cha mẹ con", "1.001022"),
    ("chung thuc di chuc", "2.001019"),
    ("dang ky tam tru", "1.004194"),
    ("dang ki thuong tru", "1.004222"),
    ("xoa dang ky thuong tru", "1.003197"),
    ("khai bao tam vang", "1.003677"),
    ("cap giay phep lai xe", "3.000346"),
    ("nhap quoc tich viet nam", "2.002039"),
    ("nuoi con nuoi trong nuoc", "2.001263"),
    ("chung chi hanh nghe kien truc", "1.008891"),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_finds_the_right_procedure_first(full_catalog, query, expected):
    assert first_code(query) == expected


def test_the_table_has_at_least_thirty_queries():
    assert len(SEARCHES) >= 30


def test_search_key_agrees_with_the_database_folding(full_catalog):
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name_key == search_key(procedure.name) == "thu tuc dang ki khai sinh"
    assert fold("Đăng ký") == "dang ky"


def test_a_procedure_is_found_by_the_agency_that_offers_it(full_catalog):
    agency = AgencyFactory(name="Ủy ban nhân dân Phường Bãi Cháy")
    assign_offerings([(Procedure.objects.get(code="1.001193"), agency)])
    assert first_code("bai chay") == "1.001193"
    only_there = SearchFilters(agency_id=agency.pk)
    ids, total = search_procedure_ids("", only_there)
    assert total == 1 and Procedure.objects.get(pk=ids[0]).code == "1.001193"


def test_filters_narrow_the_results(full_catalog):
    civil_status = Procedure.objects.get(code="1.001193").field
    ids, total = search_procedure_ids("dang ky", SearchFilters(field_id=civil_status.pk), limit=50)
    assert total > 10
    assert set(Procedure.objects.filter(pk__in=ids).values_list("field", flat=True)) == {
        civil_status.pk
    }
    _, communes = search_procedure_ids("", SearchFilters(government_level="commune"))
    _, everything = search_procedure_ids("")
    assert 0 < communes < everything
    _, online = search_procedure_ids("", SearchFilters(end_to_end=True, service_level=4))
    assert 0 < online < everything


def test_pagination_returns_disjoint_pages_with_the_same_total(full_catalog):
    first, total = search_procedure_ids("cap", limit=10, offset=0)
    second, same_total = search_procedure_ids("cap", limit=10, offset=10)
    assert total == same_total > 20
    assert len(first) == len(second) == 10 and not set(first) & set(second)


def test_nothing_found_is_an_empty_page_not_an_error(full_catalog):
    assert search_procedure_ids("zzzqqqxxx") == ([], 0)
    # Punctuation alone has no words: it lists the catalog like an empty query, safely.
    assert search_procedure_ids("%_'\\") == search_procedure_ids("")


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        (
            "Thủ tục đăng ký khai sinh",
            "dang ki khai sinh",
            "Thủ tục <mark>đăng</mark> <mark>ký</mark> <mark>khai</mark> <mark>sinh</mark>",
        ),
        ("Cấp lại thẻ căn cước", "CAN CUOC", "Cấp lại thẻ <mark>căn</mark> <mark>cước</mark>"),
        ("A < B & đăng", "dang", "A &lt; B &amp; <mark>đăng</mark>"),
        ("Đăng ký", "", "Đăng ký"),
    ],
)
def test_highlight_marks_matches_ignoring_diacritics_and_escapes_html(text, query, expected):
    assert highlight(text, query) == expected
