"""Worklists: each dossier waits in the list of the role acting at its step, for that agency,
with counts, filters, diacritics-insensitive search, pagination and bulk assignment."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.roles import StaffRole
from motcua.backoffice import worklists
from motcua.dossiers.models import Dossier, DossierDocument, Transfer
from motcua.dossiers.services import perform_action
from motcua.workflow.models import ProcessVersion

from .conftest import at, make_user

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    return {row["dossier"].code for row in response.context["rows"]}


def counts(response) -> dict[str, int]:
    return {item["worklist"].slug: item["count"] for item in response.context["menu"]}


def test_a_dossier_moves_through_the_worklists_of_each_role(world, signed_in, client):
    now = timezone.now()
    dossier = world.receive(when=now - timedelta(minutes=5))
    seen = {}

    def look(user, name):
        client.force_login(user)
        response = client.get(reverse(f"backoffice:{name}"))
        assert response.status_code == 200
        seen[(user.username, name)] = dossier.code in codes(response)
        return response

    look(world.reception, "to_receive")
    assert seen[("tiepnhan", "to_receive")]
    look(world.other_reception, "to_receive")
    assert not seen[("xd.tiepnhan", "to_receive")]
    perform_action(dossier, "accept", world.reception)
    response = look(world.head, "to_assign")
    assert seen[("truongphong", "to_assign")]
    assert counts(response)["to_assign"] == 1
    assert {"to_assign", "to_review", "near_due", "overdue"} <= set(counts(response))
    assert "to_receive" not in counts(response)  # a head has no reception list
    look(world.specialist, "to_process")
    assert not seen[("chuyenvien", "to_process")]

    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    look(world.specialist, "to_process")
    assert seen[("chuyenvien", "to_process")]
    look(world.other_specialist, "to_process")
    assert not seen[("xd.chuyenvien", "to_process")]

    DossierDocument.objects.create(dossier=dossier, kind="result", name="Phiếu số 1")
    perform_action(dossier, "propose", world.specialist)
    look(world.head, "to_review")
    assert seen[("truongphong", "to_review")]
    look(world.leader, "to_approve")
    assert not seen[("lanhdao", "to_approve")]

    perform_action(dossier, "submit_for_signature", world.head)
    look(world.leader, "to_approve")
    assert seen[("lanhdao", "to_approve")]
    perform_action(dossier, "approve", world.leader)
    look(world.reception, "to_return")
    assert seen[("tiepnhan", "to_return")]
    perform_action(dossier, "return_result", world.reception)
    response = look(world.reception, "to_return")
    assert not seen[("tiepnhan", "to_return")]
    assert "Không có hồ sơ nào trong danh sách này." in response.content.decode()


def test_near_due_and_overdue_follow_the_working_calendar(world, signed_in):
    late = world.receive(when=at(2026, 3, 2))
    perform_action(late, "accept", world.reception, at=at(2026, 3, 2))
    soon = world.receive(when=timezone.now() - timedelta(days=10))
    perform_action(soon, "accept", world.reception)
    soon.refresh_from_db()
    # Due in a few working hours: inside the next working day.
    Dossier.objects.filter(pk=soon.pk).update(due_at=timezone.now() + timedelta(hours=2))
    far = world.receive()
    perform_action(far, "accept", world.reception)

    client = signed_in(world.head)
    overdue = client.get(reverse("backoffice:overdue"))
    assert codes(overdue) == {late.code}
    assert "Quá hạn" in overdue.content.decode()
    near = client.get(reverse("backoffice:near_due"))
    assert codes(near) == {soon.code}
    assert counts(near)["overdue"] == 1 and counts(near)["near_due"] == 1


def test_search_ignores_diacritics_and_matches_codes_and_id_numbers(world, signed_in):
    first = world.receive()
    second = world.receive()
    Dossier.objects.filter(pk=second.pk).update(
        applicant_name="Đỗ Thị Hương", applicant_id_number="001199000111"
    )
    client = signed_in(world.reception)
    url = reverse("backoffice:to_receive")
    assert codes(client.get(url, {"q": "do thi huong"})) == {second.code}
    assert codes(client.get(url, {"q": "NGUYEN van"})) == {first.code}
    assert codes(client.get(url, {"q": "0011990"})) == {second.code}
    assert codes(client.get(url, {"q": first.code[-9:]})) == {first.code}
    assert codes(client.get(url, {"channel": "online"})) == set()
    assert codes(client.get(url, {"date_from": "2026-03-02", "date_to": "2026-03-02"})) == {
        first.code,
        second.code,
    }
    assert codes(client.get(url, {"date_from": "2026-03-03"})) == set()
    # The filter form updates only the results when htmx asks.
    partial = client.get(
        url, {"q": "huong"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="worklist-results"
    )
    assert "<html" not in partial.content.decode()
    assert second.code in partial.content.decode()


def test_worklists_are_paginated_by_twenty_five(world, signed_in):
    for _ in range(26):
        world.receive()
    client = signed_in(world.reception)
    first = client.get(reverse("backoffice:to_receive"))
    assert len(first.context["rows"]) == 25
    assert "Trang 1/2" in first.content.decode()
    second = client.get(reverse("backoffice:to_receive"), {"trang": 2})
    assert len(second.context["rows"]) == 1


def test_bulk_assignment_reports_each_dossier_that_failed_and_why(world, signed_in):
    dossiers = [world.receive() for _ in range(3)]
    for dossier in dossiers:
        perform_action(dossier, "accept", world.reception)
        dossier.refresh_from_db()
    fresh, also_fresh, stale = dossiers
    stale_version = stale.version
    perform_action(stale, "withdraw", world.reception, note="Công dân rút hồ sơ")

    client = signed_in(world.head)
    page = client.get(reverse("backoffice:to_assign")).content.decode()
    assert f'value="{fresh.pk}:{fresh.version}"' in page
    assert world.specialist.get_full_name() in page
    response = client.post(
        reverse("backoffice:bulk_assign"),
        {
            "assignee": world.specialist.pk,
            "dossiers": [
                f"{fresh.pk}:{fresh.version}",
                f"{also_fresh.pk}:{also_fresh.version}",
                f"{stale.pk}:{stale_version}",
            ],
        },
        follow=True,
    )
    text = response.content.decode()
    assert f"Đã phân công 2 hồ sơ cho {world.specialist.get_full_name()}" in text
    assert f"Hồ sơ {stale.code} chưa được phân công: Hồ sơ đã thay đổi sau khi bạn mở." in text
    assignees = dict(Dossier.objects.values_list("pk", "assignee_id"))
    assert assignees == {
        fresh.pk: world.specialist.pk,
        also_fresh.pk: world.specialist.pk,
        stale.pk: None,
    }


def test_bulk_assignment_needs_a_choice(world, signed_in):
    response = signed_in(world.head).post(
        reverse("backoffice:bulk_assign"), {"assignee": world.specialist.pk}, follow=True
    )
    assert "Chưa chọn hồ sơ nào" in response.content.decode()


def test_a_worklist_marks_dossiers_whose_fees_are_unpaid(client, world):
    from django.urls import reverse

    from motcua.catalog.models import FeeItem
    from motcua.dossiers.services import perform_action
    from motcua.payments.services import request_payment

    FeeItem.objects.create(version=world.version, name="Lệ phí", amount_vnd=200_000)
    dossier = world.receive()
    perform_action(dossier, "accept", world.reception)
    request_payment(dossier)
    client.force_login(world.head)
    page = client.get(reverse("backoffice:to_assign")).content.decode()
    assert dossier.code in page and "Chưa nộp phí" in page


def test_dossiers_on_processes_built_from_one_template_share_the_worklists(world, signed_in):
    client = signed_in(world.reception)
    # Counted once before the new processes: what the counts keep must not hide them after.
    assert counts(client.get(reverse("backoffice:to_receive")))["to_receive"] == 0
    standard = ProcessVersion.objects.get(code="standard", status=ProcessVersion.Status.ACTIVE)
    same_day = ProcessVersion.objects.get(code="same_day", status=ProcessVersion.Status.ACTIVE)
    copies = ProcessVersion.objects.bulk_create(
        ProcessVersion(
            code=f"tu-phap-{n}", version=1, name=f"Quy trình {n}", document=standard.document
        )
        for n in range(3)
    )

    def moved(process, step):
        dossier = world.receive()
        Dossier.objects.filter(pk=dossier.pk).update(process_version=process, step=step)
        return dossier

    expected = {
        world.receive(),  # the standard process, at reception
        *(moved(copy, "reception") for copy in copies),
        # A supplement brought back to the desk during appraisal: a step of the standard
        # process (and of its copies) where the reception officer acts.
        moved(copies[1], "awaiting_appraisal_supplement"),
        moved(same_day, "reception"),
    }
    # The same-day process has no such step: a dossier recorded there waits in no list.
    moved(same_day, "awaiting_appraisal_supplement")

    response = client.get(reverse("backoffice:to_receive"))
    assert codes(response) == {d.code for d in expected}
    assert counts(response)["to_receive"] == len(expected)


def test_the_menu_counts_are_the_lengths_of_the_lists_for_every_role(world):
    """The menu counts each list in one query of its own; it must count what the list shows,
    whichever role reads it: a dossier held by the agency, received by its desk, or sent to it
    in parallel (liên thông song song), near due, overdue, assigned or not."""
    now = timezone.now()
    world.receive(when=now - timedelta(minutes=5))  # at reception
    accepted = world.receive(when=now - timedelta(days=1))
    perform_action(accepted, "accept", world.reception)
    assigned = world.receive(when=now - timedelta(days=1))
    perform_action(assigned, "accept", world.reception)
    perform_action(assigned, "assign", world.head, data={"assignee": world.specialist.pk})
    Dossier.objects.filter(pk=assigned.pk).update(due_at=now + timedelta(hours=2))
    late = world.receive(when=at(2026, 3, 2))
    perform_action(late, "accept", world.reception, at=at(2026, 3, 2))
    unassigned = world.receive()  # a same-day process: open to every specialist
    same_day = ProcessVersion.objects.get(code="same_day", status=ProcessVersion.Status.ACTIVE)
    Dossier.objects.filter(pk=unassigned.pk).update(process_version=same_day, step="processing")
    Transfer.objects.create(
        dossier=accepted,
        mode=Transfer.Mode.PARALLEL,
        from_agency=world.justice,
        to_agency=world.construction,
        sent_at=now,
    )
    admin = make_user("quantri", None, StaffRole.PROVINCE_ADMIN)
    staff = [
        world.reception, world.head, world.specialist, world.leader, world.other_reception,
        world.other_specialist, world.other_head, world.other_leader, admin,
    ]  # fmt: skip
    seen = 0
    for user in staff:
        counts = worklists.counts_for(user, now)
        mine = worklists.worklists_for(user)
        assert list(counts) == [w.slug for w in mine], user
        lengths = {w.slug: w.dossiers(user, now).count() for w in mine}
        assert counts == lengths, user
        seen += sum(lengths.values())
    # The partner agency's head sees the dossier sent to it, and every list was exercised.
    assert worklists.counts_for(world.other_head, now)["to_assign"] == 1
    assert seen > 10


def test_a_worklist_condition_that_needs_a_join_is_refused_by_the_menu_counts():
    with pytest.raises(ValueError):
        worklists._sql(Q(agency__name="Sở Tư pháp"))


def test_an_official_who_reads_the_site_in_english_keeps_their_roles(world, signed_in):
    """Roles are the Vietnamese-named groups; the page's language must not change who may do
    what (before, an official who chose English held no role and was refused the back office)."""
    from django.conf import settings

    dossier = world.receive()
    perform_action(dossier, "accept", world.reception)
    client = signed_in(world.head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("backoffice:to_assign"))
    assert response.status_code == 200
    assert codes(response) == {dossier.code}
    assert counts(response)["to_assign"] == 1
    page = response.content.decode()
    assert "Dossier code" in page  # the page is in English
    # The bulk assignment offers the agency's specialists.
    assert world.specialist.get_full_name() in page
    assert world.head.has_role(StaffRole.DEPARTMENT_HEAD)
