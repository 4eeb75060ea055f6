"""The sandbox inbox page and the control endpoint."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.notifications.rendering import sms_summary
from motcua.sandbox.messaging import receipts, state
from motcua.sandbox.messaging.models import Behaviour, Channel, Message, Request


@require_GET
def inbox(request):
    channel = request.GET.get("kenh", "")
    shown = Message.objects.all()
    if channel in Channel.values:
        shown = shown.filter(channel=channel)
    behaviours = {b.channel: b for b in Behaviour.objects.all()}
    shown = list(shown[:100])
    for message in shown:
        # What the operator would bill: parts, alphabet, length.
        message.length = sms_summary(message.body) if message.channel == "sms" else ""
    return render(
        request,
        "sandbox/inbox.html",
        {
            "inbox_messages": shown,
            "channel": channel,
            "channels": Channel.choices,
            "failures": Behaviour.Failure.choices,
            "behaviours": [
                {
                    "code": code,
                    "label": label,
                    "behaviour": behaviours.get(code),
                    "requests": state.requests(code).count(),
                }
                for code, label in Channel.choices
            ],
        },
    )


@require_POST
def send_receipt(request, pk):
    message = get_object_or_404(Message, pk=pk)
    delivered = request.POST.get("delivered", "1") == "1"
    status = receipts.send_receipt(message, delivered=delivered)
    if status == 200:
        messages.success(request, _("Đã gửi báo nhận cho tin %(id)s.") % {"id": message.pk})
    else:
        messages.error(
            request, _("Cổng trả lời báo nhận với mã HTTP %(status)s.") % {"status": status}
        )
    return redirect("sandbox_messaging:inbox")


@require_POST
def clear(request):
    Message.objects.all().delete()
    Request.objects.all().delete()
    messages.success(request, _("Đã xóa hộp thư thử nghiệm."))
    return redirect("sandbox_messaging:inbox")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def control(request):
    """GET: how each provider behaves and how many requests it got. POST (JSON or form):
    ``{"channel": "sms", "failure": "temporary", "times": 3, "delay_seconds": 0}``."""
    if request.method == "POST":
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return JsonResponse({"error": "body is not JSON"}, status=400)
        else:
            data = request.POST
        try:
            channel = data["channel"]
            if channel not in Channel.values:
                raise ValueError(f"unknown channel {channel!r}")
            times = data.get("times")
            state.behave(
                channel,
                failure=data.get("failure") or "",
                times=int(times) if times not in (None, "") else None,
                delay_seconds=float(data.get("delay_seconds") or 0),
            )
        except (KeyError, ValueError) as error:
            if request.content_type != "application/json":
                messages.error(request, str(error))
                return redirect("sandbox_messaging:inbox")
            return JsonResponse({"error": str(error)}, status=400)
        if request.content_type != "application/json":
            messages.success(
                request, _("Đã đổi cách phản hồi của kênh %(channel)s.") % {"channel": channel}
            )
            return redirect("sandbox_messaging:inbox")
    return JsonResponse(
        {
            "behaviours": {
                b.channel: {
                    "failure": b.failure,
                    "failures_left": b.failures_left,
                    "delay_seconds": b.delay_seconds,
                }
                for b in Behaviour.objects.all()
            },
            "requests": {code: state.requests(code).count() for code in Channel.values},
            "messages": {code: state.messages(code).count() for code in Channel.values},
        }
    )
