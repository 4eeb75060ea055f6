"""The dossier page: everything about the dossier, and the actions this user may take, each a
small form posting with the version the page was built from."""

from datetime import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.selectors import handoffs, step_history
from motcua.dossiers.services import perform_action
from motcua.worktime import Timeliness
from motcua.worktime.selectors import calendar_for

from .conftest import PDF, at

pytestmark = pytest.mark.django_db


def page_of(client, dossier):
    return client.get(reverse("backoffice:dossier", args=[dossier.code]))


def action_names(response) -> list[str]:
    return [form.action.code for form in response.context["action_forms"]]


def act(client, dossier, action, **fields):
    dossier.refresh_from_db()
    data = {f"a-{action}-version": dossier.version}
    data.update({f"a-{action}-{k}": v for k, v in fields.items()})
    return client.post(reverse("backoffice:act", args=[dossier.code, action]), data, follow=True)


def accepted(world, when=None):
    dossier = world.receive(when=when)
    perform_action(dossier, "accept", world.reception, at=when)
    dossier.refresh_from_db()
    return dossier


def test_each_role_sees_only_its_actions_with_the_inputs_they_need(world, client):
    dossier = accepted(world)
    client.force_login(world.head)
    response = page_of(client, dossier)
    assert action_names(response) == ["assign"]
    assign = response.context["action_forms"][0]
    assert list(assign.fields["assignee"].queryset) == [world.specialist]
    page = response.content.decode()
    assert "Phân công cán bộ xử lý" in page
    assert world.specialist.get_full_name() in page

    client.force_login(world.specialist)
    assert action_names(page_of(client, dossier)) == []
    assert "Bạn không có thao tác nào" in page_of(client, dossier).content.decode()

    client.force_login(world.reception)
    assert action_names(page_of(client, dossier)) == ["withdraw"]


def test_the_head_assigns_and_the_specialist_proposes_with_the_result_file(world, client):
    dossier = accepted(world)
    client.force_login(world.head)
    response = act(client, dossier, "assign", assignee=world.specialist.pk)
    assert "Đã thực hiện: Phân công cán bộ xử lý." in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.step, dossier.assignee) == ("appraisal", world.specialist)

    client.force_login(world.specialist)
    forms = {f.action.code: f for f in page_of(client, dossier).context["action_forms"]}
    assert {"propose", "apologize", "consult", "request_supplement"} <= set(forms)
    assert forms["propose"].fields["result_file"].required
    assert forms["request_supplement"].fields["note"].required

    result = SimpleUploadedFile("ket qua.pdf", PDF)
    response = act(
        client, dossier, "propose", result_file=result, result_name="Phiếu lý lịch tư pháp số 7"
    )
    assert "Đã thực hiện: Trình kết quả thẩm định." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.step == "review"
    document = dossier.documents.get(kind="result")
    assert document.name == "Phiếu lý lịch tư pháp số 7"
    served = client.get(reverse("backoffice:document", args=[dossier.code, document.pk]))
    assert b"".join(served.streaming_content) == PDF


def test_a_bad_result_file_moves_nothing_and_says_why(world, client):
    dossier = accepted(world)
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    client.force_login(world.specialist)
    response = act(
        client, dossier, "propose", result_file=SimpleUploadedFile("x.pdf", b"<html>hi</html>")
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Tệp “x.pdf” không phải PDF, JPEG hoặc PNG." in text
    assert "Chưa thực hiện “Trình kết quả thẩm định”" in text
    dossier.refresh_from_db()
    assert dossier.step == "appraisal"
    assert not dossier.documents.filter(kind="result").exists()


def test_a_stale_page_gets_the_conflict_message_and_leaves_no_result_behind(world, client):
    dossier = accepted(world)
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    dossier.refresh_from_db()
    old_version = dossier.version
    perform_action(
        dossier, "consult", world.specialist, note="Hỏi Công an tỉnh", data={"body": "Công an"}
    )
    client.force_login(world.specialist)
    response = client.post(
        reverse("backoffice:act", args=[dossier.code, "record_opinion"]),
        {"a-record_opinion-version": old_version, "a-record_opinion-note": "Đã có ý kiến"},
        follow=True,
    )
    assert "Hồ sơ đã thay đổi sau khi bạn mở. Vui lòng tải lại trang." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.step == "consultation"

    # Back at appraisal, a result posted from the page opened before is not kept either.
    dossier.consultations.update(answered_at=timezone.now(), answer="Không có ý kiến khác")
    perform_action(dossier, "record_opinion", world.specialist, note="Không có ý kiến khác")
    response = client.post(
        reverse("backoffice:act", args=[dossier.code, "propose"]),
        {
            "a-propose-version": old_version,
            "a-propose-result_file": SimpleUploadedFile("k.pdf", PDF),
        },
        follow=True,
    )
    assert "Hồ sơ đã thay đổi sau khi bạn mở." in response.content.decode()
    assert not DossierDocument.objects.filter(dossier=dossier, kind="result").exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_an_apology_sets_the_new_appointment_once(world, client):
    dossier = accepted(world, when=timezone.now())
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    dossier.refresh_from_db()
    calendar = calendar_for(world.justice)
    new_due = calendar.add_working_time(dossier.due_at, days=5).astimezone(calendar.tz)
    client.force_login(world.specialist)
    response = act(
        client,
        dossier,
        "apologize",
        note="Cần xác minh thêm",
        new_due=new_due.strftime("%Y-%m-%dT%H:%M"),
    )
    assert "Đã thực hiện: Xin lỗi và hẹn lại ngày trả." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.due_at == new_due.replace(second=0, microsecond=0)
    assert "Đã hẹn lại; hẹn ban đầu" in page_of(client, dossier).content.decode()
    again = act(client, dossier, "apologize", note="Lần nữa", new_due="2027-06-15T16:00")
    assert "chỉ cho phép hẹn lại một lần" in again.content.decode()


def test_step_deadlines_and_timeliness_come_from_the_working_calendar(world):
    # Monday 02/03/2026 10:00: 3 working days → due Thursday 05/03 10:00.
    dossier = accepted(world, when=at(2026, 3, 2, 10))
    perform_action(
        dossier, "assign", world.head, data={"assignee": world.specialist.pk}, at=at(2026, 3, 2, 16)
    )
    DossierDocument.objects.create(dossier=dossier, kind="result", name="Phiếu số 1")
    perform_action(dossier, "propose", world.specialist, at=at(2026, 3, 3, 9))
    dossier.refresh_from_db()

    visits = step_history(dossier)
    assert [v.step.code for v in visits] == ["reception", "assignment", "appraisal", "review"]
    calendar = calendar_for(world.justice)
    # Assignment: half a working day (4 h) from 10:00 → 15:30: lunch 11:30-13:00 is not counted.
    assert visits[1].due_at == calendar.add_working_time(at(2026, 3, 2, 10), days=0.5)
    assert visits[1].due_at == at(2026, 3, 2, 15, 30)
    assert visits[1].timeliness == Timeliness.LATE  # assigned at 16:00
    assert visits[2].due_at == at(2026, 3, 5, 10)  # 3 days, capped by the dossier's due time
    assert visits[2].timeliness == Timeliness.EARLY
    assert visits[-1].due_at == dossier.step_due_at
    assert visits[-1].left_at is None

    rows = handoffs(dossier)
    assert [r.note.split(":")[0] for r in rows] == [
        "Tiếp nhận hồ sơ",
        "Phân công cán bộ xử lý",
        "Trình kết quả thẩm định",
    ]
    assert rows[1].giver_name == world.head.get_full_name()
    assert rows[1].receiver_name == world.specialist.get_full_name()
    assert rows[1].outcome == Timeliness.LATE
    assert rows[2].receiver_agency.endswith("(Lãnh đạo phòng)")


def test_form_05_as_a_page_and_as_a_pdf(world, client):
    dossier = accepted(world, when=at(2026, 3, 2, 10))
    perform_action(
        dossier, "assign", world.head, data={"assignee": world.specialist.pk}, at=at(2026, 3, 2, 11)
    )
    client.force_login(world.head)
    page = client.get(reverse("backoffice:control_slip", args=[dossier.code])).content.decode()
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in page
    assert "Giao: Sở Tư pháp tỉnh Quảng Ninh (Lãnh đạo phòng)" in page
    # Assigned at 11:00, due 15:30 the same day: on time (an earlier day would be early).
    assert "Đúng hạn" in page
    pdf = client.get(reverse("backoffice:control_slip_pdf", args=[dossier.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_form_05_needs_an_accepted_dossier(world, client):
    dossier = world.receive()
    client.force_login(world.reception)
    assert client.get(reverse("backoffice:control_slip", args=[dossier.code])).status_code == 404


def test_the_page_shows_the_timeline_and_documents(world, client):
    dossier = accepted(world, when=at(2026, 3, 2, 10))
    client.force_login(world.reception)
    page = page_of(client, dossier).content.decode()
    assert "Nộp hồ sơ" in page and "Tiếp nhận hồ sơ" in page
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in page
    assert "05/03/2026" in page  # the due date
    assert isinstance(Dossier.objects.get().received_at, datetime)


def test_the_page_shows_the_messages_sent_and_the_fees_owed(client, world):
    from motcua.catalog.models import FeeItem
    from motcua.payments.services import request_payment

    FeeItem.objects.create(version=world.version, name="Lệ phí", amount_vnd=200_000)
    dossier = world.receive(applicant_user=world.citizen)
    perform_action(dossier, "accept", world.reception)
    request_payment(dossier)
    client.force_login(world.reception)
    content = page_of(client, dossier).content.decode()
    assert "Tin nhắn đã gửi" in content and "Hồ sơ đã được tiếp nhận" in content
    assert "Chưa nộp phí, lệ phí" in content and "200.000" in content

    client.force_login(world.citizen)
    mine = client.get(reverse("portal:my_dossier", args=[dossier.code])).content.decode()
    assert reverse("payments:pay", args=[dossier.code]) in mine
