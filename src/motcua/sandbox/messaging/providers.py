"""The simulated providers' APIs, answering exactly as the real ones do.

- SMS: eSMS's ``SendMultipleMessage_V4_post_json`` (see ``motcua.notifications.contrib.sms``).
  Wrong ApiKey/SecretKey → ``CodeResult 101``; a RequestId already accepted → ``124`` (not sent
  again); told to fail temporarily → HTTP 503; permanently → ``146`` (content does not match a
  registered template).
- Zalo ZNS: ``POST /message/template`` with the ``access_token`` header. Wrong token → ``-124``
  (when the WSGI server lets the header through);
  a phone that is not ``84…`` → ``-108``; told to fail temporarily → HTTP 503; permanently →
  ``-118`` (no Zalo account). A repeated ``tracking_id`` is accepted again, as Zalo does.
"""

from __future__ import annotations

import hmac
import json
import re
import time
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.sandbox.messaging import state
from motcua.sandbox.messaging.models import Message, Request


def _json(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _same(given, expected) -> bool:
    return bool(expected) and hmac.compare_digest(str(given or "").encode(), str(expected).encode())


@csrf_exempt
@require_POST
def sms_send(request):
    data = _json(request)
    config = settings.MOTCUA_NOTIFICATIONS["SMS"]
    key = str(data.get("RequestId") or "")
    if not (
        _same(data.get("ApiKey"), config["API_KEY"])
        and _same(data.get("SecretKey"), config["SECRET_KEY"])
    ):
        state.log("sms", Request.Outcome.REFUSED, key)
        return JsonResponse({"CodeResult": "101", "ErrorMessage": "Sai ApiKey hoặc SecretKey"})
    if not data.get("Phone") or not data.get("Content"):
        state.log("sms", Request.Outcome.REFUSED, key)
        return JsonResponse({"CodeResult": "99", "ErrorMessage": "Thiếu Phone hoặc Content"})
    failure = state.take_failure("sms")
    if failure == "temporary":
        state.log("sms", Request.Outcome.TEMPORARY, key)
        return JsonResponse({"CodeResult": "99", "ErrorMessage": "Service Unavailable"}, status=503)
    if failure == "permanent":
        state.log("sms", Request.Outcome.PERMANENT, key)
        return JsonResponse(
            {"CodeResult": "146", "ErrorMessage": "Sai template chăm sóc khách hàng"}
        )
    if key and Message.objects.filter(channel="sms", idempotency_key=key).exists():
        state.log("sms", Request.Outcome.DUPLICATE, key)
        return JsonResponse({"CodeResult": "124", "ErrorMessage": "Trùng RequestId khi gửi tin"})
    sms_id = str(uuid.uuid4())
    try:
        with transaction.atomic():
            Message.objects.create(
                channel="sms",
                recipient=str(data["Phone"]),
                sender=str(data.get("Brandname") or ""),
                body=str(data["Content"]),
                idempotency_key=key,
                provider_message_id=sms_id,
                callback_url=str(data.get("CallbackUrl") or ""),
            )
    except IntegrityError:  # the same RequestId raced in on another connection
        state.log("sms", Request.Outcome.DUPLICATE, key)
        return JsonResponse({"CodeResult": "124", "ErrorMessage": "Trùng RequestId khi gửi tin"})
    state.log("sms", Request.Outcome.ACCEPTED, key)
    state.pause("sms")
    return JsonResponse({"CodeResult": "100", "CountRegenerate": 0, "SMSID": sms_id})


@csrf_exempt
@require_POST
def zalo_send(request):
    data = _json(request)
    config = settings.MOTCUA_NOTIFICATIONS["ZALO"]
    key = str(data.get("tracking_id") or "")
    # Zalo wants the token in an ``access_token`` header. WSGI servers (gunicorn, Django's
    # own) drop headers with underscores, so the sandbox can only check it when it arrives;
    # the adapter's header is tested against a raw HTTP server instead.
    token = request.META.get("HTTP_ACCESS_TOKEN")
    if token is not None and not _same(token, config["ACCESS_TOKEN"]):
        state.log("zalo", Request.Outcome.REFUSED, key)
        return JsonResponse({"error": -124, "message": "Access token is invalid"})
    phone = str(data.get("phone") or "")
    if not re.fullmatch(r"84\d{9,10}", phone):
        state.log("zalo", Request.Outcome.REFUSED, key)
        return JsonResponse({"error": -108, "message": "Phone number is invalid"})
    if not data.get("template_id"):
        state.log("zalo", Request.Outcome.REFUSED, key)
        return JsonResponse({"error": -109, "message": "Template ID is invalid"})
    failure = state.take_failure("zalo")
    if failure == "temporary":
        state.log("zalo", Request.Outcome.TEMPORARY, key)
        return JsonResponse({"error": -100, "message": "Service Unavailable"}, status=503)
    if failure == "permanent":
        state.log("zalo", Request.Outcome.PERMANENT, key)
        return JsonResponse({"error": -118, "message": "Zalo account not existed"})
    msg_id = uuid.uuid4().hex
    template_data = data.get("template_data") if isinstance(data.get("template_data"), dict) else {}
    Message.objects.create(
        channel="zalo",
        recipient=phone,
        body="\n".join(f"{name}: {value}" for name, value in template_data.items()),
        idempotency_key=key,
        provider_message_id=msg_id,
        template_id=str(data["template_id"]),
        template_data=template_data,
    )
    state.log("zalo", Request.Outcome.ACCEPTED, key)
    state.pause("zalo")
    return JsonResponse(
        {
            "error": 0,
            "message": "Success",
            "data": {
                "msg_id": msg_id,
                "sent_time": str(int(time.time() * 1000)),
                "quota": {"dailyQuota": "500", "remainingQuota": "499"},
            },
        }
    )
