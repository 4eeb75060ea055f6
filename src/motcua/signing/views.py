"""The public verification page (/xac-thuc/) and the demo CA's CRL. Thin: the form checks the
upload, ``verification.verify_pdf`` does the work, the template explains it."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core import ratelimit
from motcua.signing.forms import VerifyUploadForm
from motcua.signing.verification import NotAPdf, verify_pdf

TEMPLATE = "signing/verify.html"


def within_verify_limit(request) -> bool:
    return ratelimit.allow(
        ratelimit.client_key("verify", request),
        limit=settings.MOTCUA_SIGNING_VERIFY_LIMIT,
        window_seconds=settings.MOTCUA_SIGNING_VERIFY_WINDOW_SECONDS,
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    if request.method == "GET":
        return render(request, TEMPLATE, {"form": VerifyUploadForm()})
    if not within_verify_limit(request):
        limit_error = _(
            "Bạn đã gửi quá nhiều tệp trong thời gian ngắn. Vui lòng thử lại sau ít phút."
        )
        return render(
            request, TEMPLATE, {"form": VerifyUploadForm(), "limit_error": limit_error}, status=429
        )
    form = VerifyUploadForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        try:
            report = verify_pdf(form.cleaned_data["document"])
        except NotAPdf:
            form.add_error(
                "document", _("Không đọc được tệp PDF này (tệp bị hỏng hoặc không đúng định dạng).")
            )
    status = 200 if report is not None else 400
    return render(
        request,
        TEMPLATE,
        {
            "form": VerifyUploadForm() if report is not None else form,
            "report": report,
            "file_name": request.FILES["document"].name if report is not None else "",
        },
        status=status,
    )


@require_GET
def demo_ca_crl(request):
    """The demo CA's revocation list, at the URL its certificates name (dev and test only)."""
    path = settings.MOTCUA_SIGNING_DEMO_CA_DIR / "root.crl"
    if settings.IS_PROD or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="application/pkix-crl")
