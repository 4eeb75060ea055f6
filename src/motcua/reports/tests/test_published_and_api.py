"""Published reports (frozen figures of a closed period) and the /api/v1/reports endpoints."""

import csv
import hashlib
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from motcua.accounts.roles import StaffRole, group_name
from motcua.dossiers.clients import issue_token
from motcua.dossiers.models import IntegrationClient
from motcua.dossiers.services import ApplicantData, perform_action, receive_dossier
from motcua.dossiers.tests.conftest import at
from motcua.reports.models import PublishedReport

pytestmark = pytest.mark.django_db

MARCH = "period=month&year=2026&month=3"


@pytest.fixture
def province_admin(march):
    user = march.world.reception.__class__.objects.create_user(
        username="qt.tinh", password="x", full_name="Quản trị tỉnh", kind="staff"
    )
    user.groups.add(Group.objects.get_or_create(name=group_name(StaffRole.PROVINCE_ADMIN))[0])
    return user


def late_correction(march):
    """A dossier of 20/03 entered in November: March's count changes after publication."""
    w = march.world
    dossier = receive_dossier(
        agency=w.justice,
        procedure_version=w.version,
        channel="counter",
        applicant=ApplicantData(name="Phạm Thị Dung", phone="0912345678"),
        actor=w.reception,
        present_documents=[w.form.pk, w.id_card.pk],
        at=at(2026, 3, 20, 9),
    )
    perform_action(dossier, "accept", w.reception, at=at(2026, 3, 20, 10))


def test_published_figures_stay_and_staff_see_what_changed_since(client, march, province_admin):
    publish = reverse("reports:publications")
    client.force_login(march.world.leader)  # an agency's leader cannot publish the province's
    assert client.post(publish, {"period": "month", "year": 2026, "month": 3}).status_code == 403

    client.force_login(province_admin)
    response = client.post(publish, {"period": "month", "year": 2026, "month": 3})
    publication = PublishedReport.objects.get()
    assert response.url == reverse("reports:publication", args=[publication.pk])
    assert publication.published_by == province_admin
    canonical = json.dumps(
        publication.figures, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert publication.checksum == hashlib.sha256(canonical.encode()).hexdigest()
    assert publication.figures["grand_total"]["values"]["received"] == 10
    with pytest.raises(ValueError):
        publication.save()
    again = client.post(publish, {"period": "month", "year": 2026, "month": 3})
    assert "đã được công bố" in again.content.decode()
    open_month = client.post(publish, {"period": "month", "year": 2026, "month": 12})
    assert "kỳ đã kết thúc" in open_month.content.decode()
    assert PublishedReport.objects.count() == 1

    late_correction(march)
    client.logout()
    page = client.get(reverse("reports:public") + "?nam=2026&thang=3")
    assert page.context["total"]["received"] == 10  # the published figure, not today's 11
    assert 'id="published-notice"' in page.content.decode()
    unpublished = client.get(reverse("reports:public") + "?nam=2026&thang=2")
    assert 'id="published-notice"' not in unpublished.content.decode()

    client.force_login(province_admin)
    detail = client.get(reverse("reports:publication", args=[publication.pk]))
    changes = {(c.row, c.metric.key): (c.published, c.today) for c in detail.context["changes"]}
    assert changes[("Tổng cộng", "received")] == (10, 11)
    justice = next(
        r for r in publication.figures["rows"] if r["label"] == "Sở Tư pháp tỉnh Quảng Ninh"
    )
    counter = justice["values"]["received_counter"]
    assert changes[("Sở Tư pháp tỉnh Quảng Ninh", "received_counter")] == (counter, counter + 1)
    assert ("Sở Xây dựng", "received") not in changes
    client.force_login(march.world.leader)
    assert client.get(reverse("reports:publication", args=[publication.pk])).status_code == 403


def test_the_reports_api_is_scoped_like_the_pages(client, march, province_admin):
    url = reverse("api-report-processing") + "?" + MARCH
    assert client.get(url).status_code == 401  # the bearer scheme is announced
    client.force_login(march.world.citizen)
    assert client.get(url).status_code == 403

    client.force_login(province_admin)
    data = client.get(url + "&group_by=agency").json()
    assert data["period"]["first_day"] == "2026-03-01"
    assert data["grand_total"]["values"]["received"] == 10
    assert [row["label"] for row in data["rows"]] == [
        "Sở Tư pháp tỉnh Quảng Ninh",
        "Sở Xây dựng",
        "UBND phường Hạ Long",
    ]
    assert next(m for m in data["metrics"] if m["key"] == "resolved_late")["source"]

    justice, construction = march.world.justice, march.world.construction
    client.force_login(march.world.other_reception)  # Sở Xây dựng's staff
    own = client.get(url).json()
    assert [row["key"] for row in own["rows"]] == [construction.pk]
    assert client.get(url + f"&agency={justice.pk}").status_code == 403

    client.logout()
    integration = IntegrationClient.objects.create(name="Hệ thống ngành", agency=justice)
    token = issue_token(integration)
    by_token = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [row["key"] for row in by_token["rows"]] == [justice.pk]

    client.force_login(province_admin)
    response = client.get(reverse("api-report-processing-csv") + "?" + MARCH)
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["key", "label", "source", "to_handle"]
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert (total["label"], total["received"]) == ("Tổng cộng", "10")

    indicators = client.get(reverse("api-report-indicators") + "?" + MARCH).json()
    assert len(indicators["circular_01_2018"]["items"]) == 9
    assert indicators["decision_766"]["points"] == 100
