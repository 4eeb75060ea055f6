"""Citizen-facing pages. Views parse input and render; they never change state themselves
(a withdrawal goes through ``dossiers.services.perform_action``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.catalog.selectors import home_overview
from motcua.core import ratelimit
from motcua.dossiers.api import LOOKUP_LIMIT, LOOKUP_WINDOW_SECONDS
from motcua.dossiers.services import DossierError, perform_action
from motcua.portal import document_store as store
from motcua.portal import selectors
from motcua.portal.forms import LookupForm, RatingForm, WithdrawForm
from motcua.portal.ratings import RatingError, can_rate, rate_dossier


@require_GET
def home(request):
    return render(request, "portal/home.html", home_overview())


@login_required
@require_GET
def my_dossiers(request):
    page = Paginator(selectors.citizen_dossiers(request.user), 20).get_page(
        request.GET.get("trang")
    )
    rows = [selectors.dossier_status(dossier) for dossier in page.object_list]
    return render(request, "portal/my_dossiers.html", {"page": page, "rows": rows})


def _owned_or_404(request, code: str):
    dossier = selectors.owned_dossier(request.user, code)
    if dossier is None:
        # The same answer for someone else's dossier and a code that does not exist.
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


@login_required
@require_http_methods(["GET", "POST"])
def my_dossier(request, code: str):
    dossier = _owned_or_404(request, code)
    form = WithdrawForm(request.POST or None, initial={"version": dossier.version})
    if request.method == "POST" and form.is_valid():
        try:
            perform_action(
                dossier,
                "withdraw",
                request.user,
                note=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except DossierError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã rút hồ sơ %(code)s.") % {"code": dossier.code})
        return redirect("portal:my_dossier", code=dossier.code)
    return _render_dossier(request, dossier, withdraw_form=form)


def _render_dossier(request, dossier, *, withdraw_form=None, rating_form=None):
    from motcua.payments.selectors import payment_state

    if withdraw_form is None:
        withdraw_form = WithdrawForm(initial={"version": dossier.version})
    rateable = can_rate(dossier, request.user)
    if rating_form is None and rateable:
        rating_form = RatingForm(prefix="danh-gia")
    state = selectors.dossier_status(dossier, with_timeline=True)
    has_errors = bool(withdraw_form.errors or (rating_form is not None and rating_form.errors))
    return render(
        request,
        "portal/my_dossier.html",
        {
            "state": state,
            "payment": payment_state(dossier),
            "dossier": dossier,
            "slips": selectors.slips_of(dossier),
            "results": selectors.results_of(dossier),
            "withdraw_form": withdraw_form,
            "rating_form": rating_form if rateable else None,
            "rating": selectors.rating_of(dossier),
        },
        status=400 if has_errors else 200,
    )


@login_required
@require_http_methods(["POST"])
def rate(request, code: str):
    dossier = _owned_or_404(request, code)
    form = RatingForm(request.POST, prefix="danh-gia")
    if not form.is_valid():
        if can_rate(dossier, request.user):
            return _render_dossier(request, dossier, rating_form=form)
        messages.error(request, _("Hồ sơ này chưa thể đánh giá hoặc đã được đánh giá."))
        return redirect("portal:my_dossier", code=dossier.code)
    try:
        rate_dossier(dossier, request.user, form.cleaned_data)
    except RatingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Cảm ơn bạn đã đánh giá! Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn."),
        )
    return redirect("portal:my_dossier", code=dossier.code)


def _download(file_field, filename: str):
    try:
        handle = file_field.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp.")) from None
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
@require_GET
def download_slip(request, code: str, pk: int):
    slip = selectors.owned_slip(request.user, code, pk)
    if slip is None:
        raise Http404(_("Không tìm thấy tệp."))
    return _download(slip.file, f"{code}-{slip.kind}.pdf")


@login_required
@require_GET
def download_result(request, code: str, pk: int):
    document = selectors.owned_result(request.user, code, pk)
    if document is None:
        raise Http404(_("Không tìm thấy tệp."))
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else "pdf"
    return _download(document.file, f"{code}-ket-qua-{document.pk}.{extension}")


@login_required
@require_GET
def document_store(request):
    """Kho tài liệu của tôi: the files of the citizen's earlier dossiers and their results."""
    page = Paginator(store.stored_documents(request.user), 20).get_page(request.GET.get("trang"))
    rows = [
        {"document": document, "size": store.file_size(document)} for document in page.object_list
    ]
    return render(request, "portal/document_store.html", {"page": page, "rows": rows})


@login_required
@require_GET
def download_stored(request, pk: int):
    document = store.owned_document(request.user, pk)
    if document is None:
        # The same answer for someone else's document and an id that does not exist.
        raise Http404(_("Không tìm thấy tệp."))
    return _download(document.file, f"{document.dossier.code}-{store.file_name(document)}")


@require_GET
def lookup(request):
    """Tra cứu hồ sơ: anyone sees only the code and whether it is completed (Circular 01/2018
    Art 16); the owner, signed in, is offered the full history. Rate-limited with the API's
    lookup (same key prefix and limit), so the two together cannot enumerate codes."""
    form = LookupForm(request.GET or None)
    context = {"form": form, "answer": None, "searched": False, "state": None}
    status = 200
    if form.is_bound and form.is_valid():
        if not ratelimit.allow(
            ratelimit.client_key("lookup", request),
            limit=LOOKUP_LIMIT,
            window_seconds=LOOKUP_WINDOW_SECONDS,
        ):
            form.add_error("ma", _("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
            return render(request, "portal/lookup.html", context, status=429)
        context["searched"] = True
        answer = selectors.lookup(form.cleaned_data["ma"], request.user)
        context["answer"] = answer
        if answer is None:
            status = 404
        elif answer.owned:
            dossier = selectors.owned_dossier(request.user, answer.code)
            context["state"] = selectors.dossier_status(dossier, with_timeline=True)
    elif form.is_bound:
        status = 400
    return render(request, "portal/lookup.html", context, status=status)


@require_GET
def submit(request):
    """ "Nộp hồ sơ" in the main menu: the procedures that can be submitted online end to end."""
    return redirect(f"{reverse('portal:procedures')}?toan_trinh=1")
