"""“Hồ sơ của tôi” and the public lookup: a citizen sees only their own dossiers (pages,
downloads, guessed codes and ids), the timeline hides internal notes, anonymous lookup shows
only the code and completion (Circular 01/2018 Art 16), and lookups are rate-limited."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.dossiers.models import Dossier, DossierDocument, DossierSlip
from motcua.dossiers.services import perform_action
from motcua.dossiers.tests.conftest import at, world  # noqa: F401 - fixture

INTERNAL_NOTE = "Ghi chú nội bộ: đối chiếu lại hồ sơ gốc"


@pytest.fixture
def mine(world):  # noqa: F811
    dossier = world.receive(at(2026, 3, 2, 9), applicant_user=world.citizen)
    event = perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    DossierSlip.objects.create(
        dossier=dossier, event=event, kind="receipt", file=ContentFile(b"%PDF-1.7 receipt", "r.pdf")
    )
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def theirs(world):  # noqa: F811
    dossier = world.receive(at(2026, 3, 2, 9), applicant_user=world.other_citizen)
    event = perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    slip = DossierSlip.objects.create(
        dossier=dossier, event=event, kind="receipt", file=ContentFile(b"%PDF-1.7 x", "x.pdf")
    )
    result = DossierDocument.objects.create(
        dossier=dossier, kind="result", name="Phiếu", file=ContentFile(b"%PDF-1.7 r", "k.pdf")
    )
    dossier.refresh_from_db()
    return dossier, slip, result


def test_my_dossiers_lists_only_mine_with_status_agency_and_due_date(client, world, mine, theirs):  # noqa: F811
    client.force_login(world.citizen)
    html = client.get(reverse("portal:my_dossiers")).content.decode()
    assert mine.code in html
    assert theirs[0].code not in html
    assert "Đang xử lý" in html  # the step's public status
    assert world.justice.name in html
    assert mine.due_at.astimezone().strftime("%d/%m/%Y") in html


def test_a_citizen_cannot_open_download_or_withdraw_anothers_dossier(client, world, theirs):  # noqa: F811
    dossier, slip, result = theirs
    client.force_login(world.citizen)
    code = dossier.code
    assert client.get(reverse("portal:my_dossier", args=[code])).status_code == 404
    assert client.get(reverse("portal:download_slip", args=[code, slip.pk])).status_code == 404
    assert client.get(reverse("portal:download_result", args=[code, result.pk])).status_code == 404
    response = client.post(
        reverse("portal:my_dossier", args=[code]), {"reason": "Không cần nữa", "version": 2}
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.step == "assignment"
    # Guessing: the same 404 for a code that does not exist.
    assert client.get(reverse("portal:my_dossier", args=[code + "9"])).status_code == 404


def test_a_slip_id_cannot_be_borrowed_through_my_own_code(client, world, mine, theirs):  # noqa: F811
    _dossier, slip, result = theirs
    client.force_login(world.citizen)
    assert client.get(reverse("portal:download_slip", args=[mine.code, slip.pk])).status_code == 404
    url = reverse("portal:download_result", args=[mine.code, result.pk])
    assert client.get(url).status_code == 404


def test_the_owner_downloads_their_slip_and_results_only_once_decided(client, world, mine):  # noqa: F811
    client.force_login(world.citizen)
    slip = mine.slips.get()
    response = client.get(reverse("portal:download_slip", args=[mine.code, slip.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    draft = DossierDocument.objects.create(
        dossier=mine, kind="result", name="Dự thảo", file=ContentFile(b"%PDF draft", "d.pdf")
    )
    url = reverse("portal:download_result", args=[mine.code, draft.pk])
    assert client.get(url).status_code == 404  # not decided yet: a draft
    Dossier.objects.filter(pk=mine.pk).update(completed_at=mine.received_at)
    assert client.get(url).status_code == 200


def test_anonymous_users_are_asked_to_sign_in(client, mine):
    response = client.get(reverse("portal:my_dossier", args=[mine.code]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_timeline_shows_public_steps_and_hides_internal_notes(client, world, mine):  # noqa: F811
    perform_action(mine, "assign", world.head, data={"assignee": world.specialist.pk})
    DossierDocument.objects.create(dossier=mine, kind="result", name="Phiếu")
    perform_action(mine, "propose", world.specialist, note=INTERNAL_NOTE)
    perform_action(mine, "rework", world.head, note=INTERNAL_NOTE)
    client.force_login(world.citizen)
    html = client.get(reverse("portal:my_dossier", args=[mine.code])).content.decode()
    assert "Chờ tiếp nhận" in html  # submitted
    assert "Đang xử lý" in html  # accepted
    assert INTERNAL_NOTE not in html
    assert world.specialist.get_full_name() in html  # the officer handling it


def test_the_citizen_withdraws_with_a_reason_shown_on_the_timeline(client, world, mine):  # noqa: F811
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier", args=[mine.code])
    empty = client.post(url, {"reason": "", "version": mine.version})
    assert empty.status_code == 400
    assert "Vui lòng ghi rõ lý do rút hồ sơ." in empty.content.decode()
    client.post(url, {"reason": "Đã nộp nhầm thủ tục", "version": mine.version})
    mine.refresh_from_db()
    assert (mine.step, mine.outcome) == ("withdrawn", "withdrawn")
    html = client.get(url).content.decode()
    assert "Công dân đã rút hồ sơ" in html and "Đã nộp nhầm thủ tục" in html
    assert "Rút hồ sơ</button>" not in html  # no second withdrawal


def test_anonymous_lookup_shows_only_code_and_completion(client, mine):
    response = client.get(reverse("portal:lookup"), {"ma": mine.code.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.code in html and "Đang giải quyết" in html
    for secret in ("Nguyễn Văn An", "0912345678", "Sở Tư pháp", "Quá trình xử lý"):
        assert secret not in html.split('id="answer-title"')[1]


def test_the_owner_signed_in_is_offered_the_full_timeline_and_others_are_not(
    client,
    world,  # noqa: F811
    mine,
):
    client.force_login(world.other_citizen)
    html = client.get(reverse("portal:lookup"), {"ma": mine.code}).content.decode()
    assert "Quá trình xử lý" not in html
    client.force_login(world.citizen)
    html = client.get(reverse("portal:lookup"), {"ma": mine.code}).content.decode()
    assert "Quá trình xử lý" in html
    assert reverse("portal:my_dossier", args=[mine.code]) in html


def test_an_unknown_code_is_not_found(client, db):
    response = client.get(reverse("portal:lookup"), {"ma": "000.00.07.H49-260302-9999"})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ với mã này" in response.content.decode()


def test_lookups_share_the_apis_rate_limit(client, mine, monkeypatch):
    monkeypatch.setattr("motcua.portal.views.LOOKUP_LIMIT", 3)
    monkeypatch.setattr("motcua.dossiers.api.LOOKUP_LIMIT", 3)
    assert client.get(f"/api/v1/lookup/{mine.code}").status_code == 200
    assert client.get(reverse("portal:lookup"), {"ma": "X-1"}).status_code == 404
    assert client.get(reverse("portal:lookup"), {"ma": "X-2"}).status_code == 404
    limited = client.get(reverse("portal:lookup"), {"ma": mine.code})
    assert limited.status_code == 429
    assert "Bạn tra cứu quá nhiều lần" in limited.content.decode()
    assert client.get(f"/api/v1/lookup/{mine.code}").status_code == 429


def test_the_anonymous_lookup_reads_four_queries(client, mine, django_assert_max_num_queries):
    """The rate limit (its count and the windows it sums), the dossier by its code and the
    portal profile: a regression in the cheapest public page shows here."""
    with django_assert_max_num_queries(4):
        response = client.get(reverse("portal:lookup"), {"ma": mine.code})
    assert response.status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(f"/api/v1/lookup/{mine.code}").status_code == 200
