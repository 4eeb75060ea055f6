"""SMS with a brandname sender, through an HTTP SMS gateway speaking eSMS (ViHAT)'s JSON API.

We follow one real, published gateway protocol rather than inventing one: eSMS's
``SendMultipleMessage_V4_post_json`` (customer-care messages, ``SmsType=2``), documented at
https://developers.esms.vn (repository ``devesms/gitbook_esms_for_develop``). Other Vietnamese
gateways (VNPT, Viettel, MobiFone brandname APIs) take the same fields under other names; a new
gateway is a new plugin beside this one.

Request (``POST MOTCUA_SMS_API_URL``, ``Content-Type: application/json``)::

    {"ApiKey": "…", "SecretKey": "…", "Brandname": "UBND-QNINH", "SmsType": "2",
     "Phone": "0912345678", "Content": "Ho so 000.00.12.H49-261103-0007 da duoc tiep nhan…",
     "IsUnicode": "0", "Sandbox": "0",
     "RequestId": "motcua-5f0c…",            # our idempotency key
     "CallbackUrl": "https://portal/thong-bao/webhook/sms/<MOTCUA_SMS_CALLBACK_TOKEN>/"}

Answer: ``{"CodeResult": "100", "SMSID": "ebe101db-…", "CountRegenerate": 0}``. Codes we act on:
100 accepted; 124 "RequestId already received" (eSMS documents it: a repeated RequestId is not
sent again, so a resend after a crash is safe, and we count it as accepted); 101 wrong keys,
102 no price list, 104 brandname not registered, 146 content does not match a registered
customer-care template → permanent (fall back to the next channel; an operator must fix the
configuration); 103 not enough balance and anything else → temporary.

Delivery receipt (eSMS calls ``CallbackUrl`` with HTTP GET when the operator reports)::

    GET /thong-bao/webhook/sms/<token>/?SMSID=…&RequestId=motcua-5f0c…&SendStatus=5
        &SendSuccess=1&SendFailed=0&TotalReceiver=1&TypeId=2&telcoid=1&phonenumber=0912345678

``SendStatus`` 5 = finished (``SendSuccess``/``SendFailed`` say how it ended), 4 = refused,
1 = waiting for approval (ignored). eSMS does not sign callbacks; we put a secret token in the
callback URL and compare it in constant time.

Brandname customer-care messages must match templates registered with the operators: register
the texts of our SMS templates (Thông báo → Mẫu thông báo) with the gateway before going live.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.urls import reverse

from motcua.notifications.base import (
    Address,
    Channel,
    OutgoingMessage,
    PermanentFailure,
    Receipt,
    ReceiptRejected,
    SendResult,
    TemporaryFailure,
)
from motcua.notifications.http import call_json
from motcua.notifications.phone import national
from motcua.notifications.registry import register
from motcua.notifications.sms_text import measure

PROVIDER = "Cổng SMS"

ACCEPTED = "100"
DUPLICATE_REQUEST_ID = "124"
PERMANENT_CODES = {
    "101": "Sai ApiKey/SecretKey của cổng SMS (cần quản trị kiểm tra cấu hình)",
    "102": "Tài khoản cổng SMS chưa có bảng giá",
    "104": "Tên thương hiệu (brandname) chưa được đăng ký với cổng SMS",
    "146": "Nội dung không khớp mẫu tin chăm sóc khách hàng đã đăng ký",
}
TEMPORARY_CODES = {"103": "Tài khoản cổng SMS không đủ số dư"}


def sms_settings() -> dict:
    return settings.MOTCUA_NOTIFICATIONS["SMS"]


def callback_url() -> str:
    token = sms_settings()["CALLBACK_TOKEN"]
    path = reverse("notifications:webhook-sms", kwargs={"token": token})
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


@register
class SmsChannel(Channel):
    code = "sms"
    label = "SMS"
    priority = 20
    deduplicates = True  # eSMS: a repeated RequestId answers 124 and is not sent again
    has_receipts = True

    def address_problem(self, address: Address) -> str | None:
        if not address.phone:
            return "Người nhận chưa có số điện thoại"
        if not national(address.phone):
            return f"Số điện thoại {address.phone} không phải số di động Việt Nam"
        return None

    def configuration_problem(self) -> str | None:
        config = sms_settings()
        missing = [
            name for name in ("API_URL", "API_KEY", "SECRET_KEY", "BRANDNAME") if not config[name]
        ]
        if missing:
            return (
                "Kênh SMS chưa được cấu hình (thiếu "
                + ", ".join(f"MOTCUA_SMS_{n}" for n in missing)
                + ")"
            )
        return None

    def send(self, message: OutgoingMessage) -> SendResult:
        problem = self.configuration_problem() or self.address_problem(message.address)
        if problem:
            raise PermanentFailure(problem)
        config = sms_settings()
        unicode = not measure(message.body).is_gsm7
        answer = call_json(
            config["API_URL"],
            {
                "ApiKey": config["API_KEY"],
                "SecretKey": config["SECRET_KEY"],
                "Brandname": config["BRANDNAME"],
                "SmsType": config["SMS_TYPE"],
                "Phone": national(message.address.phone),
                "Content": message.body,
                "IsUnicode": "1" if unicode else "0",
                "Sandbox": "0",
                "RequestId": message.idempotency_key,
                "CallbackUrl": callback_url(),
            },
            provider=PROVIDER,
        )
        code = str(answer.get("CodeResult", ""))
        detail = f"CodeResult={code} {answer.get('ErrorMessage') or ''}".strip()
        if code == ACCEPTED:
            return SendResult(provider_message_id=str(answer.get("SMSID") or ""), detail=detail)
        if code == DUPLICATE_REQUEST_ID:
            return SendResult(detail=detail, duplicate=True)
        if code in PERMANENT_CODES:
            raise PermanentFailure(PERMANENT_CODES[code], detail)
        raise TemporaryFailure(
            TEMPORARY_CODES.get(code, f"Cổng SMS báo lỗi mã {code or 'không rõ'}"), detail
        )

    def parse_receipts(self, request) -> list[Receipt]:
        token = request.resolver_match.kwargs.get("token", "") if request.resolver_match else ""
        expected = sms_settings()["CALLBACK_TOKEN"]
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            raise ReceiptRejected("wrong callback token")
        params = request.GET
        sms_id, request_id = params.get("SMSID", ""), params.get("RequestId", "")
        if not sms_id and not request_id:
            raise ReceiptRejected("neither SMSID nor RequestId")
        status = params.get("SendStatus", "")
        detail = "&".join(f"{k}={v}" for k, v in params.items())
        if status == "5":
            delivered = _int(params.get("SendSuccess")) > 0 and _int(params.get("SendFailed")) == 0
            reason = "" if delivered else "Nhà mạng báo không chuyển được tin nhắn đến máy"
        elif status == "4":
            delivered, reason = False, "Cổng SMS từ chối gửi tin nhắn"
        else:
            return []  # still waiting for approval: nothing has happened yet
        return [
            Receipt(
                delivered=delivered,
                provider_message_id=sms_id,
                idempotency_key=request_id,
                reason=reason,
                detail=detail,
            )
        ]


def _int(value) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
