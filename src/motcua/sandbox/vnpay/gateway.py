"""The VNPay sandbox's behaviour: it checks and signs exactly as VNPay 2.1.0 does (the shared
``protocol`` module), takes the published sandbox test card, and tells the merchant the result
by redirecting the browser back and by calling the merchant's IPN over HTTP.

It can be told (``behave``) to decline, to send the IPN twice or late, or never. It is a
simulator for the demo and the tests; it must never be mounted in production.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.payments.config import vnpay_account_by_code
from motcua.payments.contrib.vnpay import protocol
from motcua.sandbox.vnpay.models import Behaviour, Transaction

# VNPay's published sandbox test card (NCB).
TEST_CARD = {
    "bank": "NCB",
    "number": "9704198526191432198",
    "holder": "NGUYEN VAN A",
    "issued": "07/15",
    "otp": "123456",
}
REQUIRED = (
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_CurrCode",
    "vnp_TxnRef",
    "vnp_OrderInfo",
    "vnp_OrderType",
    "vnp_Locale",
    "vnp_ReturnUrl",
    "vnp_IpAddr",
    "vnp_CreateDate",
)


class Refused(Exception):
    """VNPay's error page: the request cannot be paid (code and message as VNPay shows them)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def behaviour() -> Behaviour:
    return Behaviour.objects.get_or_create(pk=1)[0]


def behave(mode: str, *, decline_code: str = "51", late_seconds: int = 60) -> Behaviour:
    if mode not in Behaviour.Mode.values:
        raise ValueError(f"mode must be one of {Behaviour.Mode.values}, not {mode!r}")
    if decline_code not in protocol.PAYMENT_RESPONSES or decline_code == "00":
        raise ValueError(f"{decline_code!r} is not a VNPay decline code")
    row, _ = Behaviour.objects.update_or_create(
        pk=1,
        defaults={"mode": mode, "decline_code": decline_code, "late_seconds": late_seconds},
    )
    return row


def reset() -> None:
    Behaviour.objects.all().delete()


def open_payment(params: dict[str, str]) -> Transaction:
    """The merchant's redirect: check it as VNPay does and remember the transaction."""
    missing = [key for key in REQUIRED if not params.get(key)]
    if missing:
        raise Refused("03", f"Dữ liệu gửi sang không đúng định dạng (thiếu {', '.join(missing)})")
    account = vnpay_account_by_code(params["vnp_TmnCode"])
    if account is None:
        raise Refused("02", "Mã định danh kết nối (vnp_TmnCode) không hợp lệ")
    if not protocol.verify(params, account.hash_secret):
        raise Refused("70", "Sai chữ ký")
    if params["vnp_Version"] != protocol.VERSION or params["vnp_Command"] != "pay":
        raise Refused("03", "Phiên bản hoặc lệnh không được hỗ trợ")
    if params["vnp_CurrCode"] != "VND" or protocol.from_wire_amount(params["vnp_Amount"]) is None:
        raise Refused("03", "Số tiền hoặc loại tiền không hợp lệ")
    expires = protocol.parse_time(params.get("vnp_ExpireDate", ""))
    if expires is not None and expires < timezone.now():
        raise Refused("11", protocol.PAYMENT_RESPONSES["11"])
    existing = Transaction.objects.filter(
        tmn_code=params["vnp_TmnCode"], txn_ref=params["vnp_TxnRef"]
    ).first()
    if existing is not None:
        if existing.status != "01":
            raise Refused("01", "Giao dịch đã tồn tại")
        return existing
    return Transaction.objects.create(
        tmn_code=params["vnp_TmnCode"],
        txn_ref=params["vnp_TxnRef"],
        amount=params["vnp_Amount"],
        order_info=params["vnp_OrderInfo"],
        return_url=params["vnp_ReturnUrl"],
        create_date=params["vnp_CreateDate"],
        expire_date=params.get("vnp_ExpireDate", ""),
        token=secrets.token_hex(16),
    )


def check_card(data: dict[str, str]) -> str | None:
    """The problem with the card details typed in, as VNPay's page says it; None when right."""
    if data.get("bank") != TEST_CARD["bank"]:
        return "Ngân hàng không hỗ trợ trong môi trường thử nghiệm. Vui lòng chọn NCB."
    if "".join(data.get("number", "").split()) != TEST_CARD["number"]:
        return "Số thẻ không đúng."
    if " ".join(data.get("holder", "").upper().split()) != TEST_CARD["holder"]:
        return "Tên chủ thẻ không đúng."
    if data.get("issued", "").strip() != TEST_CARD["issued"]:
        return "Ngày phát hành không đúng."
    return None


def finish(txn: Transaction, *, cancelled: bool = False) -> str:
    """End the payment as the sandbox is told to; returns where the browser goes back to."""
    conduct = behaviour()
    if cancelled:
        code = "24"
    elif conduct.mode == Behaviour.Mode.DECLINE:
        code = conduct.decline_code
    else:
        code = "00"
    with transaction.atomic():
        txn = Transaction.objects.select_for_update().get(pk=txn.pk)
        if txn.status == "01":
            txn.response_code = code
            txn.status = "00" if code == "00" else "02"
            txn.transaction_no = str(14000000 + txn.pk)
            txn.bank_code = TEST_CARD["bank"]
            txn.pay_date = protocol.format_time(timezone.now())
            txn.save()
    sends = {
        Behaviour.Mode.NORMAL: 1,
        Behaviour.Mode.DECLINE: 1,
        Behaviour.Mode.IPN_TWICE: 2,
    }.get(conduct.mode, 0)
    if cancelled:
        sends = 1
    for _ in range(sends):
        send_ipn(txn)
    if conduct.mode == Behaviour.Mode.IPN_LATE and not cancelled:
        due = timezone.now() + timedelta(seconds=conduct.late_seconds)
        Transaction.objects.filter(pk=txn.pk).update(ipn_due_at=due)
        from motcua.sandbox.vnpay.tasks import send_late_ipn

        send_late_ipn.configure(schedule_in={"seconds": conduct.late_seconds}).defer(
            transaction_id=txn.pk
        )
    return return_url(txn)


def result_params(txn: Transaction) -> dict[str, str]:
    account = vnpay_account_by_code(txn.tmn_code)
    params = {
        "vnp_Amount": txn.amount,
        "vnp_BankCode": txn.bank_code,
        "vnp_BankTranNo": f"VNP{txn.transaction_no}" if txn.status == "00" else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": txn.order_info,
        "vnp_PayDate": txn.pay_date,
        "vnp_ResponseCode": txn.response_code,
        "vnp_TmnCode": txn.tmn_code,
        "vnp_TransactionNo": txn.transaction_no if txn.status == "00" else "0",
        "vnp_TransactionStatus": txn.status,
        "vnp_TxnRef": txn.txn_ref,
    }
    params = {key: value for key, value in params.items() if value != ""}
    params["vnp_SecureHash"] = protocol.sign(params, account.hash_secret)
    return params


def return_url(txn: Transaction) -> str:
    params = result_params(txn)
    separator = "&" if "?" in txn.return_url else "?"
    return txn.return_url + separator + urllib.parse.urlencode(params)


def ipn_url() -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + reverse("payments:ipn", args=["vnpay"])


def send_ipn(txn: Transaction, *, timeout: float = 15) -> dict:
    """Call the merchant's IPN URL (server to server, HTTP GET) and keep its answer."""
    url = ipn_url() + "?" + urllib.parse.urlencode(result_params(txn))
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our IPN
            answer = {"status": response.status, **json.loads(response.read() or b"{}")}
    except urllib.error.HTTPError as error:
        answer = {"status": error.code}
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        answer = {"status": 0, "error": str(error)}
    answer["at"] = timezone.now().isoformat()
    with transaction.atomic():
        row = Transaction.objects.select_for_update().get(pk=txn.pk)
        row.ipn_answers = [*row.ipn_answers, answer]
        row.save(update_fields=["ipn_answers"])
    return answer


def send_due_ipns(*, now=None) -> int:
    """Send the late IPNs whose time has come (``now`` may be moved ahead to send them all)."""
    now = now or timezone.now()
    due = list(Transaction.objects.filter(ipn_due_at__isnull=False, ipn_due_at__lte=now))
    for txn in due:
        Transaction.objects.filter(pk=txn.pk).update(ipn_due_at=None)
        send_ipn(txn)
    return len(due)


def query(data: dict[str, str]) -> dict[str, str]:
    """The ``querydr`` answer for a merchant's JSON request, signed as VNPay signs it."""
    account = vnpay_account_by_code(str(data.get("vnp_TmnCode", "")))
    answer = {
        "vnp_ResponseId": secrets.token_hex(16),
        "vnp_Command": "querydr",
        "vnp_TmnCode": str(data.get("vnp_TmnCode", "")),
        "vnp_TxnRef": str(data.get("vnp_TxnRef", "")),
    }
    if account is None:
        return {**answer, "vnp_ResponseCode": "02", "vnp_Message": "Invalid TmnCode"}
    if not protocol.verify_query_request(data, account.hash_secret):
        code, message = "97", "Invalid Checksum"
    elif data.get("vnp_Command") != "querydr" or data.get("vnp_Version") != protocol.VERSION:
        code, message = "03", "Invalid data format"
    else:
        txn = Transaction.objects.filter(
            tmn_code=answer["vnp_TmnCode"], txn_ref=answer["vnp_TxnRef"]
        ).first()
        if txn is None:
            code, message = "91", "Transaction not found"
        else:
            code, message = "00", "QueryDR Success"
            answer.update(
                {
                    "vnp_Amount": txn.amount,
                    "vnp_OrderInfo": txn.order_info,
                    "vnp_BankCode": txn.bank_code,
                    "vnp_PayDate": txn.pay_date,
                    "vnp_TransactionNo": txn.transaction_no,
                    "vnp_TransactionType": "01",
                    "vnp_TransactionStatus": txn.status,
                }
            )
    answer.update({"vnp_ResponseCode": code, "vnp_Message": message})
    answer["vnp_SecureHash"] = protocol.sign_query_response(answer, account.hash_secret)
    return answer
