"""The persistent number series: consecutive, never duplicated under concurrency, per agency,
year and kind, on the real PostgreSQL database."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from motcua.catalog.models import AdministrativeUnit, Agency
from motcua.paperwork.models import SlipSeries
from motcua.paperwork.numbering import SeriesKind
from motcua.paperwork.services import next_number


def make_agency(identifier: str = "000.00.01.H49") -> Agency:
    province, _ = AdministrativeUnit.objects.get_or_create(
        scheme="2025", code="22", defaults={"name": "Tỉnh Quảng Ninh", "level": 1}
    )
    return Agency.objects.create(
        identifier=identifier,
        name="Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh",
        administrative_unit=province,
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_calls_get_twenty_distinct_consecutive_numbers():
    agency = make_agency()
    callers = 20
    start = threading.Barrier(callers)

    def take_a_number(_):
        try:
            start.wait(timeout=30)  # all threads ask at the same moment
            return next_number(agency, 2026, SeriesKind.APOLOGY)
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=callers) as pool:
        numbers = list(pool.map(take_a_number, range(callers)))

    assert sorted(numbers) == list(range(1, callers + 1))
    series = SlipSeries.objects.get(agency=agency, year=2026, kind=SeriesKind.APOLOGY)
    assert series.last_number == callers


@pytest.mark.django_db
def test_each_agency_year_and_kind_counts_on_its_own():
    centre, ward = make_agency(), make_agency("000.00.61.H49")
    assert [next_number(centre, 2026, SeriesKind.TRACKING_BOOK) for _ in range(3)] == [1, 2, 3]
    assert next_number(centre, 2026, SeriesKind.APOLOGY) == 1
    assert next_number(ward, 2026, SeriesKind.TRACKING_BOOK) == 1
    assert next_number(centre, 2027, SeriesKind.TRACKING_BOOK) == 1  # a new year starts at 1
    assert next_number(centre, 2026, "tracking_book") == 4


@pytest.mark.django_db
def test_a_number_taken_in_a_rolled_back_transaction_is_not_used_up():
    from django.db import transaction

    agency = make_agency()
    assert next_number(agency, 2026, SeriesKind.APOLOGY) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(agency, 2026, SeriesKind.APOLOGY) == 2
        raise RuntimeError("the slip could not be recorded")
    assert next_number(agency, 2026, SeriesKind.APOLOGY) == 2
