"""The slips a dossier's actions issue: sealed by the agency, numbered, in the tracking book."""

import subprocess

import pytest

from motcua.dossiers.models import DossierSlip
from motcua.dossiers.services import perform_action
from motcua.dossiers.tasks import process_event_followups
from motcua.dossiers.tests.conftest import at


@pytest.fixture
def demo_ca(settings, tmp_path, world):
    from motcua.signing.demo import load_signing_demo

    settings.MOTCUA_SIGNING_DEMO_CA_DIR = tmp_path / "demo-ca"
    settings.MOTCUA_SIGNING_TRUSTED_ROOTS = [str(tmp_path / "demo-ca" / "root.pem")]
    settings.MOTCUA_SIGNING_CRLS = [str(tmp_path / "demo-ca" / "root.crl")]
    load_signing_demo()


def test_the_receipt_is_sealed_by_the_receiving_agency(world, demo_ca):
    from motcua.signing.verification import verify_pdf

    dossier = world.receive(at(2026, 3, 2, 9))
    event = perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    process_event_followups(event_id=event.pk)
    slip = DossierSlip.objects.get(dossier=dossier, kind="receipt")
    report = verify_pdf(slip.file.read())
    assert report.all_valid and len(report.signatures) == 1


def test_a_receipt_without_a_seal_is_issued_and_the_log_says_so(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    event = perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    process_event_followups(event_id=event.pk)
    assert DossierSlip.objects.filter(dossier=dossier, kind="receipt").exists()
    assert dossier.events.filter(action="slip_not_sealed").exists()


def test_stopping_processing_issues_a_numbered_notice(world, settings):
    settings.MOTCUA_FORM_SET = "2025"
    dossier = world.receive(at(2026, 3, 2, 9))
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    event = perform_action(
        dossier, "stop_processing", world.head, note="Người nộp đề nghị dừng giải quyết"
    )
    process_event_followups(event_id=event.pk)
    notice = DossierSlip.objects.get(dossier=dossier, kind="stop_notice")
    assert notice.number == "01/TB"
    dossier.refresh_from_db()
    assert dossier.outcome == "stopped"


def test_the_tracking_book_lists_the_years_dossiers(world, tmp_path):
    from django.core.management import call_command

    codes = []
    for day in (2, 3):
        dossier = world.receive(at(2026, 3, day, 9))
        perform_action(dossier, "accept", world.reception, at=at(2026, 3, day, 10))
        codes.append(dossier.code)
    output = tmp_path / "so.pdf"
    call_command("tracking_book", "000.00.07.H49", "2026", str(output))
    text = subprocess.run(
        ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The narrow code column wraps long codes at their hyphens, which pdftotext then drops.
    compact = "".join(text.split()).replace("-", "")
    assert all(code.replace("-", "") in compact for code in codes)
    assert "NguyễnVănAn" in compact
