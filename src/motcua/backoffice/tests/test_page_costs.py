"""What the back office's hot pages cost: queries per request pinned (a regression shows here),
independent of how many dossiers wait; and what a request reads once is still read afresh
when the data changes."""

import re
from datetime import datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import selectors
from motcua.dossiers.services import perform_action
from motcua.workflow.models import ProcessVersion
from motcua.worktime.models import WorkingPeriod, WorkingSchedule

pytestmark = pytest.mark.django_db

# Session, user, roles, process versions, procedures of the filter, count, page ids, page rows,
# the agency and its calendar's fingerprint (one query since issue 11; 4 before), the menu's
# counts, the portal profile, the statistics links.
WORKLIST_QUERIES = 16
# The same frame, the dossier with its transfers, events, documents, slips, payments, messages,
# and (for a head) the specialist lists of the assignment forms.
DOSSIER_QUERIES = 30


def test_the_worklist_reads_the_same_queries_for_one_dossier_or_thirty(
    world, signed_in, django_assert_max_num_queries
):
    client = signed_in(world.reception)
    url = reverse("backoffice:to_receive")
    world.receive()
    client.get(url)  # the process definition parsed, as in a running worker
    with django_assert_max_num_queries(WORKLIST_QUERIES):
        assert len(client.get(url).context["rows"]) == 1
    for _ in range(29):
        world.receive()
    with django_assert_max_num_queries(WORKLIST_QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.count == 30
    assert {i["worklist"].slug: i["count"] for i in response.context["menu"]}["to_receive"] == 30


def test_the_worklist_page_keeps_the_order_of_due_dates(world, signed_in):
    dossiers = [world.receive() for _ in range(3)]
    for dossier in dossiers:
        perform_action(dossier, "accept", world.reception)
    client = signed_in(world.head)
    rows = client.get(reverse("backoffice:to_assign")).context["rows"]
    due = [row["dossier"].due_at for row in rows]
    assert len(due) == 3 and due == sorted(due)


def test_the_dossier_page_reads_a_fixed_number_of_queries(
    world, signed_in, django_assert_max_num_queries
):
    dossier = world.receive()
    perform_action(dossier, "accept", world.reception)
    client = signed_in(world.head)
    url = reverse("backoffice:dossier", args=[dossier.code])
    client.get(url)  # the process definition parsed, as in a running worker
    with django_assert_max_num_queries(DOSSIER_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert [v["visit"].step.code for v in response.context["visits"]] == [
        "reception",
        "assignment",
    ]


def test_a_request_reads_a_calendar_once_and_again_after_a_change(world):
    selectors.start_request_memo()
    try:
        first = selectors.agency_calendar(world.justice)
        assert selectors.agency_calendar(world.justice) is first
        schedule = WorkingSchedule.objects.create(agency=world.justice)
        WorkingPeriod.objects.create(
            schedule=schedule, weekday=5, start=time(7, 30), end=time(11, 30)
        )
        changed = selectors.agency_calendar(world.justice)
        assert changed is not first
        saturday = timezone.make_aware(datetime(2026, 3, 7, 9, 0))  # a Saturday
        assert changed.is_working_time(saturday) != first.is_working_time(saturday)
    finally:
        selectors.end_request_memo()


def ids_elided(sql: str) -> str:
    """The SQL without its lists of ids and its instants (each request has its own "now")."""
    sql = re.sub(r"'[^']*'::timestamptz", "'…'::timestamptz", sql)
    return re.sub(r"IN \(\d+(, \d+)*\)", "IN (…)", sql)


def _menu_count_sql(client, url) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (sql,) = [q["sql"] for q in queries.captured_queries if 'COUNT("dossiers_dossier"' in q["sql"]]
    return sql


def test_the_menu_counts_do_not_grow_with_processes_built_from_one_template(world, signed_in):
    """A province approves hundreds of internal processes built from a few templates; each
    back-office page counts its menu's lists over all of them. Before, every process version
    added its own terms to that query (205 versions: 250,000 characters of SQL and 0.3 s of
    CPU per page)."""
    client = signed_in(world.reception)
    url = reverse("backoffice:to_receive")
    world.receive()
    before = _menu_count_sql(client, url)
    standard = ProcessVersion.objects.get(code="standard", status=ProcessVersion.Status.ACTIVE)
    ProcessVersion.objects.bulk_create(
        ProcessVersion(
            code=f"standard-{n}", version=1, name=f"Quy trình {n}", document=standard.document
        )
        for n in range(30)
    )
    after = _menu_count_sql(client, url)
    # The same query but for the new versions' ids in the lists of process versions.
    assert after.count('"step" IN') == before.count('"step" IN')
    assert ids_elided(after) == ids_elided(before)
