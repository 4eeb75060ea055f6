"""The dossier API as integrators and the public use it."""

import base64

import pytest
from rest_framework.test import APIClient

from motcua.dossiers.clients import create_client
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import perform_action
from motcua.dossiers.tests.conftest import at

SUBMISSION = {
    "procedure": "1.001193",
    "channel": "national_portal",
    "applicant": {"name": "Trần Thị Bình", "id_number": "022190004321", "phone": "0987654321"},
    "present_documents": [1, 2],
    "result_delivery": "online",
}


@pytest.fixture
def kiosk(world):
    _client, token = create_client("Kiosk Sở Tư pháp", world.justice)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_submission_needs_a_valid_token(world):
    response = APIClient().post("/api/v1/dossiers", SUBMISSION, format="json")
    assert response.status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.post("/api/v1/dossiers", SUBMISSION, format="json").status_code == 401


def test_a_replayed_submission_returns_the_same_dossier(kiosk):
    first = kiosk.post("/api/v1/dossiers", SUBMISSION, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    assert first.json()["code"].startswith("000.00.07.H49-")
    assert first.json()["public_status"] == "Chờ tiếp nhận"
    again = kiosk.post("/api/v1/dossiers", SUBMISSION, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["code"] == first.json()["code"]
    other = {**SUBMISSION, "sets": 2}
    reused = kiosk.post("/api/v1/dossiers", other, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"


def test_an_attached_file_becomes_its_documents_file(kiosk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pdf = b"%PDF-1.7\n" + "Tờ khai đăng ký khai sinh".encode() + b"\n%%EOF\n"
    body = {
        **SUBMISSION,
        "present_documents": [2],
        "attachments": [
            {
                "document": 1,
                "name": "Tờ khai khai sinh.pdf",
                "content": base64.b64encode(pdf).decode(),
            }
        ],
    }
    response = kiosk.post("/api/v1/dossiers", body, format="json")
    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get(code=response.json()["code"])
    documents = {d.required_document.position: d for d in dossier.documents.all()}
    assert documents[1].present and documents[2].present
    # Stored under the checked, ASCII name, with the bytes sent; the other one has no file.
    assert documents[1].file.name.startswith("dossiers/")
    assert documents[1].file.name.endswith("/to-khai-khai-sinh.pdf")
    with documents[1].file.open("rb") as stored:
        assert stored.read() == pdf
    assert not documents[2].file


def test_a_bad_submission_says_what_is_wrong(kiosk):
    bad = {**SUBMISSION, "procedure": "9.999999", "applicant": {"name": "", "phone": "123"}}
    response = kiosk.post("/api/v1/dossiers", bad, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["procedure"] == ["Không có thủ tục đang có hiệu lực với mã này."]
    assert set(body["applicant"]) == {"name", "phone"}


def test_staff_of_another_agency_cannot_read_or_act_through_the_api(world):
    dossier = world.receive()
    own, other = APIClient(), APIClient()
    own.force_login(world.reception)
    other.force_login(world.other_reception)
    assert own.get(f"/api/v1/dossiers/{dossier.code}").status_code == 200
    assert other.get(f"/api/v1/dossiers/{dossier.code}").status_code == 404
    assert other.get(f"/api/v1/dossiers/{dossier.code}/events").status_code == 404
    assert other.post(f"/api/v1/dossiers/{dossier.code}/actions/accept", {}).status_code == 404


def test_a_citizen_cannot_read_another_citizens_dossier(world):
    mine = world.receive(applicant_user=world.citizen)
    snooper = APIClient()
    snooper.force_login(world.other_citizen)
    assert snooper.get(f"/api/v1/dossiers/{mine.code}").status_code == 404
    owner = APIClient()
    owner.force_login(world.citizen)
    assert owner.get(f"/api/v1/dossiers/{mine.code}").json()["code"] == mine.code


def test_actions_through_the_api_report_conflicts_and_rules(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    api = APIClient()
    api.force_login(world.reception)
    url = f"/api/v1/dossiers/{dossier.code}/actions"
    assert api.post(f"{url}/refuse", {"note": ""}, format="json").status_code == 422
    accepted = api.post(f"{url}/accept", {"expected_version": 1}, format="json")
    assert accepted.status_code == 200 and accepted.json()["dossier"]["step"] == "assignment"
    stale = api.post(f"{url}/refuse", {"note": "x", "expected_version": 1}, format="json")
    assert stale.status_code == 409
    assert api.post(f"{url}/assign", {}, format="json").status_code == 403  # not a head
    events = api.get(f"/api/v1/dossiers/{dossier.code}/events").json()
    assert [e["action"] for e in events] == ["submit", "accept"]
    assert events[1]["previous_hash"] == events[0]["hash"]


def test_anonymous_lookup_shows_only_the_code_and_completion(world, client):
    dossier = world.receive(at(2026, 3, 2, 9))
    body = client.get(f"/api/v1/lookup/{dossier.code}").json()
    assert body == {"code": dossier.code, "completed": False, "status": "Đang giải quyết"}
    perform_action(dossier, "refuse", world.reception, note="Sai thẩm quyền")
    assert client.get(f"/api/v1/lookup/{dossier.code}").json()["completed"] is True
    assert client.get("/api/v1/lookup/000.00.07.H49-260302-9999").status_code == 404


def test_lookup_is_rate_limited_so_codes_cannot_be_enumerated(world, client):
    for n in range(30):
        client.get(f"/api/v1/lookup/000.00.07.H49-260302-{n:04d}")
    response = client.get("/api/v1/lookup/000.00.07.H49-260302-0031")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.json()["detail"]
