"""Zalo Notification Service (ZNS): template messages to a phone number, following Zalo's
published API (https://developers.zalo.me/docs/zalo-notification-service/).

ZNS sends only templates that Zalo approved beforehand; we send the approved template's id and
the values of its parameters. Our own template text for the Zalo channel is the preview of what
the approved template says (shown in the notification centre and the sandbox inbox); its
``provider_template_id`` and ``provider_params`` say which Zalo template and which context
variables fill it.

Request::

    POST https://business.openapi.zalo.me/message/template
    access_token: <OA access token>
    Content-Type: application/json

    {"phone": "84912345678", "template_id": "231677",
     "template_data": {"customer_name": "Nguyễn Văn An", "dossier_code": "000.00.12.H49-…"},
     "tracking_id": "motcua-5f0c…"}

Answer: ``{"error": 0, "message": "Success", "data": {"msg_id": "…", "sent_time": "…",
"quota": {…}}}``; a non-zero ``error`` is a failure. We sort Zalo's error codes (ZNS error table)
into permanent — the person cannot get this ZNS: -108 invalid phone number, -118 no Zalo account
or account disabled, -119 account cannot receive ZNS, -114 user inactive / refuses / outdated
Zalo, -139 user refused this kind of message, -109/-131/-112 template id wrong, template not
approved, template data invalid (fall back to SMS at once) — and temporary: -124 access token
invalid or expired (an operator refreshes ``MOTCUA_ZALO_ACCESS_TOKEN``), -133 outside the hours
ZNS may be sent, -100 unknown error, and any code we do not know. Check the table against the
current Zalo documentation when connecting a real Official Account.

Idempotency: ``tracking_id`` is "your own tracking number for this call", echoed back in the
webhook for reconciliation. Zalo does not promise to drop a repeated ``tracking_id``, so this
channel does **not** claim ``deduplicates``: after a crash between sending and recording, a
resend can deliver twice (the sandbox behaves the same way). We still send the idempotency key
as ``tracking_id`` so receipts can be matched even when the crash lost ``msg_id``.

Delivery receipt: Zalo calls the OA's webhook (configured in the Zalo developer console) with
``event_name = "user_received_message"``::

    POST /thong-bao/webhook/zalo/
    X-ZEvent-Signature: mac=<sha256 hex of app_id + raw body + timestamp + OA secret key>

    {"app_id": "…", "event_name": "user_received_message", "timestamp": "1730600000000",
     "sender": {"id": "<OA id>"}, "recipient": {"id": "<user id by OA>"},
     "message": {"msg_id": "…", "tracking_id": "motcua-5f0c…", "delivery_time": "1730600000000"}}

Calls with a wrong signature are refused. Other events (messages from users, "seen") are
acknowledged and ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.utils import timezone

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
from motcua.notifications.phone import international
from motcua.notifications.registry import register

PROVIDER = "Zalo"
SIGNATURE_HEADER = "X-ZEvent-Signature"

PERMANENT_ERRORS = {
    -108: "Số điện thoại không hợp lệ với Zalo",
    -109: "Mã mẫu ZNS không hợp lệ",
    -112: "Dữ liệu mẫu ZNS không hợp lệ",
    -114: "Người nhận không hoạt động trên Zalo, từ chối tin hoặc dùng phiên bản Zalo cũ",
    -118: "Số điện thoại chưa đăng ký Zalo hoặc tài khoản Zalo đã bị khóa",
    -119: "Tài khoản Zalo không nhận được tin ZNS",
    -131: "Mẫu ZNS chưa được Zalo phê duyệt",
    -139: "Người nhận đã từ chối nhận loại tin này trên Zalo",
}
TEMPORARY_ERRORS = {
    -100: "Zalo báo lỗi không xác định",
    -124: "Mã truy cập (access token) Zalo không hợp lệ hoặc đã hết hạn",
    -133: "Ngoài khung giờ Zalo cho phép gửi tin ZNS",
}


def zalo_settings() -> dict:
    return settings.MOTCUA_NOTIFICATIONS["ZALO"]


def signature(app_id: str, body: bytes, timestamp: str, secret: str) -> str:
    raw = app_id.encode() + body + timestamp.encode() + secret.encode()
    return "mac=" + hashlib.sha256(raw).hexdigest()


@register
class ZaloChannel(Channel):
    code = "zalo"
    label = "Zalo"
    priority = 10
    deduplicates = False  # tracking_id is for reconciliation only (see the module docstring)
    has_receipts = True

    def address_problem(self, address: Address) -> str | None:
        if not address.phone:
            return "Người nhận chưa có số điện thoại"
        if not international(address.phone):
            return f"Số điện thoại {address.phone} không phải số di động Việt Nam"
        return None

    def configuration_problem(self) -> str | None:
        config = zalo_settings()
        missing = [name for name in ("API_URL", "ACCESS_TOKEN") if not config[name]]
        if missing:
            return (
                "Kênh Zalo chưa được cấu hình (thiếu "
                + ", ".join(f"MOTCUA_ZALO_{n}" for n in missing)
                + ")"
            )
        return None

    def send(self, message: OutgoingMessage) -> SendResult:
        problem = self.configuration_problem() or self.address_problem(message.address)
        if problem:
            raise PermanentFailure(problem)
        if not message.provider_template_id:
            raise PermanentFailure("Mẫu thông báo chưa gắn mã mẫu ZNS đã được Zalo duyệt")
        config = zalo_settings()
        answer = call_json(
            config["API_URL"],
            {
                "phone": international(message.address.phone),
                "template_id": message.provider_template_id,
                "template_data": message.template_data,
                "tracking_id": message.idempotency_key,
            },
            headers={"access_token": config["ACCESS_TOKEN"]},
            provider=PROVIDER,
        )
        try:
            error = int(answer.get("error", -100))
        except (TypeError, ValueError):
            error = -100
        detail = f"error={error} {answer.get('message') or ''}".strip()
        if error == 0:
            data = answer.get("data") or {}
            return SendResult(provider_message_id=str(data.get("msg_id") or ""), detail=detail)
        if error in PERMANENT_ERRORS:
            raise PermanentFailure(PERMANENT_ERRORS[error], detail)
        raise TemporaryFailure(TEMPORARY_ERRORS.get(error, f"Zalo báo lỗi mã {error}"), detail)

    def parse_receipts(self, request) -> list[Receipt]:
        body = request.body
        try:
            event = json.loads(body)
        except ValueError:
            raise ReceiptRejected("body is not JSON") from None
        if not isinstance(event, dict):
            raise ReceiptRejected("body is not a JSON object")
        secret = zalo_settings()["OA_SECRET_KEY"]
        expected = signature(
            str(event.get("app_id", "")), body, str(event.get("timestamp", "")), secret
        )
        given = request.headers.get(SIGNATURE_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), expected.encode()):
            raise ReceiptRejected("wrong signature")
        if event.get("event_name") != "user_received_message":
            return []
        message = event.get("message") or {}
        if not message.get("msg_id") and not message.get("tracking_id"):
            raise ReceiptRejected("neither msg_id nor tracking_id")
        return [
            Receipt(
                delivered=True,
                provider_message_id=str(message.get("msg_id") or ""),
                idempotency_key=str(message.get("tracking_id") or ""),
                detail="user_received_message",
                occurred_at=_from_millis(message.get("delivery_time")),
            )
        ]


def _from_millis(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return timezone.now()
