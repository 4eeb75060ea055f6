"""What happens because of an action: messages to the people concerned, signed results."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import perform_action, verify_chain
from motcua.dossiers.tasks import process_event_followups
from motcua.dossiers.tests.conftest import at
from motcua.notifications.selectors import messages_for_subject


def test_accepting_tells_the_applicant_the_code_and_the_due_date(world):
    dossier = world.receive(at(2026, 3, 2, 9), applicant_user=world.citizen)
    event = perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    messages = list(messages_for_subject(dossier))
    assert [m.event for m in messages] == ["dossier_received"]
    assert messages[0].user == world.citizen
    assert event.payload["notifications"][0]["event"] == "dossier_received"


def test_assigning_tells_the_specialist(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    assigned = [m for m in messages_for_subject(dossier) if m.event == "dossier_assigned"]
    assert [m.user for m in assigned] == [world.specialist]


def test_an_action_rolled_back_tells_no_one(world):
    dossier = world.receive(at(2026, 3, 2, 9), applicant_user=world.citizen)

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
        raise Abandon
    assert list(messages_for_subject(dossier)) == []


def test_the_approved_result_is_signed_by_the_leader_and_sealed(world, settings, tmp_path):
    from motcua.paperwork import samples
    from motcua.paperwork.rendering import render_slip
    from motcua.signing.demo import load_signing_demo
    from motcua.signing.verification import verify_pdf

    settings.MOTCUA_SIGNING_DEMO_CA_DIR = tmp_path / "demo-ca"
    settings.MOTCUA_SIGNING_TRUSTED_ROOTS = [str(tmp_path / "demo-ca" / "root.pem")]
    settings.MOTCUA_SIGNING_CRLS = [str(tmp_path / "demo-ca" / "root.crl")]
    load_signing_demo()

    dossier = world.receive(at(2026, 3, 2, 9))
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    result = DossierDocument(dossier=dossier, kind="result", name="Phiếu lý lịch tư pháp")
    result.file.save("ket-qua.pdf", ContentFile(render_slip(samples.receipt())), save=True)
    perform_action(dossier, "propose", world.specialist)
    perform_action(dossier, "submit_for_signature", world.head)
    approval = perform_action(dossier, "approve", world.leader)

    process_event_followups(event_id=approval.pk)
    result.refresh_from_db()
    assert result.signed
    with result.file.open("rb") as handle:
        report = verify_pdf(handle.read())
    assert len(report.signatures) == 2 and report.all_valid  # the leader, then the seal
    assert dossier.events.order_by("sequence").last().action == "result_signed"
    assert verify_chain(dossier)


def test_the_result_is_returned_only_once_the_fee_is_paid(world):
    from motcua.catalog.models import FeeItem
    from motcua.dossiers.services import PreconditionFailed
    from motcua.payments.services import record_cash

    FeeItem.objects.create(version=world.version, name="Phí cấp phiếu", amount_vnd=200_000)
    dossier = world.receive(at(2026, 3, 2, 9))
    accepted = perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    process_event_followups(event_id=accepted.pk)  # asks the applicant for 200.000 đ
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    DossierDocument.objects.create(dossier=dossier, kind="result", name="Phiếu lý lịch tư pháp")
    perform_action(dossier, "propose", world.specialist)
    perform_action(dossier, "submit_for_signature", world.head)
    perform_action(dossier, "approve", world.leader)

    with pytest.raises(PreconditionFailed, match="chưa nộp đủ phí"):
        perform_action(dossier, "return_result", world.reception)
    record_cash(dossier.payment_requests.get(), actor=world.reception)
    perform_action(dossier, "return_result", world.reception)
    assert dossier.events.filter(action="payment_confirmed").exists()


def test_a_template_previews_with_a_real_dossier(world, admin_client):
    from motcua.notifications.models import MessageTemplate

    dossier = world.receive(at(2026, 3, 2, 9))
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    template = MessageTemplate.objects.filter(event="dossier_received", is_current=True).first()
    url = f"/quan-tri/notifications/messagetemplate/{template.pk}/change/"
    real = admin_client.get(url, {"ho_so": dossier.code}).content.decode()
    assert f"Dữ liệu của hồ sơ {dossier.code}" in real and dossier.code in real
    missing = admin_client.get(url, {"ho_so": "000.00.07.H49-260302-9999"}).content.decode()
    assert "Không tìm thấy hồ sơ 000.00.07.H49-260302-9999" in missing
