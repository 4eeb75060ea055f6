"""What an online submission costs (queries per post, pinned so a regression shows: issue 11
asks for 100 submissions/s), and that the cheaper path still does everything: the scans
checked, stored once in the draft and kept by the dossier under their own names, the draft's
copies removed once committed, the e-form checked against the version's current schema."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from motcua.catalog.models import OnlineMode, ProcedureOffering, ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.portal.demo_eforms import BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI
from motcua.portal.eforms import build_eform
from motcua.portal.models import DraftFile, SubmissionDraft
from motcua.portal.tests import test_submission
from motcua.portal.tests.test_submission import GOOD, PDF, post_data

pytestmark = pytest.mark.django_db

# The fixtures of the submission tests: a procedure open online with the birth e-form.
world = test_submission.world
online = test_submission.online

# Session, user, the catalog generation (what can be submitted is kept per process under it),
# the draft looked for; none: the new draft stored with what the post carries (one insert), its
# files stored (one bulk insert); the check needs no read (a new draft's files are those
# just stored; the agencies come with the kept procedure). Savepoints (4) around the writes, as
# the test runs in a transaction. (The load benchmark's post, with two files and transactions
# instead of savepoints: 24 queries before issue 11's changes, 8 now.)
FORM_POST_QUERIES = 10
# Session, user, the catalog generation; then under its lock: the draft with its agency (by
# citizen and procedure), its files; the dossier received (its process in one query, calendar
# fingerprint, code, dossier, documents with their files, first event) and the draft deleted
# with its files in one statement. Savepoints (4). (The benchmark's: 43 → 14.)
REVIEW_POST_QUERIES = 16


def form_post(w, name="can-cuoc.pdf"):
    return post_data(GOOD) | {
        "co_quan": w.justice.pk,
        "nhan_ket_qua": "online",
        "buoc": "xem-lai",
        f"giay-to-{w.id_card.pk}": SimpleUploadedFile(name, PDF, "application/pdf"),
    }


def test_a_submission_reads_a_fixed_number_of_queries(
    client,
    online,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(online.citizen)
    # One submission first: the e-form compiled and the process parsed, as in a running worker.
    client.post(online.url, form_post(online))
    client.post(online.review_url)

    with django_assert_max_num_queries(FORM_POST_QUERIES):
        response = client.post(online.url, form_post(online, "lan-hai.pdf"))
    assert response.status_code == 302 and response["Location"] == online.review_url
    with (
        django_assert_max_num_queries(REVIEW_POST_QUERIES),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(online.review_url)
    dossier = Dossier.objects.filter(applicant_user=online.citizen).latest("pk")
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.code])
    assert dossier.events.get().action == "submit"
    assert not SubmissionDraft.objects.filter(user=online.citizen).exists()


def test_the_dossier_keeps_the_scan_under_its_own_name_and_the_draft_copy_goes(
    client,
    online,
    django_capture_on_commit_callbacks,
):
    client.force_login(online.citizen)
    client.post(online.url, form_post(online))
    draft_file = DraftFile.objects.get(draft__user=online.citizen)
    draft_path = draft_file.file.path
    assert open(draft_path, "rb").read() == PDF  # noqa: SIM115
    with django_capture_on_commit_callbacks(execute=True):
        client.post(online.review_url)
    document = Dossier.objects.get(applicant_user=online.citizen).documents.get(
        required_document=online.id_card
    )
    assert document.present
    assert document.file.name.startswith("dossiers/") and document.file.name.endswith(".pdf")
    assert not os.path.exists(draft_path)  # the draft's name removed once committed
    assert document.file.read() == PDF  # the dossier's stays


def test_an_incomplete_draft_posted_to_the_review_is_refused_as_before(client, online):
    client.force_login(online.citizen)
    client.post(online.url, post_data(GOOD) | {"buoc": "luu"})  # no agency, no scan
    response = client.post(online.review_url)
    assert response["Location"] == online.url
    assert not Dossier.objects.filter(applicant_user=online.citizen).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == ["Hồ sơ chưa đủ thông tin để nộp. Vui lòng kiểm tra lại."]


def test_the_compiled_eform_follows_the_schema_and_the_language():
    first = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI)
    again = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI)
    assert type(first) is type(again)  # built once
    assert first.fields is not again.fields  # each form has its own fields

    stricter = {
        **BIRTH_REGISTRATION_SCHEMA,
        "properties": {
            **BIRTH_REGISTRATION_SCHEMA["properties"],
            "child_ethnicity": {
                **BIRTH_REGISTRATION_SCHEMA["properties"]["child_ethnicity"],
                "maxLength": 2,
            },
        },
    }
    form = build_eform(stricter, BIRTH_REGISTRATION_UI, data=post_data(GOOD))
    assert not form.is_valid()  # "Kinh" is too long for the edited schema
    assert list(form.errors) == ["child_ethnicity"]
    assert build_eform(
        BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI, data=post_data(GOOD)
    ).is_valid()

    values = post_data(GOOD | {"birth_copies": "hai"})
    with translation.override("en"):
        english = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI, data=values)
        english.is_valid()
    with translation.override("vi"):
        vietnamese = build_eform(BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI, data=values)
        vietnamese.is_valid()
    assert vietnamese.errors["birth_copies"] == ["Vui lòng nhập một số nguyên."]
    assert english.errors["birth_copies"] == ["Please enter a whole number."]


def test_a_draft_submitted_twice_at_once_gives_one_dossier_and_a_clear_answer(client, online):
    """Two "Nộp hồ sơ" of one draft (a double click, two tabs): the second waits on the
    draft's row lock, then finds it gone (what it sees here, after the first); it answers with
    the citizen's dossiers, not an error."""
    client.force_login(online.citizen)
    client.post(online.url, form_post(online))
    client.post(online.review_url)
    assert Dossier.objects.filter(applicant_user=online.citizen).count() == 1
    response = client.post(online.review_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_dossiers")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "Hồ sơ này đã được nộp. Bạn có thể theo dõi trong mục “Hồ sơ của tôi”."
    assert Dossier.objects.filter(applicant_user=online.citizen).count() == 1


def test_a_submit_without_any_draft_sends_back_to_the_form_and_stores_nothing(client, online):
    """A stale review page posted when there is no draft and no recent dossier: back to the
    form with the usual message; no empty draft is left behind."""
    client.force_login(online.citizen)
    response = client.post(online.review_url)
    assert response["Location"] == online.url
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == ["Hồ sơ chưa đủ thông tin để nộp. Vui lòng kiểm tra lại."]
    assert not SubmissionDraft.objects.filter(user=online.citizen).exists()
    assert not Dossier.objects.filter(applicant_user=online.citizen).exists()


def test_a_draft_of_a_version_no_longer_in_force_is_checked_again_before_it_is_submitted(
    client, online
):
    """The catalog put a new version in force after the draft was saved: "Nộp hồ sơ" does not
    submit under the old one; the form shows the draft on the new version."""
    client.force_login(online.citizen)
    client.post(online.url, form_post(online))
    old = online.version
    newer = ProcedureVersion.objects.get(pk=old.pk)
    newer.pk = None
    newer.number = old.number + 1
    newer.save()
    response = client.post(online.review_url)
    assert response["Location"] == online.url
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == [
        "Thủ tục vừa được cập nhật. Vui lòng kiểm tra lại hồ sơ trước khi nộp."
    ]
    assert not Dossier.objects.filter(applicant_user=online.citizen).exists()
    client.get(online.url)
    assert SubmissionDraft.objects.get(user=online.citizen).version == newer


def test_a_new_draft_stored_meanwhile_by_another_post_is_completed_not_duplicated(online):
    """Two first posts of a form at once (a double click): the second finds the draft the
    first stored and adds to it; one draft, what both typed, no error."""
    from motcua.portal import submission

    opened = submission.open_procedure(online.version.procedure.code)
    unsaved = submission.draft_of(online.citizen, opened, create=False)
    assert unsaved.pk is None
    first = submission.draft_of(online.citizen, opened)  # the other post, first
    first.form_data = {"child_name": "Nguyễn Minh Khang"}
    first.save()
    data = submission.DraftInput(
        form_values={"father_name": "Nguyễn Văn An"},
        agency_id=online.justice.pk,
        uploads={online.id_card.pk: SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
    )
    saved = submission.save_draft(unsaved, data, opened)
    assert saved.refused == {}
    assert saved.files is None  # the other post's files are not known without reading them
    draft = SubmissionDraft.objects.get(user=online.citizen)
    assert draft.pk == first.pk == unsaved.pk
    assert draft.form_data == {"child_name": "Nguyễn Minh Khang", "father_name": "Nguyễn Văn An"}
    assert draft.agency == online.justice
    assert [f.required_document_id for f in draft.files.all()] == [online.id_card.pk]


def test_what_can_be_submitted_follows_the_catalog_on_the_next_request(client, online):
    """The procedure as it can be submitted is kept per process; a change to its offerings or
    its version, even by a bulk update that sends no signal, counts on the next request."""
    client.force_login(online.citizen)
    assert client.get(online.url).status_code == 302  # to the form's first page
    # Sở Xây dựng stops receiving it: a post choosing it no longer counts, the only agency
    # left is taken.
    ProcedureOffering.objects.filter(agency=online.construction).update(is_active=False)
    client.post(online.url, form_post(online) | {"co_quan": online.construction.pk})
    assert SubmissionDraft.objects.get(user=online.citizen).agency == online.justice

    ProcedureOffering.objects.update(is_active=False)
    assert client.get(online.url).status_code == 404

    ProcedureOffering.objects.update(is_active=True)
    assert client.get(online.url).status_code == 302
    ProcedureVersion.objects.filter(pk=online.version.pk).update(online_mode=OnlineMode.NONE)
    assert client.get(online.url).status_code == 404
