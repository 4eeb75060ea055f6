"""Every change to payment requests and payments.

A payment is confirmed in one place, ``apply_notice`` (gateways) or ``confirm_by_staff`` (money
handed over outside the portal), both through ``_confirm``: the payment row is locked, its
status must still be open, the amount must match, and the confirmation writes one event in the
dossier's hash-chained log and defers the receipt in the same transaction. A replayed or late
notification finds the payment already settled and changes nothing.

What the browser brings back from a gateway (the return URL) is verified and shown, never
trusted to confirm: only a verified IPN or a verified status query does.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.payments import fees
from motcua.payments.base import (
    BadSignature,
    GatewayError,
    Notice,
    Start,
    TransactionNotFound,
)
from motcua.payments.models import GatewayMessage, Payment, PaymentRequest
from motcua.payments.registry import registry

logger = logging.getLogger(__name__)


class PaymentError(Exception):
    """The payment could not be changed; ``message`` is for the user, in Vietnamese."""

    def __init__(self, message: str, code: str = "payment"):
        super().__init__(message)
        self.message = message
        self.code = code


# What a gateway's notice did to the payment it names.
CONFIRMED = "confirmed"
FAILED = "failed"
STILL_PENDING = "pending"
NOT_FOUND = "not_found"
WRONG_AMOUNT = "wrong_amount"
ALREADY_SETTLED = "already_settled"


def config() -> dict:
    return settings.MOTCUA_PAYMENTS


def public_url(path: str) -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def new_reference() -> str:
    """vnp_TxnRef: unique, short, letters and digits only (VNPay refuses other characters)."""
    return timezone.localtime().strftime("%y%m%d") + secrets.token_hex(5).upper()


# --- requests -------------------------------------------------------------------------------


def request_payment(dossier, actor=None, *, at: datetime | None = None) -> PaymentRequest | None:
    """Ask the applicant of ``dossier`` to pay what it owes; ``None`` when it owes nothing.

    Idempotent: a dossier with a request already open or paid gets that request back, so the
    dossier engine's follow-up job may run twice. The deadline is counted in working days of the
    receiving agency's calendar.
    """
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import record_event
    from motcua.worktime.selectors import calendar_for

    at = at or timezone.now()
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("agency", "procedure_version__procedure")
            .get(pk=dossier.pk)
        )
        existing = (
            PaymentRequest.objects.filter(dossier=dossier)
            .exclude(status=PaymentRequest.Status.CANCELLED)
            .first()
        )
        if existing is not None:
            return existing
        lines = fees.fee_lines(dossier)
        amount = sum(line.amount_vnd for line in lines)
        if amount <= 0:
            return None
        calendar = calendar_for(dossier.agency)
        request = PaymentRequest.objects.create(
            dossier=dossier,
            agency=dossier.agency,
            amount_vnd=amount,
            lines=[line.as_dict() for line in lines],
            requested_at=at,
            due_at=calendar.add_working_time(at, days=config()["DUE_WORKING_DAYS"]),
            requested_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            dossier,
            "payment_requested",
            "Yêu cầu nộp phí, lệ phí",
            actor=actor if actor is not None and actor.is_authenticated else None,
            at=at,
            payload={"payment_request": request.pk, "amount_vnd": amount},
        )
        _notify_requested(request)
        return request


def _notify_requested(request: PaymentRequest) -> None:
    from motcua.notifications.services import Recipient, notify

    dossier = request.dossier
    recipient = dossier.applicant_user or Recipient(
        name=dossier.applicant_name, phone=dossier.applicant_phone, email=dossier.applicant_email
    )
    context = {
        "amount": request.amount_vnd,
        "payment_url": public_url(reverse("payments:pay", args=[dossier.code])),
        "dossier_code": dossier.code,
        "procedure_name": dossier.procedure_version.procedure.name,
        "agency_name": dossier.agency.name,
    }
    try:
        with transaction.atomic():
            notify("payment_requested", recipient=recipient, context=context, subject_ref=dossier)
    except Exception:  # a message that cannot be queued must not undo the request
        logger.exception("payment_requested notification failed for %s", dossier.code)


def cancel_request(request: PaymentRequest, *, actor, reason: str) -> PaymentRequest:
    with transaction.atomic():
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != PaymentRequest.Status.OPEN:
            raise PaymentError("Chỉ hủy được yêu cầu đang chờ nộp.", "not_open")
        if not reason.strip():
            raise PaymentError("Cần ghi rõ lý do hủy.", "reason_required")
        request.status = PaymentRequest.Status.CANCELLED
        request.save(update_fields=["status"])
        from motcua.dossiers.services import record_event

        record_event(
            request.dossier_id,
            "payment_request_cancelled",
            "Hủy yêu cầu nộp phí, lệ phí",
            actor=actor,
            role="staff",
            note=reason.strip(),
            payload={"payment_request": request.pk},
        )
        return request


# --- starting a payment ---------------------------------------------------------------------


def start_payment(
    request: PaymentRequest, gateway_id: str, *, client_ip: str = ""
) -> tuple[Payment, Start]:
    """Open an attempt to pay ``request`` through ``gateway_id`` and say how to go on.

    Raises ``PaymentError`` when the request is not open or the gateway cannot be used, and
    lets ``NotConfigured`` through with its message.
    """
    if gateway_id not in registry or not registry.is_enabled(gateway_id):
        raise PaymentError("Hình thức thanh toán này không được sử dụng.", "gateway")
    gateway = registry[gateway_id]
    if not gateway.applicant_starts:
        raise PaymentError("Hình thức này do cán bộ ghi nhận.", "staff_only")
    now = timezone.now()
    with transaction.atomic():
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != PaymentRequest.Status.OPEN:
            raise PaymentError("Yêu cầu nộp phí này không còn chờ nộp.", "not_open")
        payment = Payment.objects.create(
            request=request,
            gateway=gateway_id,
            reference=new_reference(),
            amount_vnd=request.amount_vnd,
            created_at=now,
            expires_at=now + timedelta(minutes=config()["EXPIRE_MINUTES"]),
            client_ip=client_ip or None,
            status=Payment.Status.PENDING if gateway.online else Payment.Status.AWAITING_STAFF,
        )
        start = gateway.start_payment(
            payment,
            client_ip=client_ip,
            return_url=public_url(reverse("payments:return", args=[gateway_id])),
        )
        if gateway_id == "vnpay":
            from motcua.payments.config import vnpay_account

            payment.merchant_code = vnpay_account(request.agency).tmn_code
            payment.save(update_fields=["merchant_code"])
        return payment, start


# --- gateway notices ------------------------------------------------------------------------


def apply_notice(notice: Notice, *, gateway_id: str, via: str) -> str:
    """What a verified gateway notice does to the payment it names (one of the outcomes above).

    Checks in the order VNPay's IPN asks: the order exists, the amount matches, the order is
    still open. Then confirms or fails it, exactly once.
    """
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .select_related("request")
            .filter(reference=notice.reference, gateway=gateway_id)
            .first()
        )
        if payment is None or (
            payment.merchant_code
            and notice.merchant_code
            and payment.merchant_code != notice.merchant_code
        ):
            return NOT_FOUND
        if notice.amount_vnd != payment.amount_vnd:
            return WRONG_AMOUNT
        if payment.status != Payment.Status.PENDING:
            return ALREADY_SETTLED
        payment.gateway_transaction_no = notice.transaction_no or payment.gateway_transaction_no
        payment.bank_code = notice.bank_code or payment.bank_code
        payment.response_code = notice.response_code
        if not notice.final:
            payment.save(update_fields=["gateway_transaction_no", "bank_code", "response_code"])
            return STILL_PENDING
        if notice.success:
            _confirm(payment, via=via, actor=None, paid_at=notice.paid_at)
            return CONFIRMED
        _fail(payment, notice.message or "Giao dịch không thành công.")
        return FAILED


IPN_ANSWERS = {
    CONFIRMED: ("00", "Confirm Success"),
    FAILED: ("00", "Confirm Success"),
    STILL_PENDING: ("00", "Confirm Success"),
    NOT_FOUND: ("01", "Order not found"),
    ALREADY_SETTLED: ("02", "Order already confirmed"),
    WRONG_AMOUNT: ("04", "Invalid amount"),
}


def handle_ipn(gateway_id: str, params: dict[str, str]) -> tuple[str, str]:
    """A gateway's server-to-server notification: verify, apply, answer ``(RspCode, Message)``."""
    reference = params.get("vnp_TxnRef", "")
    try:
        notice = registry[gateway_id].handle_webhook(params)
        answer = IPN_ANSWERS[apply_notice(notice, gateway_id=gateway_id, via=Payment.Via.IPN)]
    except BadSignature:
        answer = ("97", "Invalid signature")
    except Exception:
        logger.exception("IPN from %s for %r could not be handled", gateway_id, reference)
        answer = ("99", "Unknow error")
    _log_message(gateway_id, GatewayMessage.Kind.IPN, reference, params, answer)
    return answer


def read_return(gateway_id: str, params: dict[str, str]) -> tuple[Payment | None, Notice | None]:
    """The browser came back from the gateway: verify what it carries and find the payment.

    Returns ``(payment, notice)``; ``notice`` is ``None`` when the signature is wrong. Changes
    nothing: the gateway's IPN (or a status query) is what confirms.
    """
    reference = params.get("vnp_TxnRef", "")
    try:
        notice = registry[gateway_id].handle_return(params)
    except (BadSignature, GatewayError):
        _log_message(gateway_id, GatewayMessage.Kind.RETURN, reference, params, ("97", "invalid"))
        return None, None
    payment = Payment.objects.filter(reference=notice.reference, gateway=gateway_id).first()
    _log_message(gateway_id, GatewayMessage.Kind.RETURN, reference, params, ("ok", ""), payment)
    return payment, notice


def _log_message(gateway_id, kind, reference, params, answer, payment=None) -> None:
    if payment is None and reference:
        payment = Payment.objects.filter(reference=reference, gateway=gateway_id).first()
    GatewayMessage.objects.create(
        payment=payment,
        gateway=gateway_id,
        kind=kind,
        reference=reference[:100],
        params={k: str(v)[:500] for k, v in list(params.items())[:60]},
        answer=answer[0],
        answer_message=answer[1][:200],
    )


# --- reconciliation -------------------------------------------------------------------------


@dataclass
class Reconciliation:
    checked: int = 0
    confirmed: int = 0
    failed: int = 0
    pending: int = 0
    errors: int = 0


def reconcile_pending(*, now: datetime | None = None) -> Reconciliation:
    """Ask the gateway about every online payment still pending after the waiting time and settle
    it as the gateway says: the IPN that never came is replaced by a verified status query."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=config()["RECONCILE_AFTER_MINUTES"])
    online = [gw.identifier for gw in registry if gw.online]
    result = Reconciliation()
    pending = Payment.objects.filter(
        status=Payment.Status.PENDING, gateway__in=online, created_at__lte=cutoff
    ).order_by("created_at")
    for payment in pending[:200]:
        result.checked += 1
        gateway = registry[payment.gateway]
        try:
            notice = gateway.query_status(payment)
        except TransactionNotFound:
            if payment.expires_at and payment.expires_at < now:
                with transaction.atomic():
                    locked = Payment.objects.select_for_update().get(pk=payment.pk)
                    if locked.status == Payment.Status.PENDING:
                        _fail(locked, "Hết hạn thanh toán; cổng thanh toán không có giao dịch.")
                        result.failed += 1
            else:
                result.pending += 1
            continue
        except GatewayError as error:
            logger.warning("status query of %s failed: %s", payment.reference, error.message)
            result.errors += 1
            continue
        _log_message(
            payment.gateway,
            GatewayMessage.Kind.QUERY,
            payment.reference,
            {"status": notice.response_code, "transaction_no": notice.transaction_no},
            ("ok", notice.message),
            payment,
        )
        outcome = apply_notice(notice, gateway_id=payment.gateway, via=Payment.Via.QUERY)
        if outcome == CONFIRMED:
            result.confirmed += 1
        elif outcome == FAILED:
            result.failed += 1
        elif outcome == STILL_PENDING:
            result.pending += 1
        else:
            logger.warning("status query of %s: %s", payment.reference, outcome)
            result.errors += 1
    return result


# --- offline payments -----------------------------------------------------------------------


def submit_transfer_proof(request: PaymentRequest, *, uploaded, content_type: str) -> Payment:
    """The applicant says they transferred the money and shows the bank's slip."""
    payment, _start = start_payment(request, "transfer")
    payment.proof.save(f"{payment.reference}{_extension(content_type)}", uploaded, save=False)
    payment.proof_content_type = content_type
    payment.save(update_fields=["proof", "proof_content_type"])
    return payment


def _extension(content_type: str) -> str:
    return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[content_type]


def record_cash(request: PaymentRequest, *, actor, note: str = "") -> Payment:
    """Staff took the money at the counter: recorded and confirmed at once."""
    return _record_offline(request, "cash", actor=actor, note=note, confirm=True)


def record_postal_collection(request: PaymentRequest, *, actor, note: str = "") -> Payment:
    """The postal worker collected the money; staff confirm it when the money arrives."""
    return _record_offline(request, "postal", actor=actor, note=note, confirm=False)


def _record_offline(request, gateway_id, *, actor, note, confirm) -> Payment:
    now = timezone.now()
    with transaction.atomic():
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != PaymentRequest.Status.OPEN:
            raise PaymentError("Yêu cầu nộp phí này không còn chờ nộp.", "not_open")
        payment = Payment.objects.create(
            request=request,
            gateway=gateway_id,
            reference=new_reference(),
            amount_vnd=request.amount_vnd,
            created_at=now,
            status=Payment.Status.AWAITING_STAFF,
            note=note.strip(),
        )
        if confirm:
            _confirm(payment, via=Payment.Via.STAFF, actor=actor, paid_at=now)
        return payment


def confirm_by_staff(payment: Payment, *, actor, note: str = "") -> Payment:
    """Staff saw the transfer on the account, or received the postal worker's money."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("request").get(pk=payment.pk)
        if payment.status != Payment.Status.AWAITING_STAFF:
            raise PaymentError("Giao dịch này không chờ cán bộ xác nhận.", "not_awaiting")
        if note.strip():
            payment.note = "\n".join(filter(None, [payment.note, note.strip()]))
        _confirm(payment, via=Payment.Via.STAFF, actor=actor, paid_at=timezone.now())
        return payment


def reject_by_staff(payment: Payment, *, actor, reason: str) -> Payment:
    """The transfer cannot be found or the proof is not a proof: the applicant must pay again."""
    if not reason.strip():
        raise PaymentError("Cần ghi rõ lý do.", "reason_required")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != Payment.Status.AWAITING_STAFF:
            raise PaymentError("Giao dịch này không chờ cán bộ xác nhận.", "not_awaiting")
        _fail(payment, reason.strip())
        return payment


def refund(payment: Payment, *, actor, reason: str) -> Payment:
    """Record money given back to the applicant (a duplicate payment, a refused dossier)."""
    from motcua.dossiers.services import record_event

    if not reason.strip():
        raise PaymentError("Cần ghi rõ lý do hoàn tiền.", "reason_required")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("request").get(pk=payment.pk)
        if payment.status != Payment.Status.CONFIRMED:
            raise PaymentError("Chỉ hoàn tiền được giao dịch đã xác nhận.", "not_confirmed")
        request = PaymentRequest.objects.select_for_update().get(pk=payment.request_id)
        payment.status = Payment.Status.REFUNDED
        payment.refunded_at = timezone.now()
        payment.refund_reason = reason.strip()
        payment.refunded_by = actor
        payment.save(update_fields=["status", "refunded_at", "refund_reason", "refunded_by"])
        still_paid = request.payments.filter(status=Payment.Status.CONFIRMED).exists()
        if request.status == PaymentRequest.Status.PAID and not still_paid:
            request.status = PaymentRequest.Status.CANCELLED
            request.save(update_fields=["status"])
        record_event(
            request.dossier_id,
            "payment_refunded",
            "Hoàn trả phí, lệ phí",
            actor=actor,
            role="staff",
            note=payment.refund_reason,
            payload={"payment": payment.reference, "amount_vnd": payment.amount_vnd},
        )
        return payment


# --- the one confirmation -------------------------------------------------------------------


def _confirm(payment: Payment, *, via: str, actor, paid_at: datetime | None) -> None:
    """Mark a locked, open payment confirmed; the caller holds the transaction."""
    from motcua.dossiers.services import record_event
    from motcua.payments.tasks import render_receipt

    now = timezone.now()
    request = PaymentRequest.objects.select_for_update().get(pk=payment.request_id)
    payment.status = Payment.Status.CONFIRMED
    payment.confirmed_at = now
    payment.confirmed_via = via
    payment.confirmed_by = actor
    payment.paid_at = paid_at or now
    payment.receipt_number = f"BN{timezone.localtime(now):%y%m%d}-{payment.pk:06d}"
    if request.status == PaymentRequest.Status.OPEN:
        request.status = PaymentRequest.Status.PAID
        request.paid_at = payment.paid_at
        request.save(update_fields=["status", "paid_at"])
    else:
        payment.is_duplicate = True  # paid twice: staff see it and refund one
    payment.save()
    gateway_label = registry.label(payment.gateway)
    record_event(
        request.dossier_id,
        "payment_confirmed",
        "Xác nhận đã nộp phí, lệ phí",
        actor=actor,
        role="staff" if actor is not None else "system",
        note=f"{gateway_label}: {payment.amount_vnd:,} đồng".replace(",", ".")
        + (" (nộp trùng, cần hoàn trả)" if payment.is_duplicate else ""),
        payload={
            "payment": payment.reference,
            "gateway": payment.gateway,
            "amount_vnd": payment.amount_vnd,
            "via": via,
            "transaction_no": payment.gateway_transaction_no,
            "receipt_number": payment.receipt_number,
            "duplicate": payment.is_duplicate,
        },
        at=now,
    )
    # Deferred in this transaction: a rollback removes the job with the confirmation.
    render_receipt.defer(payment_id=payment.pk)


def _fail(payment: Payment, reason: str) -> None:
    payment.status = Payment.Status.FAILED
    payment.failure_reason = reason[:300]
    payment.save(
        update_fields=[
            "status",
            "failure_reason",
            "gateway_transaction_no",
            "bank_code",
            "response_code",
        ]
    )
