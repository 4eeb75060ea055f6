"""Delivery receipts from the gateways. Each channel verifies its provider's signature or
secret token; a call that fails verification is answered 403 and changes nothing.

Providers retry a webhook that does not answer 200, so a receipt for an unknown message is
still answered 200 (and logged): retrying would not make it known.
"""

import logging

from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from motcua.notifications import services
from motcua.notifications.base import ReceiptRejected
from motcua.notifications.registry import channels

logger = logging.getLogger(__name__)


def _receive(request, channel_code):
    try:
        receipts = channels[channel_code].parse_receipts(request)
    except ReceiptRejected as error:
        logger.warning(
            "rejected %s receipt from %s: %s", channel_code, request.META.get("REMOTE_ADDR"), error
        )
        return HttpResponseForbidden("rejected")
    changed = services.apply_receipts(channel_code, receipts)
    return JsonResponse({"ok": True, "received": len(receipts), "changed": changed})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def sms_receipt(request, token):
    """eSMS calls the CallbackUrl with GET; the token is checked by the channel."""
    return _receive(request, "sms")


@csrf_exempt
@require_http_methods(["POST"])
def zalo_event(request):
    """Zalo's OA webhook (X-ZEvent-Signature)."""
    return _receive(request, "zalo")
