"""Payment pages and gateway endpoints: thin views over ``services`` and ``selectors``.

The applicant pays from the page of their own dossier; the gateway's return is verified and
shown honestly (pending until the IPN or a status query confirms); the IPN answers VNPay in
JSON. Staff of the receiving agency confirm, record and refund; its finance staff export the
day's payments. No view here changes a payment without going through ``services``.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.catalog.models import Agency
from motcua.core import ratelimit
from motcua.dossiers.models import Dossier
from motcua.payments import permissions, selectors, services
from motcua.payments.base import GatewayError
from motcua.payments.forms import NoteForm, ReasonForm, ReportDayForm, TransferProofForm
from motcua.payments.models import Payment
from motcua.payments.registry import registry


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _own_dossier(request, code) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("agency"), code=code)
    if not permissions.is_payer(request.user, dossier):
        raise Http404  # not theirs: do not even say it exists
    return dossier


def _payment_or_404(request, reference) -> Payment:
    payment = selectors.payment_for_reference(reference)
    if payment is None:
        raise Http404
    dossier = payment.request.dossier
    if not (
        permissions.is_payer(request.user, dossier)
        or permissions.can_see_receipt(request.user, dossier)
    ):
        raise Http404
    return payment


def _methods(agency) -> list[dict]:
    return [
        {"id": gw.identifier, "label": gw.verbose_name, "online": gw.online}
        for gw in registry
        if gw.applicant_starts and registry.is_enabled(gw.identifier) and gw.is_configured(agency)
    ]


def _allowed(request) -> bool:
    conf = settings.MOTCUA_PAYMENTS
    key = f"payments:{request.user.pk}"
    return ratelimit.allow(key, limit=conf["START_LIMIT"], window_seconds=conf["START_WINDOW"])


# --- the applicant --------------------------------------------------------------------------


@login_required
@never_cache
def pay(request, code):
    dossier = _own_dossier(request, code)
    state = selectors.payment_state(dossier)
    if request.method == "POST":
        if not state.owes:
            messages.error(request, "Hồ sơ không có khoản phí nào đang chờ nộp.")
            return redirect("payments:pay", code)
        method = request.POST.get("method", "")
        if method not in {m["id"] for m in _methods(dossier.agency)} or method == "transfer":
            return HttpResponseBadRequest("Hình thức thanh toán không hợp lệ.")
        if not _allowed(request):
            messages.error(request, "Bạn đã thử thanh toán quá nhiều lần. Vui lòng thử lại sau.")
            return redirect("payments:pay", code)
        try:
            _payment, start = services.start_payment(
                state.request, method, client_ip=_client_ip(request)
            )
        except (services.PaymentError, GatewayError) as error:
            messages.error(request, error.message)
            return redirect("payments:pay", code)
        if start.redirect_url:
            return redirect(start.redirect_url)
        return redirect("payments:pay", code)
    methods = _methods(dossier.agency)
    transfer = None
    if any(m["id"] == "transfer" for m in methods):
        from motcua.payments.config import transfer_account

        transfer = transfer_account(dossier.agency)
    return render(
        request,
        "payments/pay.html",
        {
            "dossier": dossier,
            "state": state,
            "methods": [m for m in methods if m["id"] != "transfer"],
            "transfer": transfer,
            "proof_form": TransferProofForm(),
            "max_mb": settings.MOTCUA_PAYMENTS["PROOF_MAX_BYTES"] // (1024 * 1024),
        },
    )


@login_required
@require_POST
def upload_proof(request, code):
    dossier = _own_dossier(request, code)
    state = selectors.payment_state(dossier)
    form = TransferProofForm(request.POST, request.FILES)
    if not state.owes:
        messages.error(request, "Hồ sơ không có khoản phí nào đang chờ nộp.")
    elif not _allowed(request):
        messages.error(request, "Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau.")
    elif form.is_valid():
        try:
            services.submit_transfer_proof(
                state.request, uploaded=form.cleaned_data["proof"], content_type=form.content_type
            )
        except (services.PaymentError, GatewayError) as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, "Đã gửi chứng từ chuyển khoản. Cán bộ sẽ xác nhận khi nhận được tiền."
            )
    else:
        messages.error(request, " ".join(form.errors.get("proof", [])))
    return redirect("payments:pay", code)


@require_GET
@never_cache
def gateway_return(request, gateway):
    """The browser is back from the gateway. Verified, logged, never a confirmation."""
    if gateway not in registry:
        raise Http404
    payment, notice = services.read_return(gateway, request.GET.dict())
    if notice is None or payment is None:
        return render(request, "payments/return_invalid.html", status=400)
    request.session[f"payment-return-{payment.reference}"] = {
        "success": notice.success,
        "message": notice.message,
    }
    return redirect("payments:result", payment.reference)


@login_required
@never_cache
def result(request, reference):
    payment = _payment_or_404(request, reference)
    context = {
        "payment": payment,
        "dossier": payment.request.dossier,
        "gateway_said": request.session.get(f"payment-return-{payment.reference}"),
    }
    template = "payments/_result_status.html" if request.htmx else "payments/result.html"
    return render(request, template, context)


@login_required
def receipt(request, reference):
    payment = _payment_or_404(request, reference)
    if payment.status not in (Payment.Status.CONFIRMED, Payment.Status.REFUNDED):
        raise Http404
    if not payment.receipt:
        # The receipt job has not run yet: render it now (storing it is idempotent).
        from motcua.payments.receipts import store_receipt

        payment = store_receipt(payment.pk)
    return FileResponse(
        payment.receipt.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"bien-nhan-{payment.receipt_number}.pdf",
    )


@csrf_exempt
@require_GET
def ipn(request, gateway):
    """VNPay's server-to-server notification (IPN): always HTTP 200 with ``RspCode``."""
    if gateway not in registry:
        raise Http404
    code, message = services.handle_ipn(gateway, request.GET.dict())
    return JsonResponse({"RspCode": code, "Message": message})


# --- staff ----------------------------------------------------------------------------------


def _handled_dossier(request, code) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("agency"), code=code)
    if not permissions.can_handle_payments(request.user, dossier):
        raise PermissionDenied
    return dossier


def _handled_payment(request, reference) -> Payment:
    payment = selectors.payment_for_reference(reference)
    if payment is None:
        raise Http404
    if not permissions.can_handle_payments(request.user, payment.request.dossier):
        raise PermissionDenied
    return payment


@login_required
@never_cache
def manage(request, code):
    dossier = _handled_dossier(request, code)
    return render(
        request,
        "payments/manage.html",
        {
            "dossier": dossier,
            "state": selectors.payment_state(dossier),
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
        },
    )


@login_required
@require_POST
def staff_action(request, code, action):
    dossier = _handled_dossier(request, code)
    state = selectors.payment_state(dossier)
    note = request.POST.get("note", "")
    try:
        if action == "yeu-cau":
            created = services.request_payment(dossier, request.user)
            if created is None:
                messages.info(request, "Thủ tục này không thu phí, lệ phí.")
            else:
                messages.success(request, "Đã yêu cầu nộp phí, lệ phí.")
        elif state.request is None or not state.owes:
            messages.error(request, "Hồ sơ không có khoản phí nào đang chờ nộp.")
        elif action == "tien-mat":
            services.record_cash(state.request, actor=request.user, note=note)
            messages.success(request, "Đã ghi nhận tiền mặt và cấp biên nhận.")
        elif action == "buu-chinh":
            services.record_postal_collection(state.request, actor=request.user, note=note)
            messages.success(request, "Đã ghi nhận bưu chính thu hộ; xác nhận khi nhận được tiền.")
        else:
            raise Http404
    except services.PaymentError as error:
        messages.error(request, error.message)
    return redirect("payments:manage", code)


@login_required
@require_POST
def payment_action(request, reference, action):
    payment = _handled_payment(request, reference)
    reason = request.POST.get("reason", "")
    try:
        if action == "xac-nhan":
            services.confirm_by_staff(
                payment, actor=request.user, note=request.POST.get("note", "")
            )
            messages.success(request, "Đã xác nhận đã nộp phí.")
        elif action == "tu-choi":
            services.reject_by_staff(payment, actor=request.user, reason=reason)
            messages.success(request, "Đã từ chối chứng từ.")
        elif action == "hoan-tien":
            services.refund(payment, actor=request.user, reason=reason)
            messages.success(request, "Đã ghi nhận hoàn tiền.")
        else:
            raise Http404
    except services.PaymentError as error:
        messages.error(request, error.message)
    return redirect("payments:manage", payment.request.dossier.code)


@login_required
def proof(request, reference):
    payment = _handled_payment(request, reference)
    if not payment.proof:
        raise Http404
    return FileResponse(payment.proof.open("rb"), content_type=payment.proof_content_type)


# --- the daily report -----------------------------------------------------------------------


def _report_args(request, agency_id):
    agency = get_object_or_404(Agency, pk=agency_id) if agency_id else request.user.agency
    if agency is None or not permissions.can_see_report(request.user, agency):
        raise PermissionDenied
    form = ReportDayForm(request.GET or {"ngay": timezone.localdate().isoformat()})
    day = form.cleaned_data["ngay"] if form.is_valid() else timezone.localdate()
    return agency, day, form


@login_required
def report(request, agency_id=None):
    agency, day, form = _report_args(request, agency_id)
    return render(
        request,
        "payments/report.html",
        {"report": selectors.daily_report(agency, day), "form": form, "agency": agency},
    )


@login_required
def report_xlsx(request, agency_id):
    agency, day, _form = _report_args(request, agency_id)
    data = selectors.daily_report(agency, day)
    response = HttpResponse(
        _workbook(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="thanh-toan-{agency.pk}-{day:%Y%m%d}.xlsx"'
    )
    return response


def _workbook(data: selectors.DailyReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{data.day:%d-%m-%Y}"
    sheet.append([f"Báo cáo thu phí, lệ phí ngày {data.day:%d/%m/%Y}"])
    sheet.append([data.agency.name])
    sheet.append([])
    header = [
        "Số biên nhận",
        "Mã giao dịch",
        "Mã hồ sơ",
        "Người nộp",
        "Hình thức",
        "Số tiền (đồng)",
        "Xác nhận lúc",
        "Xác nhận qua",
        "Mã giao dịch tại cổng",
        "Trạng thái",
        "Lý do hoàn tiền",
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for payment in data.payments:
        sheet.append(
            [
                payment.receipt_number,
                payment.reference,
                payment.request.dossier.code,
                payment.request.dossier.applicant_name,
                registry.label(payment.gateway),
                payment.amount_vnd,
                timezone.localtime(payment.confirmed_at).replace(tzinfo=None)
                if payment.confirmed_at
                else None,
                payment.get_confirmed_via_display(),
                payment.gateway_transaction_no,
                payment.get_status_display(),
                payment.refund_reason,
            ]
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0"
        sheet.cell(row=sheet.max_row, column=7).number_format = "dd/mm/yyyy hh:mm"
    sheet.append([])
    for label, count, amount in data.totals:
        sheet.append(["", "", "", f"Cộng {label}", count, amount])
        sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0"
    sheet.append(["", "", "", "Tổng thu", "", data.confirmed_total])
    sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0"
    sheet.append(["", "", "", "Tổng hoàn trả", "", data.refunded_total])
    sheet.cell(row=sheet.max_row, column=6).number_format = "#,##0"
    for column, width in zip(
        "ABCDEFGHIJK", (16, 18, 28, 24, 30, 16, 18, 28, 20, 16, 30), strict=True
    ):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
