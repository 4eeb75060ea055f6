"""Dossier codes and concurrent changes: no gap, no duplicate, never a double transition."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection, transaction

from motcua.dossiers.models import Dossier, DossierCodeSequence
from motcua.dossiers.services import Conflict, NotAllowed, perform_action
from motcua.dossiers.tests.conftest import at


def test_codes_follow_agency_day_and_a_daily_sequence(world):
    # Decree 61/2018 Art 26: <agency identifier>-YYMMDD-XXXX, XXXX a daily sequence per agency.
    first = world.receive(at(2026, 3, 2, 8))
    second = world.receive(at(2026, 3, 2, 15))
    next_day = world.receive(at(2026, 3, 3, 8))
    elsewhere = world.receive(at(2026, 3, 2, 9), agency=world.construction)
    assert [first.code, second.code, next_day.code] == [
        "000.00.07.H49-260302-0001",
        "000.00.07.H49-260302-0002",
        "000.00.07.H49-260303-0001",
    ]
    assert elsewhere.code == "000.00.10.H49-260302-0001"


def test_a_reception_that_rolls_back_gives_its_number_back(world):
    first = world.receive(at(2026, 3, 5, 8))
    with pytest.raises(RuntimeError), transaction.atomic():
        world.receive(at(2026, 3, 5, 9))  # numbered, then undone with the rest of its work
        raise RuntimeError("máy in phiếu tiếp nhận bị lỗi")
    second = world.receive(at(2026, 3, 5, 10))
    assert [first.code, second.code] == [
        "000.00.07.H49-260305-0001",
        "000.00.07.H49-260305-0002",
    ]
    # What is stored is the code the caller got (the number is taken after the row is written).
    assert list(Dossier.objects.order_by("pk").values_list("code", flat=True)) == [
        first.code,
        second.code,
    ]


def test_the_ten_thousandth_dossier_of_a_day_keeps_counting(world):
    DossierCodeSequence.objects.create(agency=world.justice, day=date(2026, 3, 6), last_number=9998)
    codes = [world.receive(at(2026, 3, 6, 8)).code, world.receive(at(2026, 3, 6, 9)).code]
    assert codes == ["000.00.07.H49-260306-9999", "000.00.07.H49-260306-10000"]
    assert Dossier.objects.filter(code__in=codes).count() == 2


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_receptions_get_fifty_consecutive_codes(world):
    def receive_one(_):
        try:
            return world.receive(at(2026, 3, 4, 9)).code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=25) as pool:
        codes = list(pool.map(receive_one, range(50)))
    assert sorted(codes) == [f"000.00.07.H49-260304-{n:04d}" for n in range(1, 51)]


@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_once_make_exactly_one_transition(world):
    dossier = world.receive()
    barrier = threading.Barrier(2)
    outcomes = []

    def act(action):
        try:
            barrier.wait()
            perform_action(
                dossier.pk, action, world.reception, note="Thiếu giấy tờ", at=at(2026, 3, 2, 11)
            )
            outcomes.append("ok")
        except (Conflict, NotAllowed) as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(a,)) for a in ("accept", "refuse")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes).count("ok") == 1
    dossier.refresh_from_db()
    assert dossier.events.count() == 2  # submit + exactly one of accept/refuse
    assert dossier.version == 2


def test_an_officer_acting_on_a_stale_page_gets_a_conflict(world):
    dossier = world.receive()
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 11))
    with pytest.raises(Conflict) as error:
        perform_action(dossier, "refuse", world.reception, note="x", expected_version=1)
    assert error.value.message == "Hồ sơ đã thay đổi sau khi bạn mở. Vui lòng tải lại trang."
    assert Dossier.objects.get(pk=dossier.pk).step == "assignment"
