"""A long e-form goes one topic per page: a step indicator, "Tiếp tục" checks only that page's
fields (summary and inline), every post keeps what was typed (going back loses nothing), the
documents on their own page, the review with "Sửa" links to each page, and the final submit
still checks the whole schema. A one-topic form stays on one page. All without JavaScript."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import world  # noqa: F401 - fixture
from motcua.portal.models import SubmissionDraft
from motcua.portal.tests.test_submission import GOOD, PDF, online, post_data  # noqa: F401

DECLARANT = ("declarant_name", "declarant_id_number", "declarant_phone", "relationship")
CHILD = (
    "child_name",
    "child_sex",
    "child_birth_date",
    "child_birth_place",
    "child_ethnicity",
    "child_nationality",
)
PARENTS = ("father_name", "father_id_number", "mother_name", "mother_id_number", "birth_copies")


def step_url(w, number):
    return reverse("portal:submit_step", args=[w.version.procedure.code, number])


def values(names, **changes):
    return post_data({name: GOOD[name] for name in names} | changes)


def test_each_topic_has_its_page_with_a_step_indicator(client, online):  # noqa: F811
    client.force_login(online.citizen)
    response = client.get(online.url)
    assert response["Location"] == step_url(online, 1)
    html = client.get(step_url(online, 1)).content.decode()
    assert "Bước 1/5: Người yêu cầu" in html
    assert '<li aria-current="step">Người yêu cầu</li>' in html
    assert 'name="tk-declarant_name"' in html and 'name="tk-child_name"' not in html
    assert 'name="giay-to-' not in html  # the documents have their own page
    assert ">Tiếp tục</button>" in html and 'value="lui"' not in html
    assert "<title>Bước 1/5: Người yêu cầu — Nộp hồ sơ: " in html
    html = client.get(step_url(online, 2)).content.decode()
    assert "Bước 2/5: Người được khai sinh" in html and 'value="lui"' in html
    assert 'name="tk-child_name"' in html and 'name="tk-declarant_name"' not in html
    html = client.get(step_url(online, 4)).content.decode()
    assert "Bước 4/5: Nơi nộp, giấy tờ và nhận kết quả" in html
    assert f'name="giay-to-{online.id_card.pk}"' in html and 'name="nhan_ket_qua"' in html
    assert client.get(step_url(online, 5))["Location"] == online.review_url
    assert client.get(step_url(online, 6)).status_code == 404


def test_continue_checks_only_the_fields_of_its_page(client, online):  # noqa: F811
    client.force_login(online.citizen)
    response = client.post(
        step_url(online, 2),
        values(CHILD, child_name="", child_birth_date="30/02/2026") | {"buoc": "tiep"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert html.count("Vui lòng nhập họ, chữ đệm, tên của trẻ.") == 2  # summary and inline
    assert '<a href="#id_tk-child_name">' in html
    assert "Vui lòng nhập ngày hợp lệ" in html
    # Nothing about the other pages' fields (the declarant and mother are still empty).
    assert "người mẹ" not in html.split("error-summary", 1)[1].split("</div>", 1)[0]
    assert "Vui lòng chọn cơ quan tiếp nhận" not in html
    assert 'value="Kinh"' in html  # what was typed is shown again
    draft = SubmissionDraft.objects.get(user=online.citizen)
    assert draft.form_data["child_ethnicity"] == "Kinh"

    response = client.post(step_url(online, 2), values(CHILD) | {"buoc": "tiep"})
    assert response["Location"] == step_url(online, 3)


def test_going_back_keeps_every_page(client, online):  # noqa: F811
    client.force_login(online.citizen)
    assert client.post(step_url(online, 1), values(DECLARANT))["Location"] == step_url(online, 2)
    # "Quay lại" saves the page without checking it (half-filled is fine).
    half = values(("child_name",)) | {"buoc": "lui"}
    assert client.post(step_url(online, 2), half)["Location"] == step_url(online, 1)
    html = client.get(step_url(online, 1)).content.decode()
    assert 'value="022090001234"' in html
    html = client.get(step_url(online, 2)).content.decode()
    assert 'value="Nguyễn Minh Khang"' in html
    draft = SubmissionDraft.objects.get(user=online.citizen)
    assert draft.form_data["declarant_name"] == "Nguyễn Văn An"
    assert draft.form_data["child_name"] == "Nguyễn Minh Khang"
    # Coming back later resumes at the first page with something missing.
    assert client.get(online.url)["Location"] == step_url(online, 2)
    # The htmx autosave of a page keeps that page's fields and no other.
    autosave = reverse("portal:submit_autosave", args=[online.version.procedure.code])
    client.post(autosave, post_data({"mother_name": "Trần Thị Hoa"}) | {"trang": "3"})
    draft.refresh_from_db()
    assert draft.form_data["mother_name"] == "Trần Thị Hoa"
    assert draft.form_data["child_name"] == "Nguyễn Minh Khang"


def test_page_by_page_to_review_with_edit_links_then_submit(client, online):  # noqa: F811
    client.force_login(online.citizen)
    for number, names in enumerate((DECLARANT, CHILD, PARENTS), start=1):
        response = client.post(step_url(online, number), values(names) | {"buoc": "tiep"})
        assert response["Location"] == step_url(online, number + 1)
    documents = {
        "co_quan": online.justice.pk,
        "nhan_ket_qua": "online",
        "buoc": "xem-lai",
        f"giay-to-{online.id_card.pk}": SimpleUploadedFile("can-cuoc.pdf", PDF),
    }
    response = client.post(step_url(online, 4), documents)
    assert response["Location"] == online.review_url
    html = client.get(online.review_url).content.decode()
    assert "Bước 5/5: Xem lại và nộp" in html
    for number in (1, 2, 3, 4):
        assert f'href="{step_url(online, number)}' in html  # "Sửa" goes back to each page
    assert "Nguyễn Minh Khang" in html and "can-cuoc.pdf" in html
    client.post(online.review_url)
    dossier = Dossier.objects.get(applicant_user=online.citizen)
    assert dossier.form_data["mother_name"] == "Trần Thị Hoa"
    assert dossier.form_data["birth_copies"] == 2


def test_the_last_page_checks_the_whole_schema_and_links_to_the_wrong_page(client, online):  # noqa: F811
    client.force_login(online.citizen)
    client.post(step_url(online, 1), values(DECLARANT))
    client.post(step_url(online, 2), values(CHILD, child_name="") | {"buoc": "luu"})
    response = client.post(
        step_url(online, 4),
        {
            "co_quan": online.justice.pk,
            "nhan_ket_qua": "online",
            "buoc": "xem-lai",
            f"giay-to-{online.id_card.pk}": SimpleUploadedFile("can-cuoc.pdf", PDF),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="{step_url(online, 2)}#id_tk-child_name">' in html
    assert f'<a href="{step_url(online, 3)}#id_tk-mother_name">' in html
    assert "Đã đính kèm: can-cuoc.pdf" in html  # the file is kept
    # and the review refuses to open on an incomplete draft
    response = client.get(online.review_url)
    assert response["Location"] == online.url
    assert client.get(online.url)["Location"] == step_url(online, 2)


def test_a_form_with_one_topic_stays_on_one_page(client, online):  # noqa: F811
    online.version.eform_ui = {
        name: {k: v for k, v in hints.items() if k != "section"}
        for name, hints in online.version.eform_ui.items()
    }
    online.version.save()
    client.force_login(online.citizen)
    response = client.get(online.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="tk-child_name"' in html and 'name="tk-declarant_name"' in html
    assert f'name="giay-to-{online.id_card.pk}"' in html
    assert "Bước 1/" not in html
    assert client.get(step_url(online, 1))["Location"] == online.url
