"""Online submission: the e-form from a JSON Schema (labels, hints, Vietnamese errors), drafts
that resume, uploads sniffed by their first bytes (a bad file loses nothing typed), submission
into "Chờ tiếp nhận" with the form data and files, supplements, and nobody else's draft or
dossier."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.models import OnlineMode, ProcedureOffering
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import perform_action
from motcua.dossiers.tests.conftest import world  # noqa: F401 - fixture
from motcua.portal.demo_eforms import BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI
from motcua.portal.eforms import build_eform, profile_initial
from motcua.portal.models import SubmissionDraft

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

GOOD = {
    "declarant_name": "Nguyễn Văn An",
    "declarant_id_number": "022090001234",
    "declarant_phone": "0912345678",
    "relationship": "father",
    "child_name": "Nguyễn Minh Khang",
    "child_sex": "male",
    "child_birth_date": "2026-10-30",
    "child_birth_place": "Bệnh viện Sản Nhi Quảng Ninh",
    "child_ethnicity": "Kinh",
    "child_nationality": "Việt Nam",
    "father_name": "Nguyễn Văn An",
    "father_id_number": "022090001234",
    "mother_name": "Trần Thị Hoa",
    "mother_id_number": "022192004321",
    "birth_copies": "2",
}


def post_data(values, **extra):
    return {f"tk-{k}": v for k, v in values.items()} | extra


@pytest.fixture
def online(world):  # noqa: F811
    version = world.version
    version.online_mode = OnlineMode.END_TO_END
    version.eform_schema = BIRTH_REGISTRATION_SCHEMA
    version.eform_ui = BIRTH_REGISTRATION_UI
    version.save()
    world.form.filled_by_eform = True  # the tờ khai: filled by the e-form, no upload
    world.form.save()
    world.citizen.full_name = "Nguyễn Văn An"
    world.citizen.phone = "0912345678"
    world.citizen.id_number = "022090001234"
    world.citizen.save()
    world.url = reverse("portal:submit_procedure", args=[version.procedure.code])
    world.review_url = reverse("portal:submit_review", args=[version.procedure.code])
    return world


def test_the_schema_renders_as_an_accessible_form_in_the_hinted_order():
    form = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI)
    names = list(form.fields)
    assert names.index("declarant_name") < names.index("child_name") < names.index("mother_name")
    html = form.as_div()
    assert '<label for="id_tk-child_name">Họ, chữ đệm, tên của trẻ' in html
    assert 'type="date"' in html and 'name="tk-child_birth_date"' in html
    assert 'type="radio"' in html and "Nữ" in html  # enum with the radio widget and labels
    assert 'aria-required="true"' in html
    assert 'maxlength="100"' in html
    assert "12 chữ số, in trên thẻ căn cước." in html  # help hint
    assert 'inputmode="numeric"' in html
    sections = [name for name, _fields in form.sections()]
    assert sections == ["Người yêu cầu", "Người được khai sinh", "Cha, mẹ"]


def test_validation_errors_are_vietnamese_and_per_field():
    values = GOOD | {
        "child_name": "",
        "declarant_id_number": "12345",
        "child_birth_date": "30/02/2026",
        "child_birth_place": "x" * 301,
        "birth_copies": "11",
        "child_sex": "unknown",
    }
    form = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI, data=post_data(values))
    assert not form.is_valid()
    assert form.errors["child_name"] == ["Vui lòng nhập họ, chữ đệm, tên của trẻ."]
    assert form.errors["declarant_id_number"] == ["Số định danh cá nhân gồm đúng 12 chữ số."]
    assert form.errors["child_birth_date"] == ["Vui lòng nhập ngày hợp lệ (ngày/tháng/năm)."]
    assert form.errors["child_birth_place"] == ["Nơi sinh không được quá 300 ký tự."]
    assert form.errors["birth_copies"] == [
        "Số bản sao Giấy khai sinh đề nghị cấp không được lớn hơn 10."
    ]
    assert form.errors["child_sex"] == ["Vui lòng chọn một giá trị trong danh sách."]


def test_a_valid_declaration_becomes_the_schemas_json():
    form = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI, data=post_data(GOOD))
    assert form.is_valid(), form.errors
    assert form.document["child_birth_date"] == "2026-10-30"
    assert form.document["birth_copies"] == 2
    assert form.document["relationship"] == "father"


def test_one_citizens_form_shows_nothing_of_anothers():
    """The forms of one e-form share its fields: what one form is given, its errors and its
    rendering stay with it."""
    wrong = build_eform(
        BIRTH_REGISTRATION_SCHEMA,
        BIRTH_REGISTRATION_UI,
        data=post_data(GOOD | {"child_name": "", "father_name": "Lê Văn Bình"}),
    )
    assert not wrong.is_valid()
    wrong_html = wrong.as_div()
    assert 'aria-invalid="true"' in wrong_html and "Lê Văn Bình" in wrong_html
    wrong.fields["father_name"] = None  # a form's own dict of fields: dropping one is local

    other = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI, data=post_data(GOOD))
    assert other.is_valid(), other.errors
    html = other.as_div()
    assert "aria-invalid" not in html and "Lê Văn Bình" not in html
    assert 'value="Nguyễn Văn An"' in html and "Vui lòng nhập" not in html
    blank = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI).as_div()
    assert "Nguyễn Minh Khang" not in blank and "aria-invalid" not in blank
    assert 'name="tk-father_name"' in blank


def test_the_declarants_fields_are_prefilled_from_the_profile(client, online):
    initial = profile_initial(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI, online.citizen)
    assert initial == {
        "declarant_name": "Nguyễn Văn An",
        "declarant_id_number": "022090001234",
        "declarant_phone": "0912345678",
    }
    client.force_login(online.citizen)
    html = client.get(online.url, follow=True).content.decode()  # a long form: its first page
    assert 'value="022090001234"' in html
    documents_page = reverse("portal:submit_step", args=[online.version.procedure.code, 4])
    html = client.get(documents_page).content.decode()
    assert "Sở Tư pháp tỉnh Quảng Ninh" in html and "Sở Xây dựng" in html  # two agencies: choose


def test_a_bad_upload_is_refused_in_vietnamese_and_keeps_what_was_typed(client, online):
    client.force_login(online.citizen)
    fake = SimpleUploadedFile("can-cuoc.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        online.url,
        post_data(GOOD)
        | {
            "co_quan": online.justice.pk,
            "nhan_ket_qua": "online",
            "buoc": "xem-lai",
            f"giay-to-{online.id_card.pk}": fake,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tệp “can-cuoc.pdf” không phải PDF, JPEG, PNG hoặc DOCX." in html
    assert 'value="Nguyễn Minh Khang"' in html and 'value="Trần Thị Hoa"' in html
    assert 'value="online" id="nhan-online" checked' in html
    draft = SubmissionDraft.objects.get(user=online.citizen)
    assert draft.form_data["child_name"] == "Nguyễn Minh Khang"
    assert not draft.files.exists()


def test_errors_show_a_summary_and_inline_messages(client, online):
    client.force_login(online.citizen)
    response = client.post(online.url, post_data(GOOD | {"child_name": ""}) | {"buoc": "xem-lai"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert '<a href="#id_tk-child_name">' in html
    assert html.count("Vui lòng nhập họ, chữ đệm, tên của trẻ.") == 2  # summary and inline
    assert "Vui lòng chọn cơ quan tiếp nhận hồ sơ." in html
    assert "Chưa đính kèm: Căn cước" in html
    assert "Vui lòng chọn hình thức nhận kết quả." in html


def test_a_draft_is_kept_and_resumed_with_its_files(client, online):
    client.force_login(online.citizen)
    response = client.post(
        online.url,
        post_data({"child_name": "Nguyễn Minh Khang"})
        | {"buoc": "luu", f"giay-to-{online.id_card.pk}": SimpleUploadedFile("cc.png", PNG)},
    )
    assert response.status_code == 302
    code = online.version.procedure.code
    html = client.get(reverse("portal:submit_step", args=[code, 2])).content.decode()
    assert 'value="Nguyễn Minh Khang"' in html
    html = client.get(reverse("portal:submit_step", args=[code, 4])).content.decode()
    assert "Đã đính kèm: cc.png" in html
    # autosave (htmx) keeps the typed values too
    autosave = reverse("portal:submit_autosave", args=[online.version.procedure.code])
    response = client.post(autosave, post_data({"child_name": "Nguyễn Minh Khôi"}))
    assert "Đã tự động lưu nháp" in response.content.decode()
    draft = SubmissionDraft.objects.get(user=online.citizen)
    assert draft.form_data["child_name"] == "Nguyễn Minh Khôi"
    assert draft.files.count() == 1


def submit_everything(client, w):
    response = client.post(
        w.url,
        post_data(GOOD)
        | {
            "co_quan": w.justice.pk,
            "nhan_ket_qua": "post",
            "buoc": "xem-lai",
            f"giay-to-{w.id_card.pk}": SimpleUploadedFile("can-cuoc.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == w.review_url
    return response


def test_review_then_submit_creates_the_dossier_awaiting_reception(client, online):
    client.force_login(online.citizen)
    submit_everything(client, online)
    html = client.get(online.review_url).content.decode()
    assert "Nguyễn Minh Khang" in html and "30/10/2026" in html and "Nam" in html
    assert "can-cuoc.pdf" in html and "Qua dịch vụ bưu chính" in html

    response = client.post(online.review_url)
    dossier = Dossier.objects.get(applicant_user=online.citizen)
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.code])
    assert dossier.channel == "online"
    assert dossier.agency == online.justice
    assert dossier.result_delivery == "post"
    assert dossier.applicant_name == "Nguyễn Văn An"
    assert dossier.form_data["child_name"] == "Nguyễn Minh Khang"
    assert dossier.form_data["birth_copies"] == 2
    documents = {d.required_document_id: d for d in dossier.documents.all()}
    assert documents[online.id_card.pk].present
    assert documents[online.id_card.pk].file.read() == PDF
    assert documents[online.form.pk].present  # the tờ khai, filled by the e-form
    assert not documents[online.optional.pk].present
    assert not SubmissionDraft.objects.filter(user=online.citizen).exists()
    html = client.get(response["Location"]).content.decode()
    assert "Chờ tiếp nhận" in html and dossier.code in html


def test_an_agency_that_stops_receiving_the_procedure_before_nop_gets_nothing(client, online):
    client.force_login(online.citizen)
    submit_everything(client, online)
    ProcedureOffering.objects.filter(agency=online.justice).update(is_active=False)

    response = client.post(online.review_url, follow=True)
    assert not Dossier.objects.filter(applicant_user=online.citizen).exists()
    assert "Hồ sơ chưa đủ thông tin để nộp" in response.content.decode()
    documents_page = reverse("portal:submit_step", args=[online.version.procedure.code, 4])
    html = client.get(documents_page).content.decode()
    assert "Sở Xây dựng" in html and "Sở Tư pháp tỉnh Quảng Ninh" not in html  # choose again
    draft = SubmissionDraft.objects.get(user=online.citizen)  # nothing typed is lost
    assert draft.form_data["child_name"] == "Nguyễn Minh Khang" and draft.files.count() == 1


def test_another_citizen_cannot_open_the_draft_or_the_dossier(client, online):
    client.force_login(online.citizen)
    submit_everything(client, online)
    client.force_login(online.other_citizen)
    html = client.get(online.url).content.decode()
    assert "Nguyễn Minh Khang" not in html and "can-cuoc.pdf" not in html
    # the review of "their" draft is their own, still empty one
    assert client.get(online.review_url)["Location"] == online.url
    client.force_login(online.citizen)
    client.post(online.review_url)
    dossier = Dossier.objects.get(applicant_user=online.citizen)
    client.force_login(online.other_citizen)
    assert client.get(reverse("portal:my_dossier", args=[dossier.code])).status_code == 404
    supplement = reverse("portal:submit_supplement", args=[dossier.code])
    assert client.get(supplement).status_code == 404
    assert client.post(supplement).status_code == 404


def test_only_citizens_submit_and_only_online_procedures(client, online):
    client.force_login(online.reception)
    assert client.get(online.url).status_code == 403
    client.force_login(online.citizen)
    online.version.online_mode = OnlineMode.NONE
    online.version.save()
    assert client.get(online.url).status_code == 404
    client.logout()
    assert client.get(online.url).status_code == 302  # to sign in


def test_a_supplement_brings_the_missing_document_once(client, online):
    client.force_login(online.citizen)
    submit_everything(client, online)
    client.post(online.review_url)
    dossier = Dossier.objects.get(applicant_user=online.citizen)
    perform_action(dossier, "request_supplement", online.reception, note="Thiếu giấy ủy quyền")
    url = reverse("portal:submit_supplement", args=[dossier.code])
    html = client.get(url).content.decode()
    assert "Thiếu giấy ủy quyền" in html

    optional = dossier.documents.get(required_document=online.optional)
    bad = client.post(url, {f"giay-to-{optional.pk}": SimpleUploadedFile("u.pdf", b"<html>")})
    assert bad.status_code == 400
    assert "không phải PDF, JPEG, PNG hoặc DOCX" in bad.content.decode()
    dossier.refresh_from_db()
    assert dossier.step == "awaiting_supplement"

    response = client.post(url, {f"giay-to-{optional.pk}": SimpleUploadedFile("u.pdf", PDF)})
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.code])
    dossier.refresh_from_db()
    optional.refresh_from_db()
    assert dossier.step == "reception"
    assert optional.present and optional.file.read() == PDF
    assert dossier.events.filter(action="submit_supplement", actor_role="applicant").exists()
    # once: the dossier is no longer waiting for a supplement
    assert client.get(url)["Location"] == reverse("portal:my_dossier", args=[dossier.code])


def test_a_business_account_may_submit_too(client, online):
    business = User.objects.create_user(
        username="doanhnghiep", password="x", kind=User.Kind.BUSINESS
    )
    client.force_login(business)
    assert client.get(online.url, follow=True).status_code == 200
