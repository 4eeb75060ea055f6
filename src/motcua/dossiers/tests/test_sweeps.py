"""Deadline sweeps alert the right people, once per due time."""

from motcua.dossiers.services import perform_action
from motcua.dossiers.sweeps import sweep
from motcua.dossiers.tests.conftest import at
from motcua.notifications.selectors import messages_for_subject


def assigned(world, when):
    dossier = world.receive(when)
    perform_action(dossier, "accept", world.reception, at=when)  # 3 working days
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk}, at=when)
    dossier.refresh_from_db()
    return dossier


def alerts(dossier, event):
    return [m.user.username for m in messages_for_subject(dossier) if m.event == event]


def test_a_dossier_due_within_a_working_day_alerts_its_assignee_and_head_once(world):
    dossier = assigned(world, at(2026, 3, 2, 10))  # due Thursday 05/03 10:00
    assert sweep(at(2026, 3, 3, 9)).near_due == []  # two working days left
    report = sweep(at(2026, 3, 4, 11))  # 7 working hours left
    assert report.near_due == [dossier.code]
    assert sorted(alerts(dossier, "dossier_near_due")) == ["chuyenvien", "truongphong"]
    assert sweep(at(2026, 3, 4, 15)).near_due == []  # already told about this due time


def test_an_overdue_dossier_is_reported_overdue_once(world):
    dossier = assigned(world, at(2026, 3, 2, 10))
    report = sweep(at(2026, 3, 5, 11))
    assert report.overdue == [dossier.code]
    assert sweep(at(2026, 3, 6, 9)).overdue == []
    assert sorted(alerts(dossier, "dossier_overdue")) == ["chuyenvien", "truongphong"]


def test_a_decided_dossier_is_never_alerted(world):
    from motcua.dossiers.models import DossierDocument

    dossier = assigned(world, at(2026, 3, 2, 10))
    DossierDocument.objects.create(dossier=dossier, kind="result", name="Kết quả")
    perform_action(dossier, "propose", world.specialist, at=at(2026, 3, 3, 9))
    perform_action(dossier, "submit_for_signature", world.head, at=at(2026, 3, 3, 10))
    perform_action(dossier, "approve", world.leader, at=at(2026, 3, 3, 11))
    assert sweep(at(2026, 3, 9, 9)).overdue == []
