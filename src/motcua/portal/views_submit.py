"""Online submission pages: the form (e-form, agency, uploads, result delivery), its autosave,
the review page and the supplement. Views parse the post and render; ``portal.submission``
does the writing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
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
    eform_sections,
    profile_initial,
    raw_values,
)

ACCEPT = (
    "application/pdf,image/jpeg,image/png,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    ".pdf,.jpg,.jpeg,.png,.docx"
)


@dataclass(frozen=True)
class Step:
    """One page of a long form: a topic of the e-form, the documents page or the review."""

    number: int
    title: str
    names: tuple[str, ...] = ()  # the e-form fields on this page
    kind: str = "form"  # "form", "documents" or "review"


def _steps(version) -> list[Step]:
    """The pages of the submission when the e-form has several topics, else [] (one page)."""
    sections = eform_sections(version.eform_schema, version.eform_ui)
    if len(sections) < 2:
        return []
    steps = [
        Step(i, title or _("Tờ khai (phần %(n)s)") % {"n": i}, tuple(names))
        for i, (title, names) in enumerate(sections, start=1)
    ]
    steps.append(Step(len(steps) + 1, _("Nơi nộp, giấy tờ và nhận kết quả"), kind="documents"))
    steps.append(Step(len(steps) + 1, _("Xem lại và nộp"), kind="review"))
    return steps


def _step_url(code: str, number: int) -> str:
    return reverse("portal:submit_step", args=[code, number])


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


def _draft_input(request, version, names=None) -> submission.DraftInput:
    uploads, reuse = {}, {}
    for name, upload in request.FILES.items():
        pk = _int(name.removeprefix("giay-to-")) if name.startswith("giay-to-") else None
        if pk is not None:
            uploads[pk] = upload
    for name, value in request.POST.items():
        pk = _int(name.removeprefix("dung-lai-")) if name.startswith("dung-lai-") else None
        if pk is not None and _int(value) is not None:
            reuse[pk] = _int(value)
    return submission.DraftInput(
        form_values=raw_values(version.eform_schema, version.eform_ui, request.POST, names),
        agency_id=_int(request.POST.get("co_quan")),
        result_delivery=request.POST.get("nhan_ket_qua", ""),
        uploads=uploads,
        reuse=reuse,
    )


def _summary(form, names, link) -> list[tuple[str, str]]:
    """(href, message) of the form's errors for the fields ``names``, in the form's order."""
    return [
        (link(field.name), f"{field.label}: {error}")
        for field in form.eform_fields
        if field.name in names
        for error in form.errors.get(field.name, [])
    ]


def _form_context(request, opened, draft, *, eform, refused=None, problems=None, step=None):
    """The submission page: the whole form (``step`` None), one topic of a long form, or its
    agency, documents and delivery page (whose error summary links each wrong field of the
    declaration to its own page)."""
    steps = _steps(opened.version)
    code = opened.procedure.code
    all_names = [f.name for f in eform.eform_fields]
    if step is None:
        shown, summarised = all_names, all_names
    elif step.kind == "form":
        shown, summarised = list(step.names), list(step.names)
    else:
        shown, summarised = [], all_names
    field_step = {name: s.number for s in steps for name in s.names}

    def link(name):
        anchor = f"#id_tk-{name}"
        return anchor if name in shown else _step_url(code, field_step[name]) + anchor

    on_documents = step is None or step.kind == "documents"
    slots = submission.checklist(draft, refused) if on_documents else []
    return {
        "procedure": opened.procedure,
        "version": opened.version,
        "agencies": opened.agencies,
        "draft": draft,
        "eform": eform,
        "page_fields": [eform[name] for name in shown],
        "form_errors": _summary(eform, set(summarised), link),
        "non_field_errors": eform.non_field_errors() if on_documents else [],
        "steps": steps,
        "step": step,
        "on_documents": on_documents,
        "slots": submission.with_reuse(slots, request.user),
        "deliveries": Dossier.ResultDelivery.choices,
        "problems": problems,
        "refused": refused or {},
        "accept": ACCEPT,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }


def _initial(version, draft, user) -> dict:
    # What the draft keeps wins over the profile (a field cleared on purpose stays empty).
    return {**profile_initial(version.eform_schema, version.eform_ui, user), **draft.form_data}


def _resume_step(steps, draft) -> Step:
    """Where a citizen coming back continues: the first topic with something missing or wrong
    (the first one for a new draft), else the documents page."""
    if not draft.form_data:
        return steps[0]
    form = build_eform(
        draft.version.eform_schema, draft.version.eform_ui, data=as_form_data(draft.form_data)
    )
    form.is_valid()
    for step in steps:
        if step.kind == "form" and any(name in form.errors for name in step.names):
            return step
    return steps[-2]


@login_required
@require_http_methods(["GET", "POST"])
def submit_procedure(request, code: str):
    opened = _opened_or_404(request, code)
    # A post stores a new draft with what it carries (one statement); a page shows a stored one.
    draft = submission.draft_of(request.user, opened, create=request.method == "GET")
    version = opened.version
    steps = _steps(version)
    if steps and request.method == "GET":
        return redirect(_step_url(code, _resume_step(steps, draft).number))
    if request.method == "GET":
        eform = build_eform(
            version.eform_schema, version.eform_ui, initial=_initial(version, draft, request.user)
        )
        return render(
            request, "portal/submit/form.html", _form_context(request, opened, draft, eform=eform)
        )

    saved = submission.save_draft(draft, _draft_input(request, version), opened)
    refused = saved.refused
    if request.POST.get("buoc") == "xem-lai" and not refused:
        problems = submission.check_draft(draft, opened, files=saved.files)
        if not problems:
            return redirect("portal:submit_review", code=code)
        context = _form_context(request, opened, draft, eform=problems.form, problems=problems)
        return render(request, "portal/submit/form.html", context, status=400)
    eform = build_eform(version.eform_schema, version.eform_ui, data=as_form_data(draft.form_data))
    if refused:
        context = _form_context(request, opened, draft, eform=eform, refused=refused)
        return render(request, "portal/submit/form.html", context, status=400)
    messages.success(request, _("Đã lưu nháp. Bạn có thể quay lại tiếp tục bất cứ lúc nào."))
    if steps:
        return redirect(_step_url(code, steps[0].number))
    return redirect("portal:submit_procedure", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def submit_step(request, code: str, number: int):
    """One page of a long form: a topic of the e-form ("Tiếp tục" checks only its fields), or
    the agency, documents and delivery page. Every post keeps what was typed in the draft,
    so going back loses nothing; "Quay lại" and "Lưu nháp" check nothing."""
    opened = _opened_or_404(request, code)
    version = opened.version
    steps = _steps(version)
    if not steps:
        return redirect("portal:submit_procedure", code=code)
    if not 1 <= number < len(steps):
        if number == len(steps):
            return redirect("portal:submit_review", code=code)
        raise Http404(_("Không có bước này."))
    step = steps[number - 1]
    draft = submission.draft_of(request.user, opened)
    if request.method == "GET":
        eform = build_eform(
            version.eform_schema, version.eform_ui, initial=_initial(version, draft, request.user)
        )
        context = _form_context(request, opened, draft, eform=eform, step=step)
        return render(request, "portal/submit/form.html", context)

    data = _draft_input(request, version, names=set(step.names))
    if step.kind != "documents":
        data.uploads, data.reuse = {}, {}
    refused = submission.save_draft(draft, data, opened).refused
    action = request.POST.get("buoc", "tiep")
    eform = build_eform(version.eform_schema, version.eform_ui, data=as_form_data(draft.form_data))
    if refused:
        context = _form_context(request, opened, draft, eform=eform, refused=refused, step=step)
        return render(request, "portal/submit/form.html", context, status=400)
    if action == "lui" and number > 1:
        return redirect(_step_url(code, number - 1))
    if action == "luu":
        messages.success(request, _("Đã lưu nháp. Bạn có thể quay lại tiếp tục bất cứ lúc nào."))
        return redirect(_step_url(code, number))
    if step.kind == "documents":
        problems = submission.check_draft(draft, opened)
        if not problems:
            return redirect("portal:submit_review", code=code)
        context = _form_context(
            request, opened, draft, eform=problems.form, problems=problems, step=step
        )
        return render(request, "portal/submit/form.html", context, status=400)
    eform.is_valid()
    if any(name in eform.errors for name in step.names):
        context = _form_context(request, opened, draft, eform=eform, step=step)
        return render(request, "portal/submit/form.html", context, status=400)
    return redirect(_step_url(code, number + 1))


@login_required
@require_POST
def autosave(request, code: str):
    """htmx: keep what was typed (files travel only with the page's own buttons)."""
    opened = _opened_or_404(request, code)
    draft = submission.draft_of(request.user, opened)
    steps = _steps(opened.version)
    number = _int(request.POST.get("trang"))
    names = None
    if steps and number is not None and 1 <= number < len(steps):
        names = set(steps[number - 1].names)  # a page of a long form: only its fields
    data = _draft_input(request, opened.version, names)
    data.uploads, data.reuse = {}, {}
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
    if request.method == "POST":
        # ``submit_draft`` reads the draft under its lock, checks it, and refuses an incomplete
        # one with the same message as the page below: no need to read or check it twice.
        try:
            dossier = submission.submit_draft(request.user, opened)
        except submission.AlreadySubmitted as error:
            messages.info(request, error.message)
            return redirect("portal:my_dossiers")
        except (submission.SubmissionError, DossierError) as error:
            messages.error(request, error.message)
            return redirect("portal:submit_procedure", code=code)
        messages.success(
            request,
            _("Đã nộp hồ sơ %(code)s. Cơ quan sẽ kiểm tra và tiếp nhận hồ sơ của bạn.")
            % {"code": dossier.code},
        )
        return redirect("portal:my_dossier", code=dossier.code)
    draft = submission.draft_of(request.user, opened)
    files = list(draft.files.all())
    problems = submission.check_draft(draft, opened, files=files)
    if problems:
        messages.error(request, _("Hồ sơ chưa đủ thông tin để nộp. Vui lòng kiểm tra lại."))
        return redirect("portal:submit_procedure", code=code)
    version = opened.version
    steps = _steps(version)
    document = problems.form.document
    by_name = {f.name: f for f in eform_fields(version.eform_schema, version.eform_ui)}
    base_url = reverse("portal:submit_procedure", args=[code])
    if steps:
        sections = [
            (
                step.title,
                _step_url(code, step.number),
                [
                    (by_name[n].label, display_value(by_name[n], document.get(n)))
                    for n in step.names
                ],
            )
            for step in steps
            if step.kind == "form"
        ]
        documents_url = _step_url(code, steps[-2].number)
    else:
        answers = [(f.label, display_value(f, document.get(f.name))) for f in by_name.values()]
        sections = [(_("Tờ khai"), base_url, answers)] if answers else []
        documents_url = base_url
    return render(
        request,
        "portal/submit/review.html",
        {
            "procedure": opened.procedure,
            "draft": draft,
            "sections": sections,
            "documents_url": documents_url,
            "steps": steps,
            "step": steps[-1] if steps else None,
            "slots": submission.checklist(draft, files=files),
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
