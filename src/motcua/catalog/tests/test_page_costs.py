"""What the catalog pages cost (queries per request, pinned so a regression shows) and that
their cached filter lists follow the catalog at once, however it is changed."""

import re

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from motcua.catalog.models import Field, Procedure, ProcedureOffering
from motcua.catalog.search import SearchFilters, highlight, search_procedure_ids
from motcua.catalog.tests.factories import (
    AgencyFactory,
    ChannelOptionFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    RequiredDocumentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    ward = AgencyFactory(name="Ủy ban nhân dân Phường Hạ Long")
    births = FieldFactory(name="Hộ tịch")
    land = FieldFactory(name="Đất đai")
    procedures = [
        ProcedureFactory(name=f"Đăng ký khai sinh loại {i}", field=births) for i in range(3)
    ] + [ProcedureFactory(name="Cấp giấy chứng nhận quyền sử dụng đất", field=land)]
    for procedure in procedures:
        version = ProcedureVersionFactory(procedure=procedure)
        ChannelOptionFactory(version=version)
        RequiredDocumentFactory(version=version)
        ProcedureOffering.objects.create(procedure=procedure, agency=ward)
    return {"ward": ward, "births": births, "land": land, "procedures": procedures}


def without_csrf(response) -> str:
    return re.sub(
        r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+',
        r"\1",
        response.content.decode(),
    )


def field_options(response) -> list[str]:
    return [field.name for field in response.context["fields"]]


def test_a_renamed_field_shows_in_the_filter_on_the_next_request(client, catalog):
    url = reverse("portal:procedures")
    assert "Hộ tịch" in field_options(client.get(url))
    catalog["births"].name = "Hộ tịch, quốc tịch"
    catalog["births"].save()
    response = client.get(url)
    assert "Hộ tịch, quốc tịch" in field_options(response)
    assert "Hộ tịch" not in field_options(response)
    assert "Hộ tịch, quốc tịch" in response.content.decode()


def test_the_filters_follow_changes_made_without_the_models_signals(client, catalog):
    """A bulk update (an import, plain SQL) sends no signal; the lists still follow it."""
    url = reverse("portal:procedures")
    assert "Đất đai" in field_options(client.get(url))
    Procedure.objects.filter(field=catalog["land"]).update(is_active=False)
    assert "Đất đai" not in field_options(client.get(url))
    Field.objects.filter(pk=catalog["land"].pk).update(name="Đất đai, nhà ở")
    Procedure.objects.filter(field=catalog["land"]).update(is_active=True)
    assert "Đất đai, nhà ở" in field_options(client.get(url))

    other = AgencyFactory(name="Ủy ban nhân dân Phường Bãi Cháy")
    assert other not in client.get(url).context["agencies"]
    ProcedureOffering.objects.bulk_create(
        [ProcedureOffering(procedure=catalog["procedures"][0], agency=other)]
    )
    assert other in client.get(url).context["agencies"]


def test_the_catalog_search_page_reads_a_fixed_number_of_queries(
    client, catalog, django_assert_max_num_queries
):
    url = reverse("portal:procedures") + "?q=khai+sinh"
    client.get(url)  # the filter lists and the rendered results kept, as in a running worker
    # The catalog generation, once for the ids and once for the filter lists kept under it, the
    # portal profile; the rows themselves are read only to render the list when it is not kept.
    with django_assert_max_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<li class="procedure-item">') == 3


def test_the_procedure_page_reads_a_fixed_number_of_queries(
    client, catalog, django_assert_max_num_queries
):
    url = reverse("portal:procedure", args=[catalog["procedures"][0].code])
    # Once per process and change: the catalog generation, the procedure, its version in force,
    # its channels, documents, fees and offerings, the generation again, the portal profile.
    with django_assert_max_num_queries(9):
        first = client.get(url)
    # Then, as in a running worker: the generation and the portal profile.
    with django_assert_max_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    # The same page from the kept data (the CSRF token is masked anew for every response).
    assert without_csrf(response) == without_csrf(first)


def test_the_procedure_page_follows_every_change_on_the_next_request(client, catalog):
    """The page's data is kept per process; any change to what it shows, with or without the
    models' signals, shows at once."""
    procedure = catalog["procedures"][0]
    url = reverse("portal:procedure", args=[procedure.code])
    version = procedure.versions.get()
    assert "Tờ khai theo mẫu" in client.get(url).content.decode()

    version.documents.update(name="Tờ khai đăng ký khai sinh (mẫu mới)")  # no signal
    page = client.get(url).content.decode()
    assert "Tờ khai đăng ký khai sinh (mẫu mới)" in page
    assert "Tờ khai theo mẫu" not in page

    version.channels.update(fee_vnd=75_000)
    assert "75.000 đ" in client.get(url).content.decode()

    catalog["ward"].name = "Ủy ban nhân dân Phường Hồng Gai"
    catalog["ward"].save()
    assert "Ủy ban nhân dân Phường Hồng Gai" in client.get(url).content.decode()

    ProcedureOffering.objects.filter(procedure=procedure).update(is_active=False)
    assert "Ủy ban nhân dân Phường Hồng Gai" not in client.get(url).content.decode()

    newer = ProcedureVersionFactory(
        procedure=procedure, number=2, valid_from=version.valid_from, steps="Bước mới: nộp tại nhà"
    )
    assert "Bước mới: nộp tại nhà" in client.get(url).content.decode()
    newer.delete()
    assert "Bước mới: nộp tại nhà" not in client.get(url).content.decode()

    Procedure.objects.filter(pk=procedure.pk).update(is_active=False)
    assert client.get(url).status_code == 404


def test_the_filter_options_render_as_the_template_loop_did():
    """``select_options`` replaces a loop of three nodes per option: same markup, escaped."""
    from django.template import Context, Template

    choices = ((7, "Hộ tịch"), (12, "Đất <đai> & “nhà”"), (1234, "Xây dựng"))
    loop = Template(
        '{% for pk, name in choices %}<option value="{{ pk }}"{% if selected == pk %}'
        " selected{% endif %}>{{ name }}</option>{% endfor %}"
    )
    tag = Template("{% load catalog_tags %}{% select_options choices selected %}")
    for selected in (None, 12, 1234, 99):
        context = {"choices": choices, "selected": selected}
        assert tag.render(Context(context)) == loop.render(Context(context))
    assert "&lt;đai&gt; &amp;" in tag.render(Context({"choices": choices, "selected": None}))


def test_the_catalog_filters_keep_the_chosen_field_selected(client, catalog):
    url = reverse("portal:procedures") + f"?linh_vuc={catalog['land'].pk}"
    page = client.get(url).content.decode()
    assert f'<option value="{catalog["land"].pk}" selected>Đất đai</option>' in page
    assert f'<option value="{catalog["births"].pk}">Hộ tịch</option>' in page


@pytest.mark.parametrize(
    ("name", "query", "shown"),
    [
        ("Đăng ký khai sinh", "dang ky", "<mark>Đăng</mark> <mark>ký</mark> khai sinh"),
        (
            "Thủ tục <b>đất</b> & nhà",
            "dat",
            "Thủ tục &lt;b&gt;<mark>đất</mark>&lt;/b&gt; &amp; nhà",
        ),
        ("Cấp lại “giấy phép”", "giay", "Cấp lại “<mark>giấy</mark> phép”"),
        ("Khai tử", "khai sinh", "<mark>Khai</mark> tử"),
    ],
)
def test_search_highlights_words_and_escapes_the_rest(name, query, shown):
    assert highlight(name, query) == shown


@pytest.fixture
def english_then_vietnamese(client, settings):
    """The client chooses English; afterwards this thread speaks Vietnamese again (a request
    leaves its language active, and later tests format outside any request)."""
    yield lambda: client.cookies.__setitem__(settings.LANGUAGE_COOKIE_NAME, "en")
    translation.activate(settings.LANGUAGE_CODE)


def test_the_kept_procedure_page_body_follows_the_language(
    client, catalog, settings, english_then_vietnamese
):
    """The page body is kept rendered per language: a visitor who chose English never gets
    the Vietnamese body kept for someone else, nor the other way round."""
    url = reverse("portal:procedure", args=[catalog["procedures"][0].code])
    vietnamese = client.get(url).content.decode()
    assert "Thành phần hồ sơ" in vietnamese
    english_then_vietnamese()
    english = client.get(url).content.decode()
    assert "Required documents" in english
    assert "Thành phần hồ sơ" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "Thành phần hồ sơ" in client.get(url).content.decode()


def test_the_kept_search_results_follow_every_change_and_the_language(
    client, catalog, english_then_vietnamese
):
    """The list of results is kept rendered under what it shows: a renamed procedure (even by
    a bulk update, which sends no signal), a moved field or another language shows at once."""
    url = reverse("portal:procedures") + "?q=khai+sinh"
    first = catalog["procedures"][0]
    assert "<mark>khai</mark> <mark>sinh</mark> loại 0" in client.get(url).content.decode()

    Procedure.objects.filter(pk=first.pk).update(name="Đăng ký khai sinh có yếu tố nước ngoài")
    page = client.get(url).content.decode()
    assert "<mark>khai</mark> <mark>sinh</mark> có yếu tố nước ngoài" in page

    Procedure.objects.filter(pk=first.pk).update(field=catalog["land"])
    item = page_item(client.get(url).content.decode(), first.code)
    assert "Đất đai" in item
    assert "Hộ tịch" not in item

    english_then_vietnamese()
    english = client.get(url).content.decode()
    assert "Code " + first.code in english
    assert "Mã " + first.code not in english


def page_item(page: str, code: str) -> str:
    """The <li> of the result with this procedure code."""
    return next(item for item in page.split('<li class="procedure-item">') if code in item)


def found(query: str) -> list[str]:
    ids, _total = search_procedure_ids(query)
    return list(Procedure.objects.filter(pk__in=ids).values_list("code", flat=True))


def test_kept_search_results_follow_every_write_even_in_plain_sql(catalog):
    """Search results are kept per process under a generation the database moves with every
    statement that writes what the search reads: plain SQL included."""
    land = catalog["procedures"][3]
    assert found("quyen su dung dat") == [land.code]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_procedure SET name = 'Cấp giấy phép khai thác khoáng sản' "
            "WHERE id = %s",
            [land.pk],
        )
    assert found("quyen su dung dat") == []
    assert found("khoang san") == [land.code]

    other = AgencyFactory(name="Ủy ban nhân dân Phường Bãi Cháy")
    only_there = SearchFilters(agency_id=other.pk)
    assert search_procedure_ids("", only_there) == ([], 0)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalog_procedureoffering (procedure_id, agency_id, process_code,"
            " is_active) VALUES (%s, %s, '', true)",
            [land.pk, other.pk],
        )
    assert search_procedure_ids("", only_there) == ([land.pk], 1)


def test_a_search_inside_a_rolled_back_transaction_is_never_served_afterwards(catalog):
    """A generation is never given twice: what a transaction that rolled back saw cannot be
    served after a later change, even one made to the same row."""
    land = catalog["procedures"][3]
    with transaction.atomic():
        Procedure.objects.filter(pk=land.pk).update(name="Cấp phép khai thác khoáng sản")
        assert found("khoang san") == [land.code]  # kept under this transaction's generation
        transaction.set_rollback(True)
    assert found("khoang san") == []
    Procedure.objects.filter(pk=land.pk).update(name="Cấp phép xây dựng nhà ở")
    assert found("khoang san") == []
    assert found("xay dung nha o") == [land.code]


def test_the_kept_results_list_follows_two_changes_in_one_transaction(client, catalog):
    """A row changed twice in one transaction keeps its row version (xmin); the list is keyed
    on the catalog generation, which every statement moves."""
    land = catalog["procedures"][3]
    url = reverse("portal:procedures") + "?q=cap"
    Procedure.objects.filter(pk=land.pk).update(name="Cấp phép khai thác khoáng sản")
    assert "khai thác khoáng sản" in client.get(url).content.decode()
    Procedure.objects.filter(pk=land.pk).update(name="Cấp phép khai thác cát sỏi")
    page = client.get(url).content.decode()
    assert "khai thác cát sỏi" in page
    assert "khoáng sản" not in page


SUFFIXED = object()  # the column's text with " (sửa đổi)" added (names are unique)


@pytest.mark.parametrize(
    ("table", "column", "value", "shown"),
    [
        ("catalog_procedure", "name", SUFFIXED, "(sửa đổi)"),
        ("catalog_field", "name", SUFFIXED, "(sửa đổi)"),
        ("catalog_procedureversion", "steps", SUFFIXED, "(sửa đổi)"),
        ("catalog_channeloption", "fee_vnd", "98765", "98.765 đ"),
        ("catalog_requireddocument", "name", SUFFIXED, "(sửa đổi)"),
        ("catalog_feeitem", "name", SUFFIXED, "(sửa đổi)"),
        ("catalog_procedureoffering", "is_active", "false", None),
        ("catalog_agency", "name", SUFFIXED, "(sửa đổi)"),
        ("catalog_administrativeunit", "name", SUFFIXED, None),
    ],
)
def test_plain_sql_on_any_catalog_table_shows_on_the_next_procedure_page(
    client, catalog, table, column, value, shown
):
    """The page is kept under the catalog's generation: a write to any table it is made of,
    even in plain SQL (no signal, no ORM), moves it, and the next request reads the rows anew."""
    from django.test.utils import CaptureQueriesContext

    from motcua.catalog.generation import catalog_generation
    from motcua.catalog.models import FeeItem

    procedure = catalog["procedures"][0]
    FeeItem.objects.create(version=procedure.versions.get(), name="Lệ phí đăng ký", amount_vnd=8000)
    url = reverse("portal:procedure", args=[procedure.code])
    client.get(url)
    with CaptureQueriesContext(connection) as kept:
        before = client.get(url).content.decode()
    assert "(sửa đổi)" not in before
    generation = catalog_generation()
    with connection.cursor() as cursor:
        if value is SUFFIXED:
            value = f"{column} || ' (sửa đổi)'"
        cursor.execute(f"UPDATE {table} SET {column} = {value}")  # noqa: S608 - fixed literals
    assert catalog_generation() != generation
    with CaptureQueriesContext(connection) as read_again:
        after = client.get(url).content.decode()
    assert len(read_again) > len(kept)  # the rows, not the kept page
    if shown:
        assert shown in after
    if table == "catalog_procedureoffering":
        assert "Ủy ban nhân dân Phường Hạ Long" in before
        assert "Ủy ban nhân dân Phường Hạ Long" not in after
