"""The payment receipt (biên nhận thanh toán) of a confirmed payment, as a PDF.

Rendered like the official slips (``paperwork.rendering``): WeasyPrint, the bundled Tinos serif
and nothing else from disk or network. It is the portal's confirmation that the money arrived,
not the legal e-receipt (biên lai điện tử) the collecting agency issues under its own series.
Stored once per payment; a retried job finds it there.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from motcua.paperwork.formatting import long_date, money, time_and_date
from motcua.paperwork.rendering import FONTS_DIR, BundledFontsOnly
from motcua.payments.models import Payment
from motcua.payments.registry import registry


def receipt_html(payment: Payment) -> str:
    request = payment.request
    dossier = request.dossier
    return render_to_string(
        "payments/receipt.html",
        {
            "payment": payment,
            "request": request,
            "dossier": dossier,
            "agency": request.agency,
            "procedure": dossier.procedure_version.procedure,
            "gateway": registry.label(payment.gateway),
            "amount": money(payment.amount_vnd),
            "lines": [
                {**line, "amount": money(line["amount_vnd"])} for line in request.lines or []
            ],
            "paid_at": time_and_date(timezone.localtime(payment.paid_at or payment.confirmed_at)),
            "confirmed_at": time_and_date(timezone.localtime(payment.confirmed_at)),
            "issued_on": long_date(timezone.localtime(payment.confirmed_at)),
        },
    )


def render_receipt_pdf(payment: Payment) -> bytes:
    html = HTML(
        string=receipt_html(payment),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=BundledFontsOnly(),
    )
    return html.write_pdf()


def store_receipt(payment_id: int) -> Payment:
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .select_related("request__dossier__procedure_version__procedure", "request__agency")
            .get(pk=payment_id)
        )
        if payment.receipt or payment.confirmed_at is None:
            return payment
        pdf = render_receipt_pdf(payment)
        payment.receipt.save(
            f"bien-nhan-{payment.receipt_number}.pdf", ContentFile(pdf), save=False
        )
        payment.save(update_fields=["receipt"])
        return payment
