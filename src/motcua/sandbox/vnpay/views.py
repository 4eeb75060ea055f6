"""The sandbox gateway's pages: VNPay's payment page (bank, card, OTP), its transaction API
(``querydr``) and the control page that tells it how to behave."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.catalog.templatetags.catalog_tags import vnd
from motcua.payments.contrib.vnpay import protocol
from motcua.sandbox.vnpay import gateway
from motcua.sandbox.vnpay.models import Behaviour, Transaction


def _page(request, txn, step, error="", status=200):
    return render(
        request,
        "sandbox_vnpay/pay.html",
        {
            "txn": txn,
            "step": step,
            "error": error,
            "amount": vnd(protocol.from_wire_amount(txn.amount)) if txn else "",
            "card": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


@csrf_exempt  # VNPay's page takes the merchant's redirect and its own forms, no Django session
@require_http_methods(["GET", "POST"])
def pay(request):
    if request.method == "GET":
        try:
            txn = gateway.open_payment(request.GET.dict())
        except gateway.Refused as refused:
            return render(
                request,
                "sandbox_vnpay/refused.html",
                {"code": refused.code, "message": refused.message},
                status=400,
            )
        return _page(request, txn, "card")
    txn = get_object_or_404(Transaction, pk=request.POST.get("txn"), token=request.POST.get("t"))
    if txn.status != "01":
        return HttpResponseRedirect(gateway.return_url(txn))
    if "cancel" in request.POST:
        return HttpResponseRedirect(gateway.finish(txn, cancelled=True))
    problem = gateway.check_card(request.POST)
    if problem:
        return _page(request, txn, "card", problem, status=400)
    if request.POST.get("step") == "card":
        return _page(request, txn, "otp")
    if request.POST.get("otp", "").strip() != gateway.TEST_CARD["otp"]:
        return _page(request, txn, "otp", "Mã OTP không đúng.", status=400)
    return HttpResponseRedirect(gateway.finish(txn))


@csrf_exempt  # a server-to-server JSON API, like VNPay's
@require_POST
def transaction_api(request):
    try:
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"vnp_ResponseCode": "03", "vnp_Message": "Invalid data format"})
    return JsonResponse(gateway.query({k: "" if v is None else str(v) for k, v in data.items()}))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def control(request):
    """GET: the page (or JSON with ``?format=json``). POST (form or JSON):
    ``{"mode": "decline", "decline_code": "51", "late_seconds": 60}``."""
    is_json = request.content_type == "application/json"
    if request.method == "POST":
        try:
            data = json.loads(request.body or b"{}") if is_json else request.POST
            gateway.behave(
                data.get("mode", "normal"),
                decline_code=data.get("decline_code") or "51",
                late_seconds=int(data.get("late_seconds") or 60),
            )
        except (ValueError, TypeError) as error:
            if is_json:
                return JsonResponse({"error": str(error)}, status=400)
            messages.error(request, str(error))
            return redirect("sandbox_vnpay:control")
        if not is_json:
            messages.success(request, "Đã đổi cách phản hồi của cổng thanh toán thử nghiệm.")
            return redirect("sandbox_vnpay:control")
    conduct = gateway.behaviour()
    if is_json or request.GET.get("format") == "json":
        return JsonResponse(
            {
                "mode": conduct.mode,
                "decline_code": conduct.decline_code,
                "late_seconds": conduct.late_seconds,
                "transactions": [
                    {
                        "txn_ref": t.txn_ref,
                        "status": t.status,
                        "response_code": t.response_code,
                        "ipn_answers": t.ipn_answers,
                        "ipn_due_at": t.ipn_due_at.isoformat() if t.ipn_due_at else None,
                    }
                    for t in Transaction.objects.all()[:50]
                ],
            }
        )
    return render(
        request,
        "sandbox_vnpay/control.html",
        {
            "behaviour": conduct,
            "modes": Behaviour.Mode.choices,
            "codes": [(c, m) for c, m in protocol.PAYMENT_RESPONSES.items() if c != "00"],
            "transactions": Transaction.objects.all()[:50],
            "card": gateway.TEST_CARD,
        },
    )


@csrf_exempt
@require_POST
def send_due(request):
    """Send every late IPN now (the control page's button; tests use it instead of waiting)."""
    sent = gateway.send_due_ipns(now=_far_future())
    if request.content_type == "application/json":
        return JsonResponse({"sent": sent})
    messages.success(request, f"Đã gửi {sent} IPN trễ.")
    return redirect("sandbox_vnpay:control")


def _far_future():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=3650)
