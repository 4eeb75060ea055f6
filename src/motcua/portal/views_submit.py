"""Online submission pages: the form (e-form, agency, uploads, result delivery), its autosave,
the review page and the supplement. Views parse the post and render; ``portal.submission``
does the writing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.uploads import MAX_UPLOAD_BYTES, UploadRefused
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError
from motcua.portal import selectors, submission
from motcua.portal.eforms import (
    as_form_data,
    build_eform,
    display_value,
    eform_fields,
    profile_initial,
    raw_values,
)

ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


def _opened_or_404(request, code: str) -> submission.OpenProcedure:
    if not submission.may_submit(request.user):
        raise PermissionDenied(_("Chỉ tài khoản công dân, tổ chức mới nộp hồ sơ trực tuyến."))
    opened = submission.open_procedure(code)
    if opened is None:
        raise Http404(_("Thủ tục này chưa cho phép nộp hồ sơ trực tuyến."))
    return opened


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _draft_input(request, version) -> submission.DraftInput:
    uploads = {}
    for name, upload in request.FILES.items():
        pk = _int(name.removeprefix("giay-to-")) if name.startswith("giay-to-") else None
        if pk is not None:
            uploads[pk] = upload
    return submission.DraftInput(
        form_values=raw_values(version.eform_schema, version.eform_ui, request.POST),
        agency_id=_int(request.POST.get("co_quan")),
        result_delivery=request.POST.get("nhan_ket_qua", ""),
        uploads=uploads,
    )


def _form_context(request, opened, draft, *, eform, refused=None, problems=None):
    return {
        "procedure": opened.procedure,
        "version": opened.version,
        "agencies": opened.agencies,
        "draft": draft,
        "eform": eform,
        "slots": submission.checklist(draft, refused),
        "deliveries": Dossier.ResultDelivery.choices,
        "problems": problems,
        "refused": refused or {},
        "accept": ACCEPT,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }


@login_required
@require_http_methods(["GET", "POST"])
def submit_procedure(request, code: str):
    opened = _opened_or_404(request, code)
    draft = submission.draft_of(request.user, opened)
    version = opened.version
    if request.method == "GET":
        # What the draft keeps wins over the profile (a field cleared on purpose stays empty).
        initial = {
            **profile_initial(version.eform_schema, version.eform_ui, request.user),
            **draft.form_data,
        }
        eform = build_eform(version.eform_schema, version.eform_ui, initial=initial)
        return render(
            request, "portal/submit/form.html", _form_context(request, opened, draft, eform=eform)
        )

    refused = submission.save_draft(draft, _draft_input(request, version), opened)
    draft.refresh_from_db()
    if request.POST.get("buoc") == "xem-lai" and not refused:
        problems = submission.check_draft(draft)
        if not problems:
            return redirect("portal:submit_review", code=code)
        context = _form_context(request, opened, draft, eform=problems.form, problems=problems)
        return render(request, "portal/submit/form.html", context, status=400)
    eform = build_eform(version.eform_schema, version.eform_ui, data=as_form_data(draft.form_data))
    if refused:
        context = _form_context(request, opened, draft, eform=eform, refused=refused)
        return render(request, "portal/submit/form.html", context, status=400)
    messages.success(request, _("Đã lưu nháp. Bạn có thể quay lại tiếp tục bất cứ lúc nào."))
    return redirect("portal:submit_procedure", code=code)


@login_required
@require_POST
def autosave(request, code: str):
    """htmx: keep what was typed (files travel only with the page's own buttons)."""
    opened = _opened_or_404(request, code)
    draft = submission.draft_of(request.user, opened)
    data = _draft_input(request, opened.version)
    data.uploads = {}
    submission.save_draft(draft, data, opened)
    return render(
        request,
        "portal/submit/_autosave.html",
        {"saved_at": timezone.localtime()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, code: str):
    opened = _opened_or_404(request, code)
    draft = submission.draft_of(request.user, opened)
    problems = submission.check_draft(draft)
    if problems:
        messages.error(request, _("Hồ sơ chưa đủ thông tin để nộp. Vui lòng kiểm tra lại."))
        return redirect("portal:submit_procedure", code=code)
    if request.method == "POST":
        try:
            dossier = submission.submit_draft(draft, request.user)
        except (submission.SubmissionError, DossierError) as error:
            messages.error(request, error.message)
            return redirect("portal:submit_procedure", code=code)
        messages.success(
            request,
            _("Đã nộp hồ sơ %(code)s. Cơ quan sẽ kiểm tra và tiếp nhận hồ sơ của bạn.")
            % {"code": dossier.code},
        )
        return redirect("portal:my_dossier", code=dossier.code)
    version = opened.version
    answers = [
        (field.label, display_value(field, problems.form.document.get(field.name)))
        for field in eform_fields(version.eform_schema, version.eform_ui)
    ]
    return render(
        request,
        "portal/submit/review.html",
        {
            "procedure": opened.procedure,
            "draft": draft,
            "answers": answers,
            "slots": submission.checklist(draft),
            "delivery": Dossier.ResultDelivery(draft.result_delivery).label,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplement(request, code: str):
    dossier = selectors.owned_dossier(request.user, code)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    state = selectors.dossier_status(dossier)
    if not state.awaiting_supplement:
        messages.info(request, _("Hồ sơ không ở trạng thái chờ bổ sung."))
        return redirect("portal:my_dossier", code=code)
    error = ""
    if request.method == "POST":
        uploads = {}
        for name, upload in request.FILES.items():
            pk = _int(name.removeprefix("giay-to-")) if name.startswith("giay-to-") else None
            if pk is not None:
                uploads[pk] = upload
        try:
            submission.submit_supplement(
                dossier, request.user, uploads, note=request.POST.get("ghi_chu", "")[:2000]
            )
        except UploadRefused as refused:
            error = refused.message
        except (submission.SubmissionError, DossierError) as problem:
            error = problem.message
        else:
            messages.success(request, _("Đã nộp bổ sung hồ sơ %(code)s.") % {"code": code})
            return redirect("portal:my_dossier", code=code)
    return render(
        request,
        "portal/submit/supplement.html",
        {
            "dossier": dossier,
            "documents": submission.supplement_documents(dossier),
            "error": error,
            "accept": ACCEPT,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=400 if error else 200,
    )
