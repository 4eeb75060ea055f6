"""Satisfaction, online payment and digitisation (reports/quality.py): counted by hand on the
March province, scored in Decision 766 and Circular 01/2018 indicator 7, shown on the public
page (also per agency), frozen in a published report and given by the API."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.dossiers.models import DossierDocument
from motcua.dossiers.tests.conftest import at
from motcua.payments.models import Payment, PaymentRequest
from motcua.portal.models import SatisfactionRating
from motcua.reports import periods, quality, snapshots
from motcua.reports.indicators import circular_indicators, decision_766_score
from motcua.reports.selectors import Scope, processing_report
from motcua.reports.tests.test_published_and_api import province_admin  # noqa: F401

pytestmark = pytest.mark.django_db

MARCH = periods.month(2026, 3)


def rate(march, dossier, when, overall, staff, timeliness, transparency, contacts):
    rating = SatisfactionRating.objects.create(
        dossier=dossier,
        user=march.world.citizen,
        agency=dossier.agency,
        overall=overall,
        staff_attitude=staff,
        timeliness=timeliness,
        transparency=transparency,
        contacts=contacts,
    )
    SatisfactionRating.objects.filter(pk=rating.pk).update(created_at=when)


def pay(dossier, gateway, when, status=Payment.Status.CONFIRMED, duplicate=False):
    request, _ = PaymentRequest.objects.get_or_create(
        dossier=dossier,
        defaults={
            "agency": dossier.agency,
            "amount_vnd": 200_000,
            "requested_at": when - timedelta(days=1),
            "due_at": when + timedelta(days=3),
            "status": PaymentRequest.Status.PAID,
            "paid_at": when,
        },
    )
    Payment.objects.create(
        request=request,
        gateway=gateway,
        reference=f"{dossier.pk}-{gateway}-{Payment.objects.count()}",
        amount_vnd=200_000,
        status=status,
        created_at=when,
        paid_at=when,
        confirmed_at=when,
        is_duplicate=duplicate,
    )


@pytest.fixture
def rated(march):
    """Ratings, payments and scans for March (letters as in conftest.py)."""
    # Ratings at Sở Tư pháp in March: C very satisfied, A neutral, N unsatisfied.
    rate(march, march.C, at(2026, 3, 4, 9), 5, 5, 4, 5, 1)
    rate(march, march.A, at(2026, 3, 5, 9), 3, 3, 2, 4, 2)
    rate(march, march.N, at(2026, 3, 6, 9), 2, 1, 3, 3, 3)
    rate(march, march.O, at(2026, 3, 6, 9), 5, 5, 5, 5, 1)  # Sở Xây dựng: another agency
    rate(march, march.E, at(2026, 4, 2, 9), 5, 5, 5, 5, 1)  # April: another period
    # Payments confirmed in March: C in cash, D through VNPay (and a duplicate notice of it),
    # E through VNPay but refunded; O (another agency) through VNPay.
    pay(march.C, "cash", at(2026, 3, 3, 9))
    pay(march.D, "vnpay", at(2026, 3, 3, 9))
    pay(march.D, "vnpay", at(2026, 3, 3, 10), duplicate=True)
    pay(march.E, "vnpay", at(2026, 3, 3, 9), status=Payment.Status.REFUNDED)
    pay(march.O, "vnpay", at(2026, 3, 3, 9))
    # Every document presented for C and D has its scan; F has one of its two.
    for dossier in (march.C, march.D):
        DossierDocument.objects.filter(dossier=dossier, kind="submitted", present=True).update(
            file="dossiers/2026/03/scan.pdf"
        )
    first = DossierDocument.objects.filter(dossier=march.F, kind="submitted", present=True).first()
    first.file = "dossiers/2026/03/scan.pdf"
    first.save(update_fields=["file"])
    return march


def justice(march):
    return Scope(agency_ids=frozenset({march.world.justice.pk}))


def test_quality_figures_are_counted_from_ratings_payments_and_scans(rated):
    measured = quality.measure(MARCH, justice(rated))
    satisfaction = measured.satisfaction
    assert (satisfaction.rated, satisfaction.satisfied) == (3, 1)
    assert satisfaction.averages == {
        "overall": Decimal("3.3"),  # (5 + 3 + 2) / 3
        "staff_attitude": Decimal("3.0"),  # (5 + 3 + 1) / 3
        "timeliness": Decimal("3.0"),  # (4 + 2 + 3) / 3
        "transparency": Decimal("4.0"),  # (5 + 4 + 3) / 3
    }
    assert satisfaction.contacts == Decimal("2.0")
    figures = {m.key: (m.numerator, m.denominator, m.rate) for m in measured.measures}
    received = processing_report(MARCH, "province", justice(rated)).grand_total.values["received"]
    assert received == 8
    assert figures == {
        "satisfaction_rate": (1, 3, 33.3),
        "online_payment_rate": (1, 2, 50.0),  # D online; C cash; E refunded; duplicate once
        "digitised_rate": (2, 8, 25.0),  # C and D fully scanned; F only in part
    }
    # The province: O's rating and payment count too.
    province = {m.key: (m.numerator, m.denominator) for m in quality.measure(MARCH).measures}
    assert province["satisfaction_rate"] == (2, 4)
    assert province["online_payment_rate"] == (2, 3)


def test_the_quality_rates_are_scored_and_staff_attitude_is_indicator_7(rated):
    score = decision_766_score(MARCH, justice(rated))
    earned = {
        item.component.code: item.earned for group in score["groups"] for item in group["items"]
    }
    assert earned["satisfaction"] == Decimal("5.99")  # 18 × 33.3 %
    assert earned["online_payment"] == Decimal("4.00")  # 8 × 50 %
    assert earned["digitised"] == Decimal("2.00")  # 8 × 25 %
    assert score["measurable"] == Decimal(76)  # only publicity and data reuse are not measured
    indicators = {i.number: i for i in circular_indicators(MARCH, justice(rated))["items"]}
    # 7: C's attitude 5 → 2 points, A's 3 → 1, N's 1 → 0: 3 / 3 ratings = 1.0
    assert indicators[7].score == Decimal("1.0") and indicators[7].dossiers == 3


def test_without_ratings_or_payments_the_rates_say_so_instead_of_zero(march):
    measured = quality.measure(periods.month(2026, 1), justice(march))
    assert [m.rate for m in measured.measures] == [None, None, None]
    score = decision_766_score(periods.month(2026, 1), justice(march))
    statuses = {
        item.component.code: str(item.status) for g in score["groups"] for item in g["items"]
    }
    assert statuses["satisfaction"] == "Không có hồ sơ trong kỳ"


def test_the_public_page_shows_satisfaction_for_the_province_and_one_agency(client, rated):
    url = reverse("reports:public")
    page = client.get(url + "?nam=2026&thang=3").content.decode()
    assert "Mức độ hài lòng và chất lượng phục vụ" in page
    assert "4 lượt đánh giá" in page  # the province: C, A, N and O
    agency = client.get(url + f"?nam=2026&thang=3&co_quan={rated.world.justice.pk}")
    text = agency.content.decode()
    assert "3 lượt đánh giá" in text and rated.world.justice.name in text
    assert (
        rated.world.construction.name
        not in text.split('id="agencies-title"')[1].split("</table>")[0]
    )  # the table lists the chosen agency only
    assert "33,3" in text or "33.3" in text
    assert client.get(url + "?nam=2026&co_quan=999999").status_code == 404
    assert client.get(url + "?nam=2026&co_quan=abc").status_code == 404


def test_a_published_period_keeps_its_satisfaction_figures(client, rated, province_admin):  # noqa: F811
    publication = snapshots.publish_report(MARCH, province_admin, now=at(2026, 4, 10, 9))
    assert publication.figures["quality"]["satisfaction"]["rated"] == 4
    # A late rating dated in March does not change the published page.
    rate(rated, rated.F, at(2026, 3, 20, 9), 1, 1, 1, 1, 4)
    page = client.get(reverse("reports:public") + "?nam=2026&thang=3").content.decode()
    assert "4 lượt đánh giá" in page and "5 lượt đánh giá" not in page


def test_the_indicators_api_gives_the_quality_figures(client, rated, province_admin):  # noqa: F811
    client.force_login(province_admin)
    url = reverse("api-report-indicators") + "?period=month&year=2026&month=3"
    data = client.get(url).json()
    measures = {m["key"]: m for m in data["quality"]["measures"]}
    assert measures["online_payment_rate"]["numerator"] == 2
    assert measures["online_payment_rate"]["rate"] == pytest.approx(66.7)
    assert data["quality"]["satisfaction"]["rated"] == 4
    page = client.get(reverse("reports:indicators") + "?period=month&year=2026&month=3")
    assert "Mức độ hài lòng và chất lượng phục vụ" in page.content.decode()
