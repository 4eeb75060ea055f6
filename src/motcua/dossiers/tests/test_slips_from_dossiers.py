"""Every slip issued from a real dossier: A5, real Vietnamese text, sealed so that an independent
validator (poppler's pdfsig) accepts the signature; each page is saved as PNG to look at."""

import subprocess

import pytest

from motcua.dossiers.models import DossierSlip
from motcua.dossiers.services import perform_action
from motcua.dossiers.tasks import process_event_followups
from motcua.dossiers.tests.conftest import at

A5 = "419.528 x 595.276 pts"  # 148 x 210 mm as pdfinfo prints it


@pytest.fixture
def sealed_world(world, settings, tmp_path):
    from motcua.signing.demo import load_signing_demo

    settings.MOTCUA_FORM_SET = "2025"
    settings.MOTCUA_SIGNING_DEMO_CA_DIR = tmp_path / "demo-ca"
    settings.MOTCUA_SIGNING_TRUSTED_ROOTS = [str(tmp_path / "demo-ca" / "root.pem")]
    settings.MOTCUA_SIGNING_CRLS = [str(tmp_path / "demo-ca" / "root.crl")]
    load_signing_demo()
    return world


def issue(event):
    process_event_followups(event_id=event.pk)
    return event


def slips_of_every_kind(world):
    """One dossier per slip, each taken through the actions that issue it."""
    events = {}
    received = world.receive(at(2026, 3, 2, 9))
    events["receipt"] = issue(
        perform_action(received, "accept", world.reception, at=at(2026, 3, 2, 10))
    )
    incomplete = world.receive(at(2026, 3, 2, 9), complete=False)
    events["supplement_request"] = issue(
        perform_action(
            incomplete, "request_supplement", world.reception, note="Bản sao Căn cước có chứng thực"
        )
    )
    refused = world.receive(at(2026, 3, 2, 9))
    events["refusal"] = issue(
        perform_action(
            refused, "refuse", world.reception, note="Thủ tục không thuộc thẩm quyền của Sở"
        )
    )
    late = world.receive(at(2026, 3, 2, 9))
    perform_action(late, "accept", world.reception, at=at(2026, 3, 2, 10))
    perform_action(
        late, "assign", world.head, data={"assignee": world.specialist.pk}, at=at(2026, 3, 2, 10)
    )
    events["apology"] = issue(
        perform_action(
            late,
            "apologize",
            world.specialist,
            note="Cần xác minh thêm với cơ quan công an",
            data={"new_due": "2026-03-10T10:00+07:00"},
            at=at(2026, 3, 3, 9),
        )
    )
    events["stop_notice"] = issue(
        perform_action(
            late, "stop_processing", world.head, note="Người nộp đề nghị dừng giải quyết"
        )
    )
    return events


def test_every_slip_is_a5_searchable_and_sealed(sealed_world, artifacts_dir, tmp_path):
    for kind, event in slips_of_every_kind(sealed_world).items():
        slip = DossierSlip.objects.get(event=event, kind=kind)
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(slip.file.read())

        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
        assert A5 in info.stdout, (kind, info.stdout)
        text = subprocess.run(
            ["pdftotext", path, "-"], capture_output=True, text=True, check=True
        ).stdout
        compact = "".join(text.split()).replace("-", "")
        assert event.dossier.code.replace("-", "") in compact, kind
        assert "NguyễnVănAn" in compact, kind
        signatures = subprocess.run(["pdfsig", path], capture_output=True, text=True).stdout
        assert signatures.count("Signature Validation: Signature is Valid.") == 1, (
            kind,
            signatures,
        )
        assert "Sở Tư pháp tỉnh Quảng Ninh" in signatures

        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-singlefile", path, artifacts_dir / f"slip-{kind}"],
            check=True,
        )
        assert (artifacts_dir / f"slip-{kind}.png").exists()
