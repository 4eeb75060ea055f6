"""Who may open the back office: staff only, and only dossiers their agency has business with."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.dossiers.models import DossierDocument, DossierSlip
from motcua.dossiers.services import perform_action
from motcua.dossiers.tasks import process_event_followups

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("backoffice:to_receive"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    ["backoffice:home", "backoffice:reception", "backoffice:to_receive", "backoffice:overdue"],
)
def test_a_citizen_cannot_open_back_office_pages(world, signed_in, name):
    assert signed_in(world.citizen).get(reverse(name)).status_code == 403


def test_a_citizen_cannot_open_their_own_dossier_in_the_back_office(world, signed_in):
    dossier = world.receive(applicant_user=world.citizen)
    response = signed_in(world.citizen).get(reverse("backoffice:dossier", args=[dossier.code]))
    assert response.status_code == 403


def test_staff_of_another_agency_can_neither_open_download_nor_act(world, signed_in):
    dossier = world.receive()
    event = perform_action(dossier, "accept", world.reception)
    process_event_followups(event_id=event.pk)
    document = dossier.documents.first()
    document.file.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    slip = DossierSlip.objects.get(dossier=dossier)
    dossier.refresh_from_db()

    outsider = signed_in(world.other_head)
    urls = [
        reverse("backoffice:dossier", args=[dossier.code]),
        reverse("backoffice:document", args=[dossier.code, document.pk]),
        reverse("backoffice:slip", args=[dossier.code, slip.pk]),
        reverse("backoffice:control_slip", args=[dossier.code]),
        reverse("backoffice:control_slip_pdf", args=[dossier.code]),
        reverse("backoffice:slip_status", args=[dossier.code]),
        reverse("backoffice:received", args=[dossier.code]),
    ]
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    response = outsider.post(
        reverse("backoffice:act", args=[dossier.code, "assign"]),
        {"a-assign-version": dossier.version, "a-assign-assignee": world.other_specialist.pk},
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert (dossier.step, dossier.assignee_id) == ("assignment", None)

    # The agency's own staff can.
    insider = signed_in(world.head)
    for url in urls:
        assert insider.get(url).status_code == 200, url


def test_a_document_of_another_dossier_is_not_served_under_this_code(world, signed_in):
    mine, other = world.receive(), world.receive()
    document = other.documents.first()
    document.file.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    response = signed_in(world.reception).get(
        reverse("backoffice:document", args=[mine.code, document.pk])
    )
    assert response.status_code == 404
    assert DossierDocument.objects.filter(pk=document.pk).exists()


def test_a_specialist_cannot_take_the_heads_action_through_a_forged_post(world, signed_in):
    dossier = world.receive()
    perform_action(dossier, "accept", world.reception)
    dossier.refresh_from_db()
    response = signed_in(world.specialist).post(
        reverse("backoffice:act", args=[dossier.code, "assign"]),
        {"a-assign-version": dossier.version, "a-assign-assignee": world.specialist.pk},
        follow=True,
    )
    assert "không còn thực hiện được" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.step == "assignment"
