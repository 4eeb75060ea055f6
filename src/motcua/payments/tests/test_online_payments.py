"""VNPay through the sandbox over HTTP on localhost: the IPN's answers (00, 97, 01, 04, 02),
exactly one confirmation, a declined payment, an IPN sent twice or late, and the missing IPN
settled by the reconciliation's status query."""

from __future__ import annotations

import json
import urllib.parse
from datetime import timedelta

from django.utils import timezone

from motcua.payments import services
from motcua.payments.contrib.vnpay import protocol
from motcua.payments.models import GatewayMessage, Payment, PaymentRequest
from motcua.payments.tests.conftest import COPY_FEE, FEE, pay_on_sandbox
from motcua.sandbox.vnpay import gateway as sandbox
from motcua.sandbox.vnpay.models import Transaction
from tests.support import http_get

AMOUNT = FEE + COPY_FEE


def _start(dossier):
    request = services.request_payment(dossier)
    payment, start = services.start_payment(request, "vnpay", client_ip="127.0.0.1")
    return payment, start.redirect_url


def _ipn(server, params) -> dict:
    status, body = http_get(server.url + "/payments/vnpay/ipn?" + urllib.parse.urlencode(params))
    assert status == 200
    return json.loads(body)


def _signed_result(payment, **changes) -> dict:
    params = {
        "vnp_Amount": protocol.to_wire_amount(payment.amount_vnd),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Nop phi",
        "vnp_PayDate": "20260302101500",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": payment.reference,
        **changes,
    }
    params["vnp_SecureHash"] = protocol.sign(params, "sandbox-vnpay-hash-secret")
    return params


def _confirmations(dossier) -> int:
    return dossier.events.filter(action="payment_confirmed").count()


def test_the_redirect_is_signed_and_the_sandbox_accepts_it(vnpay_sandbox, citizen_dossier):
    payment, url = _start(citizen_dossier)
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert params["vnp_Amount"] == "20500000"
    assert params["vnp_TxnRef"] == payment.reference
    assert params["vnp_ReturnUrl"] == vnpay_sandbox.url + "/payments/vnpay/return"
    assert protocol.verify(params, "sandbox-vnpay-hash-secret")
    status, page = http_get(url)
    assert status == 200 and "205.000 đ" in page.decode()
    tampered = url.replace("vnp_Amount=20500000", "vnp_Amount=100")
    status, page = http_get(tampered)
    assert status == 400 and "Sai chữ ký" in page.decode()


def test_the_ipn_confirms_the_payment_once_and_a_replay_answers_02(vnpay_sandbox, citizen_dossier):
    payment, url = _start(citizen_dossier)
    sandbox.behave("no_ipn")
    pay_on_sandbox(url)
    txn = Transaction.objects.get(txn_ref=payment.reference)
    params = sandbox.result_params(txn)

    assert _ipn(vnpay_sandbox, params) == {"RspCode": "00", "Message": "Confirm Success"}
    assert _ipn(vnpay_sandbox, params) == {"RspCode": "02", "Message": "Order already confirmed"}

    payment.refresh_from_db()
    assert payment.status == Payment.Status.CONFIRMED
    assert payment.confirmed_via == Payment.Via.IPN
    assert payment.gateway_transaction_no == txn.transaction_no
    assert payment.request.status == PaymentRequest.Status.PAID
    assert _confirmations(citizen_dossier) == 1
    event = citizen_dossier.events.get(action="payment_confirmed")
    assert event.payload["payment"] == payment.reference and event.payload["via"] == "ipn"


def test_a_tampered_ipn_answers_97_and_changes_nothing(vnpay_sandbox, citizen_dossier):
    payment, _url = _start(citizen_dossier)
    params = _signed_result(payment)
    params["vnp_ResponseCode"] = params["vnp_TransactionStatus"] = "00"
    params["vnp_Amount"] = "100"  # changed after signing
    assert _ipn(vnpay_sandbox, params) == {"RspCode": "97", "Message": "Invalid signature"}
    unsigned = {k: v for k, v in _signed_result(payment).items() if k != "vnp_SecureHash"}
    assert _ipn(vnpay_sandbox, unsigned)["RspCode"] == "97"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert GatewayMessage.objects.filter(kind="ipn", answer="97").count() == 2


def test_an_ipn_for_an_unknown_order_answers_01(vnpay_sandbox, citizen_dossier):
    payment, _url = _start(citizen_dossier)
    params = _signed_result(payment, vnp_TxnRef="260302NOSUCHORDER")
    assert _ipn(vnpay_sandbox, params) == {"RspCode": "01", "Message": "Order not found"}


def test_an_ipn_with_the_wrong_amount_answers_04(vnpay_sandbox, citizen_dossier):
    payment, _url = _start(citizen_dossier)
    params = _signed_result(payment, vnp_Amount=protocol.to_wire_amount(AMOUNT - 1000))
    assert _ipn(vnpay_sandbox, params) == {"RspCode": "04", "Message": "Invalid amount"}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert _confirmations(citizen_dossier) == 0


def test_the_sandbox_sending_the_ipn_twice_confirms_once(vnpay_sandbox, citizen_dossier):
    payment, url = _start(citizen_dossier)
    sandbox.behave("ipn_twice")
    return_url = pay_on_sandbox(url)
    assert return_url.startswith(vnpay_sandbox.url + "/payments/vnpay/return?")
    txn = Transaction.objects.get(txn_ref=payment.reference)
    assert [a["RspCode"] for a in txn.ipn_answers] == ["00", "02"]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CONFIRMED
    assert _confirmations(citizen_dossier) == 1


def test_a_declined_payment_fails_with_the_gateways_reason(vnpay_sandbox, citizen_dossier, client):
    payment, url = _start(citizen_dossier)
    sandbox.behave("decline", decline_code="51")
    pay_on_sandbox(url)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_reason == "Tài khoản không đủ số dư để thực hiện giao dịch"
    assert payment.request.status == PaymentRequest.Status.OPEN  # the citizen may pay again
    client.force_login(citizen_dossier.applicant_user)
    page = client.get(f"/payments/giao-dich/{payment.reference}/").content.decode()
    assert "Thanh toán không thành công" in page
    assert "Tài khoản không đủ số dư để thực hiện giao dịch" in page


def test_the_return_shows_pending_until_a_late_ipn_confirms(vnpay_sandbox, citizen_dossier, client):
    payment, url = _start(citizen_dossier)
    sandbox.behave("ipn_late", late_seconds=600)
    return_url = pay_on_sandbox(url)
    client.force_login(citizen_dossier.applicant_user)
    back = client.get(return_url.replace(vnpay_sandbox.url, ""), follow=True)
    assert "Đang chờ cổng thanh toán xác nhận" in back.content.decode()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING  # the return alone never confirms

    assert sandbox.send_due_ipns(now=timezone.now() + timedelta(minutes=11)) == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CONFIRMED
    page = client.get(f"/payments/giao-dich/{payment.reference}/").content.decode()
    assert "Đã xác nhận thanh toán" in page


def test_a_forged_return_is_refused_and_confirms_nothing(vnpay_sandbox, citizen_dossier, client):
    payment, _url = _start(citizen_dossier)
    params = _signed_result(payment)
    params["vnp_SecureHash"] = "0" * 128
    response = client.get("/payments/vnpay/return", params)
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_a_missing_ipn_is_settled_by_reconciliation(vnpay_sandbox, citizen_dossier):
    payment, url = _start(citizen_dossier)
    sandbox.behave("no_ipn")
    pay_on_sandbox(url)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING

    too_early = services.reconcile_pending(now=timezone.now() + timedelta(minutes=5))
    assert too_early.checked == 0
    result = services.reconcile_pending(now=timezone.now() + timedelta(minutes=16))
    assert (result.checked, result.confirmed) == (1, 1)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CONFIRMED
    assert payment.confirmed_via == Payment.Via.QUERY
    assert citizen_dossier.events.get(action="payment_confirmed").payload["via"] == "query"
    again = services.reconcile_pending(now=timezone.now() + timedelta(minutes=30))
    assert again.checked == 0
    assert _confirmations(citizen_dossier) == 1


def test_an_abandoned_payment_is_failed_once_it_expired(vnpay_sandbox, citizen_dossier):
    payment, _url = _start(citizen_dossier)  # the citizen never opened the gateway's page
    result = services.reconcile_pending(now=timezone.now() + timedelta(minutes=16))
    assert (result.checked, result.failed) == (1, 1)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert "Hết hạn" in payment.failure_reason


def test_a_cancelled_payment_on_the_gateway_page_fails(vnpay_sandbox, citizen_dossier):
    payment, url = _start(citizen_dossier)
    pay_on_sandbox(url, cancel=True)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_reason == "Khách hàng hủy giao dịch"
