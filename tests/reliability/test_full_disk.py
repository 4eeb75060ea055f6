"""The disk holding uploads fills up in the middle of a submission, through the API and
through the portal: the answer is a clear Vietnamese error (507), no dossier is recorded, no
file (whole or partial) is left behind, and once there is room again the same submission goes
through."""

from __future__ import annotations

import base64
import os

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.clients import create_client
from motcua.dossiers.models import Dossier, IdempotentRequest
from motcua.dossiers.tests.conftest import world  # noqa: F401 - fixture
from motcua.portal.models import DraftFile
from motcua.portal.tests.test_submission import GOOD, online, post_data  # noqa: F401

FULL_MESSAGE = (
    "Hệ thống tạm thời không lưu được tệp vì bộ nhớ lưu trữ đã đầy. Hồ sơ chưa được nộp; "
    "vui lòng thử lại sau."
)


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_an_api_submission_meeting_a_full_disk_leaves_nothing_and_succeeds_later(
    world,  # noqa: F811
    web_server,
    tmp_path,
):
    media = tmp_path / "media"
    media.mkdir()
    quota = tmp_path / "quota"
    quota.write_text("150000")  # room for the first file, not the second
    server = web_server(
        DJANGO_SETTINGS_MODULE="tests.reliability.full_disk_settings",
        MOTCUA_MEDIA_ROOT=str(media),
        MOTCUA_TEST_MEDIA_QUOTA_FILE=str(quota),
    )
    _client, token = create_client("Kiosk", world.justice)
    files = {1: b"%PDF-1.7\n" + os.urandom(100_000), 2: b"%PDF-1.7\n" + os.urandom(100_000)}
    body = {
        "procedure": "1.001193",
        "applicant": {"name": "Lê Văn Cường", "id_number": "022090001234"},
        "attachments": [
            {"document": n, "name": f"tep-{n}.pdf", "content": base64.b64encode(c).decode()}
            for n, c in files.items()
        ],
    }
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "disk-1"}

    full = requests.post(server.url + "/api/v1/dossiers", json=body, headers=headers, timeout=30)
    assert full.status_code == 507, full.text
    assert full.json() == {"detail": FULL_MESSAGE, "code": "storage_full"}
    assert full.headers["Retry-After"]
    assert not Dossier.objects.exists() and not IdempotentRequest.objects.exists()
    assert files_under(media) == []  # neither the first file nor half of the second

    quota.unlink()  # room again
    done = requests.post(server.url + "/api/v1/dossiers", json=body, headers=headers, timeout=30)
    assert done.status_code == 201, done.text
    dossier = Dossier.objects.get(code=done.json()["code"])
    stored = {d.required_document.position: d for d in dossier.documents.all()}
    for position, content in files.items():
        assert (media / stored[position].file.name).read_bytes() == content
    assert len(files_under(media)) == 2


@pytest.fixture
def quota(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.reliability.full_disk.QuotaStorage"},
    }
    path = tmp_path / "quota"
    monkeypatch.setenv("MOTCUA_TEST_MEDIA_QUOTA_FILE", str(path))
    return path


def test_a_portal_submission_meeting_a_full_disk_leaves_nothing_and_succeeds_later(
    client,
    online,  # noqa: F811
    quota,
    settings,
):
    client.raise_request_exception = False
    client.force_login(online.citizen)
    media = settings.MEDIA_ROOT
    scan = b"%PDF-1.7\n" + os.urandom(50_000)

    def upload_draft():
        return client.post(
            online.url,
            post_data(GOOD)
            | {
                "co_quan": online.justice.pk,
                "nhan_ket_qua": "post",
                "buoc": "xem-lai",
                f"giay-to-{online.id_card.pk}": SimpleUploadedFile("can-cuoc.pdf", scan),
            },
        )

    quota.write_text("20000")  # the draft's scan does not fit
    response = upload_draft()
    assert response.status_code == 507
    assert FULL_MESSAGE in response.content.decode()
    assert not DraftFile.objects.exists()
    assert files_under(media) == []

    quota.write_text("80000")  # the draft's scan fits, its copy into the dossier does not
    assert upload_draft().status_code == 302
    assert len(files_under(media)) == 1
    response = client.post(online.review_url)
    assert response.status_code == 507
    assert FULL_MESSAGE in response.content.decode()
    assert not Dossier.objects.exists()
    assert len(files_under(media)) == 1  # the draft's file only: no partial copy

    quota.unlink()
    response = client.post(online.review_url)
    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant_user=online.citizen)
    assert dossier.documents.get(required_document=online.id_card).file.read() == scan
    # The dossier's copy, and no other (the draft's file goes when the transaction commits).
    assert [f for f in files_under(media) if f.startswith("dossiers/")] == [
        dossier.documents.get(required_document=online.id_card).file.name
    ]
