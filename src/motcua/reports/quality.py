"""The service-quality figures Decision 766/QĐ-TTg scores beside the processing report:
citizens' satisfaction, online payment and digitisation (REQUIREMENTS.md §7).

What it is for: the report's rates cover what the dossier row says (on time, online, end to end,
electronic result); these three come from the ratings (``portal.SatisfactionRating``), the
confirmed payments (``payments.Payment``) and the documents of each dossier. Like the report,
each figure is a count over rows with its definition and source, and never an estimate.

Definitions (our reading of Decision 766's indicators [T]; a province can drop a component from
its scoring scheme in the admin):

* Satisfaction: the ratings citizens gave in the period; "satisfied" is an overall score of 4
  (hài lòng) or 5 (rất hài lòng) on the five-point scale of the rating form. The averages of
  each criterion and of the number of contacts are published as they are.
* Online payment: the dossiers whose fee payment was confirmed in the period; "online" when it
  went through a payment gateway that confirms by itself (``Gateway.online``: VNPay, PayGov),
  not a transfer, cash at the counter or cash on delivery confirmed by staff.
* Digitisation: the dossiers received in the period (the report's "received") with no document
  presented on paper only: every document presented has an electronic copy on file (a dossier
  whose procedure asks for no document, its e-form being data already, counts as digitised).
* Staff attitude (Circular 01/2018 Art 13, indicator 7, 2/1/0 per dossier): from the rating of
  the officer's attitude: 4-5 → 2 points, 3 → 1, 1-2 → 0 [T].

It must never count a refunded or duplicate payment, nor a rating of a dossier outside the scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierDocument
from motcua.reports import metrics
from motcua.reports.periods import Period
from motcua.reports.selectors import Scope

SATISFIED_FROM = 4  # "4 — Hài lòng" on the rating form
CRITERIA = (
    ("overall", _("Mức độ hài lòng chung")),
    ("staff_attitude", _("Thái độ của cán bộ")),
    ("timeliness", _("Thời gian giải quyết")),
    ("transparency", _("Công khai, minh bạch thông tin")),
)
RATE_KEYS = ("satisfaction_rate", "online_payment_rate", "digitised_rate")


@dataclass
class Measure:
    key: str
    label: str
    definition: str
    source: str
    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return metrics.rate(self.numerator, self.denominator)


@dataclass
class Satisfaction:
    rated: int = 0
    satisfied: int = 0
    averages: dict[str, Decimal | None] = field(default_factory=dict)
    contacts: Decimal | None = None  # average number of contacts the citizens reported

    @property
    def rate(self) -> float | None:
        return metrics.rate(self.satisfied, self.rated)


@dataclass
class Quality:
    satisfaction: Satisfaction
    measures: list[Measure]

    def rates(self) -> dict[str, float | None]:
        return {m.key: m.rate for m in self.measures}


def _one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def ratings_in(period: Period, scope: Scope):
    from motcua.portal.models import SatisfactionRating

    return SatisfactionRating.objects.filter(
        scope.q("dossier__"), created_at__gte=period.start, created_at__lt=period.end
    )


def satisfaction(period: Period, scope: Scope) -> Satisfaction:
    sums = ratings_in(period, scope).aggregate(
        rated=Count("pk"),
        satisfied=Count("pk", filter=Q(overall__gte=SATISFIED_FROM)),
        contacts=Avg("contacts"),
        **{f"avg_{name}": Avg(name) for name, _label in CRITERIA},
    )
    return Satisfaction(
        rated=sums["rated"],
        satisfied=sums["satisfied"],
        averages={name: _one_decimal(sums[f"avg_{name}"]) for name, _label in CRITERIA},
        contacts=_one_decimal(sums["contacts"]),
    )


def online_gateways() -> list[str]:
    from motcua.payments.registry import registry

    return [gateway.identifier for gateway in registry if gateway.online]


def online_payment(period: Period, scope: Scope) -> Measure:
    from motcua.payments.models import Payment

    confirmed = Payment.objects.filter(
        scope.q("request__dossier__"),
        status=Payment.Status.CONFIRMED,
        is_duplicate=False,
        confirmed_at__gte=period.start,
        confirmed_at__lt=period.end,
    )
    counts = confirmed.aggregate(
        paid=Count("request__dossier", distinct=True),
        online=Count("request__dossier", distinct=True, filter=Q(gateway__in=online_gateways())),
    )
    return Measure(
        key="online_payment_rate",
        label=str(_("Thanh toán trực tuyến")),
        definition=str(
            _(
                "Hồ sơ nộp phí, lệ phí qua cổng thanh toán trực tuyến / hồ sơ có khoản nộp được "
                "xác nhận trong kỳ."
            )
        ),
        source="QĐ 766/QĐ-TTg; NĐ 45/2020",
        numerator=counts["online"],
        denominator=counts["paid"],
    )


def digitisation(period: Period, scope: Scope) -> Measure:
    presented = DossierDocument.objects.filter(
        dossier=OuterRef("pk"), kind=DossierDocument.Kind.SUBMITTED, present=True
    )
    counts = (
        Dossier.objects.filter(scope.q())
        .filter(metrics.received_q(period.start, period.end))
        .annotate(has_paper_only=Exists(presented.filter(file="")))
        .aggregate(
            received=Count("pk"),
            digitised=Count("pk", filter=Q(has_paper_only=False)),
        )
    )
    return Measure(
        key="digitised_rate",
        label=str(_("Số hóa hồ sơ")),
        definition=str(
            _(
                "Hồ sơ tiếp nhận trong kỳ có bản điện tử của mọi giấy tờ đã nộp / hồ sơ tiếp "
                "nhận trong kỳ."
            )
        ),
        source="QĐ 766/QĐ-TTg; NĐ 107/2021",
        numerator=counts["digitised"],
        denominator=counts["received"],
    )


def measure(period: Period, scope: Scope | None = None) -> Quality:
    scope = scope or Scope()
    rated = satisfaction(period, scope)
    return Quality(
        satisfaction=rated,
        measures=[
            Measure(
                key="satisfaction_rate",
                label=str(_("Hài lòng")),
                definition=str(
                    _(
                        "Đánh giá trong kỳ có mức hài lòng chung từ 4 (hài lòng) trở lên / số "
                        "đánh giá trong kỳ."
                    )
                ),
                source="QĐ 766/QĐ-TTg; TT 01/2018 Điều 13",
                numerator=rated.satisfied,
                denominator=rated.rated,
            ),
            online_payment(period, scope),
            digitisation(period, scope),
        ],
    )


def staff_attitude_points(period: Period, scope: Scope) -> tuple[int, int]:
    """(points, ratings) of Circular 01/2018 indicator 7 over the ratings of the period."""
    sums = ratings_in(period, scope).aggregate(
        rated=Count("pk"),
        points=Count("pk", filter=Q(staff_attitude__gte=4)) * 2
        + Count("pk", filter=Q(staff_attitude=3)),
    )
    return sums["points"] or 0, sums["rated"]


def serialize(quality: Quality, number=str) -> dict:
    """The figures as plain data: for a published report (``number=str`` keeps the decimals
    exact) and for the API (``number=float``)."""

    def value(decimal):
        return None if decimal is None else number(decimal)

    satisfaction = quality.satisfaction
    return {
        "satisfaction": {
            "rated": satisfaction.rated,
            "satisfied": satisfaction.satisfied,
            "averages": {k: value(v) for k, v in satisfaction.averages.items()},
            "contacts": value(satisfaction.contacts),
        },
        "measures": [
            {
                "key": m.key,
                "label": m.label,
                "definition": m.definition,
                "source": m.source,
                "numerator": m.numerator,
                "denominator": m.denominator,
                "rate": m.rate,
            }
            for m in quality.measures
        ],
    }


def deserialize(data: dict) -> Quality:
    rated = data["satisfaction"]
    return Quality(
        satisfaction=Satisfaction(
            rated=rated["rated"],
            satisfied=rated["satisfied"],
            averages={
                k: (Decimal(v) if v is not None else None) for k, v in rated["averages"].items()
            },
            contacts=Decimal(rated["contacts"]) if rated["contacts"] is not None else None,
        ),
        measures=[Measure(**{k: v for k, v in m.items() if k != "rate"}) for m in data["measures"]],
    )
