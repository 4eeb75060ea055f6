"""The VNPay adapter: the signed redirect, return and IPN verification, and ``querydr``.

It speaks the protocol of ``protocol.py`` over HTTP with the standard library. It must never
confirm a payment itself: it hands verified ``Notice`` objects to ``payments.services``.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.payments.base import (
    BadSignature,
    Gateway,
    GatewayError,
    NotConfigured,
    Notice,
    Start,
    TransactionNotFound,
)
from motcua.payments.config import vnpay_account, vnpay_account_by_code
from motcua.payments.contrib.vnpay import protocol
from motcua.payments.registry import register


def _notice(params: dict[str, str]) -> Notice:
    response = params.get("vnp_ResponseCode", "")
    status = params.get("vnp_TransactionStatus", "")
    success = response == "00" and status == "00"
    reason = (
        ""
        if success
        else (
            protocol.PAYMENT_RESPONSES.get(response)
            or protocol.TRANSACTION_STATUSES.get(status)
            or f"Mã lỗi {response or status}"
        )
    )
    return Notice(
        reference=params.get("vnp_TxnRef", ""),
        merchant_code=params.get("vnp_TmnCode", ""),
        amount_vnd=protocol.from_wire_amount(params.get("vnp_Amount", "")),
        success=success,
        response_code=response or status,
        transaction_no=params.get("vnp_TransactionNo", ""),
        bank_code=params.get("vnp_BankCode", ""),
        paid_at=protocol.parse_time(params.get("vnp_PayDate", "")),
        message=reason,
    )


@register("vnpay")
class VNPayGateway(Gateway):
    verbose_name = _("VNPay (thẻ ATM, tài khoản ngân hàng, QR)")
    online = True

    def is_configured(self, agency) -> bool:
        try:
            vnpay_account(agency)
        except NotConfigured:
            return False
        return True

    def start_payment(self, payment, *, client_ip: str, return_url: str) -> Start:
        account = vnpay_account(payment.request.agency)
        created = payment.created_at
        expires = payment.expires_at or created + timedelta(
            minutes=settings.MOTCUA_PAYMENTS["EXPIRE_MINUTES"]
        )
        params = {
            "vnp_Version": protocol.VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": account.tmn_code,
            "vnp_Amount": protocol.to_wire_amount(payment.amount_vnd),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": protocol.order_info(
                f"Nop phi le phi ho so {payment.request.dossier.code}"
            ),
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": protocol.format_time(created),
            "vnp_ExpireDate": protocol.format_time(expires),
        }
        return Start(redirect_url=protocol.signed_url(account.pay_url, params, account.hash_secret))

    def _verified(self, params: dict[str, str]) -> Notice:
        account = vnpay_account_by_code(params.get("vnp_TmnCode", ""))
        if account is None or not protocol.verify(params, account.hash_secret):
            raise BadSignature("Chữ ký của cổng thanh toán không hợp lệ.")
        return _notice(params)

    def handle_return(self, params: dict[str, str]) -> Notice:
        return self._verified(params)

    def handle_webhook(self, params: dict[str, str]) -> Notice:
        return self._verified(params)

    def query_status(self, payment) -> Notice:
        account = vnpay_account_by_code(payment.merchant_code) or vnpay_account(
            payment.request.agency
        )
        now = timezone.now()
        data = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": protocol.VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": account.tmn_code,
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": protocol.order_info(f"Truy van giao dich {payment.reference}"),
            "vnp_TransactionDate": protocol.format_time(payment.created_at),
            "vnp_CreateDate": protocol.format_time(now),
            "vnp_IpAddr": settings.MOTCUA_PAYMENTS["SERVER_IP"],
        }
        if payment.gateway_transaction_no:
            data["vnp_TransactionNo"] = payment.gateway_transaction_no
        data["vnp_SecureHash"] = protocol.sign_query_request(data, account.hash_secret)
        request = urllib.request.Request(  # noqa: S310 - the configured VNPay API address
            account.api_url,
            data=json.dumps(data).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        timeout = settings.MOTCUA_PAYMENTS["HTTP_TIMEOUT"]
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise GatewayError(f"Không truy vấn được VNPay: {error}") from error
        if not isinstance(answer, dict):
            raise GatewayError("VNPay trả lời truy vấn không đúng định dạng.")
        answer = {key: "" if value is None else str(value) for key, value in answer.items()}
        if not protocol.verify_query_response(answer, account.hash_secret):
            raise BadSignature("Chữ ký của kết quả truy vấn VNPay không hợp lệ.")
        if answer.get("vnp_TxnRef") not in ("", payment.reference):
            raise GatewayError("VNPay trả lời về một giao dịch khác.")
        code = answer.get("vnp_ResponseCode", "")
        if code == "91":
            raise TransactionNotFound(protocol.QUERY_RESPONSES["91"])
        if code != "00":
            raise GatewayError(
                f"VNPay từ chối truy vấn: {protocol.QUERY_RESPONSES.get(code, code)}"
            )
        status = answer.get("vnp_TransactionStatus", "")
        return Notice(
            reference=payment.reference,
            merchant_code=answer.get("vnp_TmnCode", ""),
            amount_vnd=protocol.from_wire_amount(answer.get("vnp_Amount", "")),
            success=status == "00",
            final=status not in ("01", "05", "06"),
            response_code=status,
            transaction_no=answer.get("vnp_TransactionNo", ""),
            bank_code=answer.get("vnp_BankCode", ""),
            paid_at=protocol.parse_time(answer.get("vnp_PayDate", "")),
            message="" if status == "00" else protocol.TRANSACTION_STATUSES.get(status, status),
        )
