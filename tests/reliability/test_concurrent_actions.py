"""A thousand conflicting actions on a hundred dossiers at once (officers clicking on pages
that are already stale): each dossier's history is a valid path of its process, every
successful action wrote exactly one event and no other did, the hash chains verify, and every
refusal is a clear engine error (a conflict, or an action no longer possible), never a crash."""

from __future__ import annotations

import queue
import random
import threading

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import DossierError, perform_action, verify_chain
from motcua.dossiers.tests.conftest import world  # noqa: F401 - fixture

DOSSIERS = 100
ACTIONS_PER_DOSSIER = 10
THREADS = 16


def plan(world):  # noqa: F811
    """Ten actions per dossier that race each other: three officers accepting, one refusing,
    one asking for a supplement and one handing it in, two heads assigning, one withdrawal
    and one stop; half of them sent with the version the officer's page showed."""
    return [
        ("accept", world.reception, "", {}),
        ("accept", world.reception, "", {}),
        ("accept", world.reception, "", {}),
        ("refuse", world.reception, "Sai thẩm quyền", {}),
        ("request_supplement", world.reception, "Bổ sung bản sao Căn cước", {}),
        ("submit_supplement", world.reception, "", {}),
        ("assign", world.head, "", {"assignee": world.specialist.pk}),
        ("assign", world.head, "", {"assignee": world.specialist.pk}),
        ("withdraw", world.reception, "Công dân xin rút", {}),
        ("stop_processing", world.head, "Công dân không bổ sung", {}),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_thousand_racing_actions_make_only_valid_paths_and_lose_no_event(world):  # noqa: F811
    dossiers = [world.receive().pk for _ in range(DOSSIERS)]
    work = [
        (pk, *action, index % 2 == 0) for pk in dossiers for index, action in enumerate(plan(world))
    ]
    assert len(work) == DOSSIERS * ACTIONS_PER_DOSSIER == 1000
    random.Random(11).shuffle(work)
    tasks: queue.Queue = queue.Queue()
    for item in work:
        tasks.put(item)
    outcomes: list[tuple[int, str, str, str]] = []  # dossier, action, "ok" or error code, message
    crashes: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def officer():
        start.wait()
        try:
            while True:
                try:
                    pk, action, actor, note, data, with_version = tasks.get_nowait()
                except queue.Empty:
                    return
                expected = (
                    Dossier.objects.values_list("version", flat=True).get(pk=pk)
                    if with_version
                    else None
                )
                try:
                    perform_action(
                        pk, action, actor, note=note, data=data, expected_version=expected
                    )
                except DossierError as error:
                    outcomes.append((pk, action, error.code, error.message))
                except BaseException as error:
                    crashes.append(error)
                else:
                    outcomes.append((pk, action, "ok", ""))
        finally:
            connection.close()

    threads = [threading.Thread(target=officer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert crashes == []
    assert len(outcomes) == 1000
    successes = sum(1 for outcome in outcomes if outcome[2] == "ok")
    assert successes >= DOSSIERS  # every dossier moved at least once
    refusals = {(code, message) for _pk, _action, code, message in outcomes if code != "ok"}
    for code, message in refusals:
        assert code in {
            "locked",
            "stale_version",
            "no_such_action",
            "closed",
            "role",  # the step moved on to one where this officer has no part
            "mandatory_documents_present",
        }, (code, message)
        assert message and message[0].isupper()
    conflicts = [o for o in outcomes if o[2] in {"locked", "stale_version"}]
    assert conflicts, "no two officers ever collided: the test raced nothing"
    assert {o[3] for o in conflicts} <= {
        "Hồ sơ đang được người khác xử lý. Vui lòng tải lại và thử lại.",
        "Hồ sơ đã thay đổi sau khi bạn mở. Vui lòng tải lại trang.",
    }

    # No lost event and no phantom one: one event per reception and per successful action.
    assert DossierEvent.objects.filter(dossier_id__in=dossiers).count() == DOSSIERS + successes
    succeeded_per_dossier = dict.fromkeys(dossiers, 0)
    for pk, _action, code, _message in outcomes:
        succeeded_per_dossier[pk] += code == "ok"
    for dossier in Dossier.objects.filter(pk__in=dossiers).select_related("process_version"):
        definition = dossier.process_version.definition()
        events = list(dossier.events.order_by("sequence"))
        assert [e.sequence for e in events] == list(range(1, len(events) + 1))
        assert len(events) == 1 + succeeded_per_dossier[dossier.pk]
        assert dossier.version == len(events)
        step = events[0].to_step
        assert step == definition.initial
        for event in events[1:]:
            action = definition.action(event.from_step, event.action)
            assert event.from_step == step, (dossier.code, [e.action for e in events])
            assert action is not None and event.to_step == action.target, event.action
            step = event.to_step
        assert dossier.step == step
        assert verify_chain(dossier), dossier.code
