"""The rules of each action (Decree 61/2018 kept by Decree 118/2025; REQUIREMENTS.md §3, §6)."""

import pytest
from django.db import DatabaseError, transaction

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierSlip
from motcua.dossiers.permissions import can_view
from motcua.dossiers.services import NotAllowed, PreconditionFailed, perform_action, verify_chain
from motcua.dossiers.tasks import process_event_followups
from motcua.dossiers.tests.conftest import at


def attach_result(dossier):
    DossierDocument.objects.create(
        dossier=dossier, kind="result", name="Phiếu lý lịch tư pháp số 1"
    )


def run_to_appraisal(world, dossier, when):
    perform_action(dossier, "accept", world.reception, at=when)
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk}, at=when)


def test_accepting_starts_the_clock_and_issues_a_receipt(world):
    # Received Friday 13/02/2026 10:00, 3 working days: Tết (14-22/02) is skipped → 25/02 10:00.
    dossier = world.receive(at(2026, 2, 13, 9))
    event = perform_action(dossier, "accept", world.reception, at=at(2026, 2, 13, 10))
    dossier.refresh_from_db()
    assert dossier.received_at == at(2026, 2, 13, 10)
    assert dossier.due_at == at(2026, 2, 25, 10)
    assert dossier.step == "assignment"
    assert event.payload["due_at"] == "2026-02-25T10:00:00+07:00"

    process_event_followups(event_id=event.pk)
    slip = DossierSlip.objects.get(dossier=dossier, kind="receipt")
    assert slip.file.read().startswith(b"%PDF-")


def test_a_dossier_missing_a_mandatory_document_cannot_be_accepted(world):
    dossier = world.receive(complete=False)
    with pytest.raises(PreconditionFailed) as error:
        perform_action(dossier, "accept", world.reception)
    assert error.value.message == "Còn thiếu giấy tờ bắt buộc: Căn cước."
    perform_action(dossier, "request_supplement", world.reception, note="Bổ sung bản sao Căn cước")
    dossier.refresh_from_db()
    assert dossier.step == "awaiting_supplement"
    assert dossier.supplement_request == "Bổ sung bản sao Căn cước"


def test_refusal_needs_a_reason(world):
    dossier = world.receive()
    with pytest.raises(PreconditionFailed, match="Cần ghi rõ lý do"):
        perform_action(dossier, "refuse", world.reception, note="  ")


def test_only_the_roles_of_the_step_may_act(world):
    dossier = world.receive()
    with pytest.raises(NotAllowed) as error:
        perform_action(dossier, "accept", world.specialist)
    assert error.value.code == "role"
    with pytest.raises(NotAllowed):
        perform_action(dossier, "no-such-action", world.reception)


def test_staff_of_another_agency_can_neither_see_nor_act(world):
    dossier = world.receive()
    assert not can_view(world.other_reception, dossier)
    with pytest.raises(NotAllowed):
        perform_action(dossier, "accept", world.other_reception)
    assert can_view(world.reception, dossier)


def test_the_applicant_withdraws_their_own_dossier_and_only_theirs(world):
    mine = world.receive(applicant_user=world.citizen)
    assert can_view(world.citizen, mine) and not can_view(world.other_citizen, mine)
    with pytest.raises(NotAllowed):
        perform_action(mine, "withdraw", world.other_citizen, note="Không cần nữa")
    perform_action(mine, "withdraw", world.citizen, note="Không cần nữa")
    mine.refresh_from_db()
    assert (mine.step, mine.outcome) == ("withdrawn", "withdrawn")


def test_supplement_during_appraisal_is_allowed_only_within_three_working_days(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    run_to_appraisal(world, dossier, at(2026, 3, 2, 10))  # Monday
    late = world.receive(at(2026, 3, 2, 9))
    run_to_appraisal(world, late, at(2026, 3, 2, 10))

    perform_action(
        dossier, "request_supplement", world.specialist, note="Thiếu xác nhận", at=at(2026, 3, 5, 9)
    )  # Thursday: within 3 working days
    with pytest.raises(PreconditionFailed) as error:
        perform_action(
            late,
            "request_supplement",
            world.specialist,
            note="Thiếu xác nhận",
            at=at(2026, 3, 5, 11),
        )  # 3 days and 1 hour later
    assert error.value.message.startswith("Đã quá 03 ngày làm việc")


def test_the_complete_dossier_restarts_the_clock_from_zero(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    run_to_appraisal(world, dossier, at(2026, 3, 2, 10))
    perform_action(
        dossier,
        "request_supplement",
        world.specialist,
        note="Thiếu xác nhận",
        at=at(2026, 3, 3, 10),
    )
    perform_action(dossier, "submit_supplement", world.reception, at=at(2026, 3, 9, 14))
    dossier.refresh_from_db()
    # Monday 09/03 14:00 + 3 working days = Thursday 12/03 14:00.
    assert dossier.due_at == at(2026, 3, 12, 14)
    assert dossier.events.last().payload["clock"] == "restarted"


def test_the_due_date_can_be_extended_once_and_not_at_the_last_minute(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    run_to_appraisal(world, dossier, at(2026, 3, 2, 10))  # due Thursday 05/03 10:00
    with pytest.raises(PreconditionFailed, match="chậm nhất 01 ngày làm việc"):
        perform_action(
            dossier,
            "apologize",
            world.specialist,
            note="Chờ xác minh",
            data={"new_due": "2026-03-10T10:00+07:00"},
            at=at(2026, 3, 5, 8),
        )
    perform_action(
        dossier,
        "apologize",
        world.specialist,
        note="Chờ xác minh",
        data={"new_due": "2026-03-10T10:00+07:00"},
        at=at(2026, 3, 4, 9),
    )
    dossier.refresh_from_db()
    assert dossier.due_at == at(2026, 3, 10, 10)
    with pytest.raises(PreconditionFailed, match="chỉ cho phép hẹn lại một lần"):
        perform_action(
            dossier,
            "apologize",
            world.specialist,
            note="Lần nữa",
            data={"new_due": "2026-03-20T10:00+07:00"},
            at=at(2026, 3, 5, 9),
        )


def test_the_standard_path_ends_returned_early_with_an_intact_event_chain(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    run_to_appraisal(world, dossier, at(2026, 3, 2, 10))
    attach_result(dossier)
    perform_action(dossier, "propose", world.specialist, at=at(2026, 3, 3, 9))
    perform_action(dossier, "submit_for_signature", world.head, at=at(2026, 3, 3, 10))
    perform_action(dossier, "approve", world.leader, at=at(2026, 3, 3, 14))
    perform_action(dossier, "return_result", world.reception, at=at(2026, 3, 4, 8))
    dossier.refresh_from_db()
    assert (dossier.step, dossier.outcome, dossier.timeliness) == ("returned", "approved", "early")
    assert [e.action for e in dossier.events.all()] == [
        "submit",
        "accept",
        "assign",
        "propose",
        "submit_for_signature",
        "approve",
        "return_result",
    ]
    assert verify_chain(dossier)


def test_events_cannot_be_edited_or_deleted(world):
    dossier = world.receive()
    event = dossier.events.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).update(note="sửa lén")
    with pytest.raises(DatabaseError), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).delete()


def test_each_step_gets_its_own_deadline_within_the_dossiers(world):
    dossier = world.receive(at(2026, 3, 2, 9))
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    dossier.refresh_from_db()
    # "assignment" takes half a day in the standard template: Monday 10:00 + 4 working hours
    # = 11:30 (1 h 30) then 13:00 + 2 h 30 = 15:30.
    assert dossier.step_due_at == at(2026, 3, 2, 15, 30)
    perform_action(
        dossier, "assign", world.head, data={"assignee": world.specialist.pk}, at=at(2026, 3, 2, 11)
    )
    dossier.refresh_from_db()
    # "appraisal" takes 3 days but never past the dossier's due time (Thursday 10:00).
    assert dossier.step_due_at == dossier.due_at == at(2026, 3, 5, 10)


def test_inter_agency_transfer_keeps_one_code_and_the_receiving_agency(world):
    from motcua.workflow.services import active_version

    dossier = world.receive()
    Dossier.objects.filter(pk=dossier.pk).update(
        process_version=active_version("interagency_sequential")
    )
    dossier.refresh_from_db()
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    perform_action(dossier, "propose", world.specialist)
    perform_action(dossier, "transfer", world.leader, data={"to_agency": "000.00.10.H49"})
    dossier.refresh_from_db()
    assert dossier.current_agency == world.construction
    assert dossier.agency == world.justice  # statistics count it once, where it was received
    assert can_view(world.other_specialist, dossier)
    with pytest.raises(NotAllowed):
        perform_action(dossier, "propose", world.specialist)  # no longer at Sở Tư pháp
    perform_action(dossier, "propose", world.other_specialist)
    attach_result(dossier)
    perform_action(dossier, "approve", world.other_leader)
    dossier.refresh_from_db()
    assert dossier.current_agency == world.justice and dossier.step == "result_ready"
    perform_action(dossier, "return_result", world.reception)
    assert Dossier.objects.filter(code=dossier.code).count() == 1


def test_an_edited_event_breaks_the_chain(world):
    from django.db import connection

    dossier = world.receive(at(2026, 3, 2, 9))
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    assert verify_chain(dossier)
    with connection.cursor() as cursor:  # what only a database superuser could do
        cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        cursor.execute(
            "UPDATE dossiers_dossierevent SET note = 'sửa lén' "
            "WHERE dossier_id = %s AND sequence = 1",
            [dossier.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert not verify_chain(dossier)


def test_facts_that_do_not_move_the_dossier_join_the_same_chain(world):
    from motcua.dossiers.services import record_event

    dossier = world.receive(at(2026, 3, 2, 9))
    event = record_event(
        dossier, "payment_confirmed", "Đã nộp lệ phí", note="VNPay 1234", payload={"amount": 200000}
    )
    assert (event.from_step, event.to_step, event.sequence) == ("reception", "reception", 2)
    assert verify_chain(dossier)


def test_assignment_names_a_lead_co_handlers_and_followers_of_the_agency(world):
    from motcua.dossiers.tests.conftest import make_user

    colleague = make_user("chuyenvien2", world.justice)
    dossier = world.receive(at(2026, 3, 2, 9))
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    with pytest.raises(PreconditionFailed, match="phải thuộc cơ quan đang giữ"):
        perform_action(
            dossier,
            "assign",
            world.head,
            data={"assignee": world.specialist.pk, "co_handlers": [world.other_specialist.pk]},
        )
    event = perform_action(
        dossier,
        "assign",
        world.head,
        data={
            "assignee": world.specialist.pk,
            "co_handlers": [colleague.pk],
            "followers": [world.head.pk],
        },
    )
    dossier.refresh_from_db()
    assert dossier.assignee == world.specialist
    assert list(dossier.co_handlers.all()) == [colleague]
    assert list(dossier.followers.all()) == [world.head]
    assert event.payload["co_handlers"] == [{"id": colleague.pk, "name": "Chuyenvien2"}]
