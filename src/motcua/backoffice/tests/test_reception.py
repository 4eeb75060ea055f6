"""The counter's reception screen: find the procedure, enter the applicant, tick and scan the
documents, decide, and get the code, the due date and the receipt in one submit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog.models import Procedure, ProcedureOffering, ProcedureVersion
from motcua.core import uploads
from motcua.dossiers.models import Dossier, DossierSlip
from motcua.dossiers.services import verify_chain
from motcua.dossiers.tasks import process_event_followups
from motcua.worktime.selectors import calendar_for

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db


def reception_url(code="1.001193"):
    return reverse("backoffice:reception") + f"?thu_tuc={code}"


def form_data(world, **overrides):
    data = {
        "procedure": "1.001193",
        "applicant_name": "Nguyễn Văn Bình",
        "applicant_id_number": "022090001234",
        "applicant_phone": "0912345678",
        "applicant_email": "binh@example.vn",
        "applicant_address": "Số 5, tổ 3",
        "sets": "1",
        "result_delivery": "counter",
        "decision": "accept",
        "note": "",
        f"present_{world.form.pk}": "on",
        f"present_{world.id_card.pk}": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_search_lists_only_procedures_the_officers_agency_offers(world, signed_in):
    other = Procedure.objects.create(code="1.000001", name="Cấp giấy phép xây dựng nhà ở")
    ProcedureVersion.objects.create(procedure=other, number=1)
    ProcedureOffering.objects.create(procedure=other, agency=world.construction)
    client = signed_in(world.reception)

    found = client.get(reverse("backoffice:procedure_search"), {"q": "ly lich tu phap"})
    assert "1.001193" in found.content.decode()
    assert "Cấp Phiếu lý lịch tư pháp" in found.content.decode()
    elsewhere = client.get(reverse("backoffice:procedure_search"), {"q": "giay phep xay dung"})
    assert "1.000001" not in elsewhere.content.decode()
    assert "không tiếp nhận thủ tục nào" in elsewhere.content.decode()
    # Without JavaScript the same search runs on the reception page itself.
    page = client.get(reverse("backoffice:reception"), {"q": "1.001193"})
    assert "?thu_tuc=1.001193" in page.content.decode()
    # A procedure offered elsewhere cannot be chosen by its code either.
    chosen = client.get(reception_url("1.000001"))
    assert "không tiếp nhận thủ tục này" in chosen.content.decode()
    assert 'name="applicant_name"' not in chosen.content.decode()


def test_the_form_shows_the_checklist_with_mandatory_and_conditional_documents(world, signed_in):
    page = signed_in(world.reception).get(reception_url()).content.decode()
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in page
    assert "Bắt buộc" in page and "Theo trường hợp" in page
    assert f'name="scan_{world.form.pk}"' in page
    for decision in ("Tiếp nhận hồ sơ", "Yêu cầu bổ sung, hoàn thiện", "Từ chối tiếp nhận"):
        assert decision in page


def test_accepting_records_the_dossier_its_scans_and_the_due_date_in_one_submit(world, signed_in):
    client = signed_in(world.reception)
    scan = SimpleUploadedFile("to khai.pdf", PDF, content_type="application/octet-stream")
    response = client.post(reception_url(), form_data(world, **{f"scan_{world.form.pk}": scan}))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:received", args=[dossier.code])
    assert dossier.step == "assignment"
    assert dossier.channel == "counter"
    assert dossier.applicant_id_number == "022090001234"
    calendar = calendar_for(world.justice)
    expected = calendar.add_working_time(calendar.effective_start(dossier.received_at), days=3)
    assert dossier.due_at == expected
    assert verify_chain(dossier)
    scanned = dossier.documents.get(required_document=world.form)
    assert scanned.present and scanned.file.name.endswith(".pdf")

    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page
    assert dossier.due_at.astimezone(calendar.tz).strftime("%d/%m/%Y") in page
    assert "Đang tạo phiếu" in page  # the job has not run yet: the page polls
    assert 'hx-get="' + reverse("backoffice:slip_status", args=[dossier.code]) in page

    event = dossier.events.get(action="accept")
    process_event_followups(event_id=event.pk)
    status = client.get(reverse("backoffice:slip_status", args=[dossier.code])).content.decode()
    slip = DossierSlip.objects.get(dossier=dossier, kind="receipt")
    assert reverse("backoffice:slip", args=[dossier.code, slip.pk]) in status
    assert "hx-get" not in status  # polling stops once the slip is there
    download = client.get(reverse("backoffice:slip", args=[dossier.code, slip.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    served = client.get(reverse("backoffice:document", args=[dossier.code, scanned.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF


def test_a_refused_precondition_records_nothing_and_keeps_the_form(world, signed_in):
    client = signed_in(world.reception)
    scan = SimpleUploadedFile("to-khai.png", PNG)
    data = form_data(world, **{f"present_{world.id_card.pk}": None, f"scan_{world.form.pk}": scan})
    response = client.post(reception_url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Còn thiếu giấy tờ bắt buộc: Căn cước." in page
    assert 'value="Nguyễn Văn Bình"' in page
    assert "chọn lại các bản quét" in page
    assert not Dossier.objects.exists()
    media = world_media_files()
    assert media == [], media


def world_media_files():
    from django.conf import settings

    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_file_that_is_not_a_scan_is_refused_with_the_rest_of_the_form_kept(world, signed_in):
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not really a pdf")
    response = signed_in(world.reception).post(
        reception_url(), form_data(world, **{f"scan_{world.form.pk}": fake})
    )
    page = response.content.decode()
    assert "Tệp “to-khai.pdf” không phải PDF, JPEG hoặc PNG." in page
    assert 'value="022090001234"' in page
    assert 'class="error-summary"' in page
    assert not Dossier.objects.exists()


def test_a_scan_over_the_size_limit_is_refused(world, signed_in, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 64)
    big = SimpleUploadedFile("to-khai.pdf", PDF + b"0" * 100)
    page = (
        signed_in(world.reception)
        .post(reception_url(), form_data(world, **{f"scan_{world.form.pk}": big}))
        .content.decode()
    )
    assert "vượt quá giới hạn 10 MB" in page
    assert not Dossier.objects.exists()


def test_the_identity_number_must_have_twelve_digits(world, signed_in):
    page = (
        signed_in(world.reception)
        .post(reception_url(), form_data(world, applicant_id_number="12345"))
        .content.decode()
    )
    assert "gồm đúng 12 chữ số" in page
    assert not Dossier.objects.exists()


def test_a_supplement_request_needs_the_list_of_what_is_missing(world, signed_in):
    client = signed_in(world.reception)
    data = form_data(world, decision="request_supplement", **{f"present_{world.id_card.pk}": None})
    page = client.post(reception_url(), data).content.decode()
    assert "Cần ghi rõ nội dung cần bổ sung" in page
    assert not Dossier.objects.exists()

    data["note"] = "Bản sao Căn cước"
    response = client.post(reception_url(), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.step == "awaiting_supplement"
    assert dossier.supplement_request == "Bản sao Căn cước"
    assert dossier.due_at is None


def test_a_refusal_with_its_reason(world, signed_in):
    response = signed_in(world.reception).post(
        reception_url(), form_data(world, decision="refuse", note="Không thuộc thẩm quyền")
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert (dossier.step, dossier.outcome) == ("refused", "refused")


def test_only_reception_officers_receive_at_the_counter(world, signed_in):
    assert signed_in(world.specialist).get(reverse("backoffice:reception")).status_code == 403
