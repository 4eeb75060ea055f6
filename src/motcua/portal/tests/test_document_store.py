"""The citizen's document store: their earlier dossiers' files and decided results, listed and
downloadable by them alone, and reusable in a new submission's slot without uploading again
(a copy: the new dossier keeps its file when the old one goes). Guessing ids finds nothing."""

import re

from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import perform_action
from motcua.dossiers.tests.conftest import world  # noqa: F401 - fixture
from motcua.portal.models import SubmissionDraft
from motcua.portal.tests.test_submission import (  # noqa: F401 - fixture
    GOOD,
    PDF,
    online,
    post_data,
    submit_everything,
)

STORE = reverse("portal:document_store")


def earlier_dossier(client, w) -> DossierDocument:
    """The citizen submits once online (their ID card as a PDF); returns that document."""
    client.force_login(w.citizen)
    submit_everything(client, w)
    client.post(w.review_url)
    dossier = Dossier.objects.get(applicant_user=w.citizen)
    return dossier.documents.get(required_document=w.id_card)


def download(pk):
    return reverse("portal:download_stored", args=[pk])


def test_the_store_lists_the_citizens_documents_and_downloads_them(client, online):  # noqa: F811
    stored = earlier_dossier(client, online)
    html = client.get(STORE).content.decode()
    assert "Kho tài liệu của tôi" in html
    assert "Căn cước" in html and stored.dossier.code in html
    assert re.search(rf"{len(PDF)}\sbyte", html)  # its size
    response = client.get(download(stored.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_results_enter_the_store_only_once_decided(client, online):  # noqa: F811
    stored = earlier_dossier(client, online)
    result = DossierDocument.objects.create(
        dossier=stored.dossier, kind=DossierDocument.Kind.RESULT, name="Giấy khai sinh bản chính"
    )
    result.file.save("giay-khai-sinh.pdf", ContentFile(PDF))
    assert "Giấy khai sinh bản chính" not in client.get(STORE).content.decode()
    assert client.get(download(result.pk)).status_code == 404
    Dossier.objects.filter(pk=stored.dossier.pk).update(completed_at=stored.dossier.submitted_at)
    assert "Giấy khai sinh bản chính" in client.get(STORE).content.decode()
    assert client.get(download(result.pk)).status_code == 200


def test_nobody_else_sees_downloads_or_reuses_them(client, online):  # noqa: F811
    stored = earlier_dossier(client, online)
    client.force_login(online.other_citizen)
    html = client.get(STORE).content.decode()
    assert "Kho tài liệu của bạn chưa có tài liệu nào." in html and "Căn cước" not in html
    assert client.get(download(stored.pk)).status_code == 404
    assert client.get(download(stored.pk + 1000)).status_code == 404
    step = reverse("portal:submit_step", args=[online.version.procedure.code, 4])
    html = client.get(step).content.decode()
    assert "Dùng tài liệu đã nộp" not in html  # nothing of their own to offer
    response = client.post(
        step, {f"dung-lai-{online.id_card.pk}": stored.pk, "buoc": "luu", "co_quan": ""}
    )
    assert response.status_code == 400
    assert (
        "Không tìm thấy tài liệu đã chọn trong kho tài liệu của bạn." in response.content.decode()
    )
    draft = SubmissionDraft.objects.get(user=online.other_citizen)
    assert not draft.files.exists()
    client.logout()
    assert client.get(download(stored.pk)).status_code == 302  # to sign in


def test_a_new_submission_reuses_a_stored_document_as_its_own_copy(client, online):  # noqa: F811
    stored = earlier_dossier(client, online)
    step = reverse("portal:submit_step", args=[online.version.procedure.code, 4])
    html = client.get(step).content.decode()
    assert "Dùng tài liệu đã nộp" in html
    assert f'name="dung-lai-{online.id_card.pk}" value="{stored.pk}"' in html
    # The same kind first: the ID card slot offers the ID card, not the other documents.
    assert f'name="dung-lai-{online.optional.pk}" value="{stored.pk}"' in html  # none alike: all

    client.post(step.replace("buoc-4", "buoc-1"), post_data(GOOD))
    client.post(step.replace("buoc-4", "buoc-2"), post_data(GOOD))
    client.post(step.replace("buoc-4", "buoc-3"), post_data(GOOD))
    response = client.post(
        step,
        {
            f"dung-lai-{online.id_card.pk}": stored.pk,
            "co_quan": online.justice.pk,
            "nhan_ket_qua": "counter",
            "buoc": "xem-lai",
        },
    )
    assert response["Location"] == online.review_url
    draft = SubmissionDraft.objects.get(user=online.citizen)
    copy = draft.files.get(required_document=online.id_card)
    assert copy.file.name != stored.file.name and copy.content_type == "application/pdf"
    stored.file.delete()  # the earlier dossier's file goes: the copy stays
    client.post(online.review_url)
    dossier = Dossier.objects.filter(applicant_user=online.citizen).latest("pk")
    assert dossier.pk != stored.dossier_id
    assert dossier.documents.get(required_document=online.id_card).file.read() == PDF


def test_the_store_offers_documents_of_the_same_kind_when_there_are_some(client, online):  # noqa: F811
    stored = earlier_dossier(client, online)
    perform_action(stored.dossier, "request_supplement", online.reception, note="Thiếu")
    optional = stored.dossier.documents.get(required_document=online.optional)
    optional.file.save("uy-quyen.pdf", ContentFile(PDF))
    step = reverse("portal:submit_step", args=[online.version.procedure.code, 4])
    html = client.get(step).content.decode()
    assert f'name="dung-lai-{online.optional.pk}" value="{optional.pk}"' in html
    assert f'name="dung-lai-{online.optional.pk}" value="{stored.pk}"' not in html
    assert f'name="dung-lai-{online.id_card.pk}" value="{optional.pk}"' not in html
