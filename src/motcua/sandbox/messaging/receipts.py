"""Delivery receipts, sent the way each real provider sends them.

- SMS (eSMS): HTTP GET on the message's ``CallbackUrl`` with ``SMSID``, ``RequestId``,
  ``SendStatus=5`` and ``SendSuccess``/``SendFailed``.
- Zalo: HTTP POST of a ``user_received_message`` event to the OA webhook, signed with
  ``X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA secret key)``.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.sandbox.messaging.models import Message


def zalo_webhook_url() -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + reverse("notifications:webhook-zalo")


def send_receipt(message: Message, *, delivered: bool = True, timeout: float = 10) -> int:
    """Call the portal's webhook for ``message``; returns the HTTP status it answered."""
    if message.channel == "sms":
        params = {
            "SMSID": message.provider_message_id,
            "SendFailed": "0" if delivered else "1",
            "SendStatus": "5",
            "SendSuccess": "1" if delivered else "0",
            "TotalPrice": "0",
            "TotalReceiver": "1",
            "TotalSent": "1",
            "RequestId": message.idempotency_key,
            "TypeId": "2",
            "telcoid": "1",
            "phonenumber": message.recipient,
        }
        separator = "&" if "?" in message.callback_url else "?"
        request = urllib.request.Request(  # noqa: S310 - our own callback URL
            message.callback_url + separator + urllib.parse.urlencode(params), method="GET"
        )
    elif message.channel == "zalo":
        if not delivered:
            raise ValueError("Zalo only reports messages that arrived (user_received_message)")
        config = settings.MOTCUA_NOTIFICATIONS["ZALO"]
        now = str(int(time.time() * 1000))
        body = json.dumps(
            {
                "app_id": config["APP_ID"],
                "event_name": "user_received_message",
                "timestamp": now,
                "sender": {"id": "sandbox-oa"},
                "recipient": {"id": "sandbox-user-" + message.recipient[-4:]},
                "message": {
                    "msg_id": message.provider_message_id,
                    "tracking_id": message.idempotency_key,
                    "delivery_time": now,
                },
            }
        ).encode()
        mac = hashlib.sha256(
            config["APP_ID"].encode() + body + now.encode() + config["OA_SECRET_KEY"].encode()
        ).hexdigest()
        request = urllib.request.Request(  # noqa: S310
            zalo_webhook_url(),
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={mac}"},
        )
    else:
        raise ValueError("email has no delivery receipts")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    Message.objects.filter(pk=message.pk).update(
        receipt_sent_at=timezone.now(), receipt_delivered=delivered
    )
    return status
