"""Reads of payments: what a dossier owes and has paid (for its pages and the dossier engine's
``payment_done`` rule), and the daily report of an agency. Never changes anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from motcua.payments.models import Payment, PaymentRequest


@dataclass
class DossierPaymentState:
    """What a page needs to say about a dossier's fees."""

    request: PaymentRequest | None
    payments: list[Payment] = field(default_factory=list)

    @property
    def owes(self) -> bool:
        return self.request is not None and self.request.status == PaymentRequest.Status.OPEN

    @property
    def paid(self) -> bool:
        return self.request is not None and self.request.status == PaymentRequest.Status.PAID

    @property
    def awaiting_staff(self) -> list[Payment]:
        return [p for p in self.payments if p.status == Payment.Status.AWAITING_STAFF]

    @property
    def pending_online(self) -> list[Payment]:
        return [p for p in self.payments if p.status == Payment.Status.PENDING]

    @property
    def duplicates(self) -> list[Payment]:
        return [p for p in self.payments if p.is_duplicate and p.status == "confirmed"]

    @property
    def label(self) -> str:
        if self.request is None:
            return "Không có yêu cầu nộp phí"
        if self.paid:
            return "Đã nộp phí, lệ phí"
        if self.request.status == PaymentRequest.Status.CANCELLED:
            return "Yêu cầu nộp phí đã hủy"
        if self.awaiting_staff:
            return "Chờ cán bộ xác nhận đã nộp"
        if self.pending_online:
            return "Đang chờ kết quả thanh toán"
        return "Chưa nộp phí, lệ phí"


def payment_state(dossier) -> DossierPaymentState:
    request = (
        PaymentRequest.objects.filter(dossier=dossier)
        .order_by(
            # the open or paid request counts; a cancelled one only when it is the last
            _open_or_paid_first(),
            "-requested_at",
        )
        .first()
    )
    payments = list(request.payments.order_by("-created_at")) if request else []
    return DossierPaymentState(request=request, payments=payments)


def _open_or_paid_first():
    return Case(
        When(status=PaymentRequest.Status.OPEN, then=Value(0)),
        When(status=PaymentRequest.Status.PAID, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def fees_settled(dossier) -> bool:
    """For the dossier engine's ``payment_done``: nothing is owed, or what was asked is paid.

    A dossier whose fees were never requested owes what its procedure says: it is settled only
    when that amount is zero.
    """
    from motcua.payments.fees import amount_due

    requests = PaymentRequest.objects.filter(dossier=dossier)
    if requests.filter(status=PaymentRequest.Status.OPEN).exists():
        return False
    if requests.filter(status=PaymentRequest.Status.PAID).exists():
        return True
    if requests.exists():  # only cancelled requests: waived
        return True
    return amount_due(dossier) == 0


def payment_for_reference(reference: str) -> Payment | None:
    return (
        Payment.objects.select_related("request__dossier", "request__agency")
        .filter(reference=reference)
        .first()
    )


@dataclass
class DailyReport:
    agency: object
    day: date
    payments: list[Payment]
    totals: list[tuple[str, int, int]]  # gateway label, count, amount
    confirmed_total: int
    refunded_total: int


def daily_report(agency, day: date) -> DailyReport:
    """Payments confirmed or refunded on ``day`` (Vietnam's time) for ``agency``."""
    from motcua.payments.registry import registry

    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = start + timedelta(days=1)
    rows = list(
        Payment.objects.filter(request__agency=agency)
        .filter(
            Q(confirmed_at__gte=start, confirmed_at__lt=end)
            | Q(refunded_at__gte=start, refunded_at__lt=end)
        )
        .select_related("request__dossier", "confirmed_by", "refunded_by")
        .order_by("confirmed_at", "pk")
    )
    confirmed = [p for p in rows if p.confirmed_at and start <= p.confirmed_at < end]
    by_gateway: dict[str, list[int]] = {}
    for payment in confirmed:
        entry = by_gateway.setdefault(payment.gateway, [0, 0])
        entry[0] += 1
        entry[1] += payment.amount_vnd
    refunded = [p for p in rows if p.refunded_at and start <= p.refunded_at < end]
    return DailyReport(
        agency=agency,
        day=day,
        payments=rows,
        totals=[(registry.label(k), v[0], v[1]) for k, v in sorted(by_gateway.items())],
        confirmed_total=sum(p.amount_vnd for p in confirmed),
        refunded_total=sum(p.amount_vnd for p in refunded),
    )
