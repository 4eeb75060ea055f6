"""The officials' pages: counter reception, worklists, the dossier page with its actions,
documents and slips, and the processing control slip (form 05).

Views parse input, call ``dossiers.selectors`` / ``.worklists`` to read and ``.services`` (which
call the dossier engine) to change, then render. Every view is behind ``staff_required``; every
dossier is found through ``access.dossier_for`` (404 unless the user may see it); every change
goes through ``perform_action``, which checks the user's roles on the dossier.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.roles import StaffRole
from motcua.catalog.models import AdministrativeUnit, Procedure
from motcua.catalog.search import SearchFilters, search_procedure_ids
from motcua.core.uploads import content_type_of
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierDocument, DossierSlip
from motcua.dossiers.permissions import roles_on, staff_roles
from motcua.dossiers.services import ApplicantData, DossierError, NotAllowed, process_for

from . import services, worklists
from .access import dossier_for, staff_required
from .forms import ActionForm, BulkAssignForm, ReceptionForm, WorklistFilterForm

PER_PAGE = 25
LIST_DEFERRED = (
    "form_data",
    "clock",
    "procedure_version__eform_schema",
    "procedure_version__eform_ui",
    "process_version__document",
)
RECEPTION_DECISIONS = ("accept", "request_supplement", "refuse")
# Slips the follow-up job renders; the page waits for these and no others.
RENDERED_SLIPS = ("receipt", "supplement_request", "refusal", "apology")


def _menu(request, active: str = "") -> dict:
    """The side menu: the user's worklists with their counts."""
    user = request.user
    counts = worklists.counts_for(user)
    return {
        "menu": [
            {"worklist": w, "count": counts[w.slug], "active": w.slug == active}
            for w in worklists.worklists_for(user)
        ],
        "menu_active": active,
        "can_receive": bool(
            staff_roles(user) & {StaffRole.RECEPTION_OFFICER.value, StaffRole.PROVINCE_ADMIN.value}
        ),
    }


@staff_required
@require_GET
def home(request):
    return redirect(f"backoffice:{worklists.default_worklist(request.user).slug}")


# --- counter reception ----------------------------------------------------------------------


def _require_reception_role(user):
    if not staff_roles(user) & {StaffRole.RECEPTION_OFFICER.value, StaffRole.PROVINCE_ADMIN.value}:
        raise PermissionDenied("Chỉ cán bộ tiếp nhận được tiếp nhận hồ sơ tại quầy.")


def _offered_procedures(agency, query: str, limit: int = 10) -> list[Procedure]:
    if agency is None:
        return []
    ids, _total = search_procedure_ids(query, SearchFilters(agency_id=agency.pk), limit=limit)
    by_id = Procedure.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def _province_units(agency):
    unit = agency.administrative_unit
    province = unit if unit.level == AdministrativeUnit.Level.PROVINCE else unit.parent
    return AdministrativeUnit.objects.filter(
        parent=province, level=AdministrativeUnit.Level.COMMUNE
    ).order_by("name")


def _chosen_procedure(agency, code: str):
    """(procedure, version in force, reception decisions) of a procedure the agency offers."""
    procedure = (
        Procedure.objects.filter(
            code=code, is_active=True, offerings__agency=agency, offerings__is_active=True
        )
        .distinct()
        .first()
    )
    if procedure is None:
        return None
    version = procedure.version_in_force()
    if version is None:
        return None
    definition = selectors.definition_of(process_for(version, agency))
    decisions = [
        action
        for action in definition.actions_from(definition.initial)
        if action.code in RECEPTION_DECISIONS and StaffRole.RECEPTION_OFFICER.value in action.roles
    ]
    return procedure, version, decisions


@staff_required
@require_GET
def procedure_search(request):
    """The procedures the officer's agency offers matching the query (an htmx fragment)."""
    _require_reception_role(request.user)
    query = request.GET.get("q", "").strip()[:200]
    results = _offered_procedures(request.user.agency, query) if query else []
    return render(
        request, "backoffice/_procedure_results.html", {"results": results, "query": query}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def reception(request):
    _require_reception_role(request.user)
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied("Tài khoản chưa thuộc cơ quan nào.")
    query = request.GET.get("q", "").strip()[:200]
    code = (request.POST.get("procedure") or request.GET.get("thu_tuc") or "").strip()
    context = {"query": query, "results": [], "chosen": None, "form": None}
    if query and not code:
        context["results"] = _offered_procedures(agency, query)
    chosen = None
    if code:
        try:
            chosen = _chosen_procedure(agency, code)
        except NotAllowed as error:
            messages.error(request, error.message)
        if chosen is None:
            messages.error(request, _("Cơ quan của bạn không tiếp nhận thủ tục này."))
    if chosen is not None:
        procedure, version, decisions = chosen
        form_kwargs = {
            "documents": list(version.documents.all()),
            "decisions": decisions,
            "units": _province_units(agency),
        }
        if request.method == "POST":
            form = ReceptionForm(request.POST, request.FILES, **form_kwargs)
            if form.is_valid():
                data = form.cleaned_data
                reception_data = services.CounterReception(
                    procedure_version=version,
                    applicant=ApplicantData(
                        name=data["applicant_name"].strip(),
                        id_number=data["applicant_id_number"],
                        phone=data["applicant_phone"],
                        email=data["applicant_email"],
                        address=data["applicant_address"].strip(),
                        unit_id=data["applicant_unit"].pk if data["applicant_unit"] else None,
                    ),
                    decision=data["decision"],
                    note=data["note"].strip(),
                    present=form.present_ids,
                    scans=form.scans,
                    sets=data["sets"],
                    result_delivery=data["result_delivery"],
                )
                try:
                    dossier, _event = services.receive_at_counter(
                        agency=agency, actor=request.user, reception=reception_data
                    )
                except DossierError as error:
                    # Nothing was recorded: the officer fixes the form and submits again.
                    form.add_error(None, error.message)
                else:
                    return redirect("backoffice:received", code=dossier.code)
        else:
            initial = {}
            if len(decisions) == 1:
                initial["decision"] = decisions[0].code
            form = ReceptionForm(initial=initial, **form_kwargs)
        context.update(
            chosen={"procedure": procedure, "version": version},
            form=form,
            files_lost=request.method == "POST" and bool(request.FILES),
            channels=list(version.channels.all()),
        )
    return render(request, "backoffice/reception.html", {**context, **_menu(request, "reception")})


def _decision_event(dossier):
    events = dossier.events.filter(action__in=RECEPTION_DECISIONS).order_by("-sequence")
    return events.first()


def _slip_context(dossier) -> dict:
    event = _decision_event(dossier)
    expected = []
    if event is not None:
        expected = [
            item["parameter"]
            for item in (event.payload or {}).get("pending", [])
            if item.get("effect") == "issue_slip" and item.get("parameter") in RENDERED_SLIPS
        ]
    slips = list(dossier.slips.order_by("created_at"))
    issued = {s.kind for s in slips if s.event_id == (event.pk if event else None)}
    return {
        "dossier": dossier,
        "slips": slips,
        "waiting": [kind for kind in expected if kind not in issued],
    }


@staff_required
@require_GET
def received(request, code: str):
    dossier = dossier_for(request.user, code)
    step = selectors.definition_of(dossier.process_version).step(dossier.step)
    return render(
        request,
        "backoffice/received.html",
        {"dossier": dossier, "step": step, **_slip_context(dossier), **_menu(request, "reception")},
    )


@staff_required
@require_GET
def slip_status(request, code: str):
    """The slips of the reception decision: polled by htmx until the job has made them."""
    dossier = dossier_for(request.user, code)
    return render(request, "backoffice/_slips.html", _slip_context(dossier))


# --- worklists ------------------------------------------------------------------------------


@staff_required
@require_GET
def worklist(request, slug: str):
    current = worklists.BY_SLUG.get(slug)
    if current is None or current not in worklists.worklists_for(request.user):
        raise Http404("Không có danh sách này.")
    base = current.dossiers(request.user)
    procedures = (
        # A semi-join on the listed dossiers' procedures (not DISTINCT over a join of them all).
        Procedure.objects.filter(pk__in=base.values("procedure_version__procedure_id"))
        .order_by("code")
        .values_list("pk", "code", "name")
    )
    filters = WorklistFilterForm(request.GET or None, procedures=list(procedures))
    queryset = filters.apply(base) if request.GET else base
    # The page's ids first (a narrow sort over the matching dossiers), then only those rows
    # with everything the table shows: joining the wide rows before sorting cost the page
    # time in proportion to the whole worklist.
    page = Paginator(queryset.values_list("pk", flat=True), PER_PAGE).get_page(
        request.GET.get("trang")
    )
    ids = list(page.object_list)
    loaded = (
        Dossier.objects.filter(pk__in=ids)
        .select_related(
            "procedure_version__procedure", "assignee", "current_agency", "process_version"
        )
        # The JSON documents (e-form data and schemas, the process definition: parsed once per
        # process by ``definition_of``) are not shown and cost more to decode than the rest.
        .defer(*LIST_DEFERRED)
        .annotate(fees_open=_fees_open())
        .in_bulk()
        if ids
        else {}
    )
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    now = timezone.now()
    near_limit = selectors.near_due_limit(request.user.agency, now)
    rows = []
    for dossier in page.object_list:
        definition = selectors.definition_of(dossier.process_version)
        rows.append(
            {
                "dossier": dossier,
                "step": definition.step(dossier.step),
                "overdue": dossier.completed_at is None and dossier.due_at and dossier.due_at < now,
                "near_due": dossier.completed_at is None
                and dossier.due_at
                and now <= dossier.due_at <= near_limit,
                "fees_open": dossier.fees_open,
            }
        )
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "worklist": current,
        "filters": filters,
        "page": page,
        "rows": rows,
        "query_string": query.urlencode(),
        "bulk_form": (
            BulkAssignForm(agency=request.user.agency) if current.slug == "to_assign" else None
        ),
    }
    if request.htmx and request.htmx.target == "worklist-results":
        return render(request, "backoffice/_worklist_results.html", context)
    return render(request, "backoffice/worklist.html", {**context, **_menu(request, slug)})


@staff_required
@require_POST
def bulk_assign(request):
    back = reverse("backoffice:to_assign")
    form = BulkAssignForm(request.POST, agency=request.user.agency)
    items = []
    for value in request.POST.getlist("dossiers"):
        pk, _sep, version = value.partition(":")
        if pk.isdigit():
            items.append((int(pk), int(version) if version.isdigit() else None))
    if not items:
        messages.error(request, _("Chưa chọn hồ sơ nào để phân công."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Cần chọn chuyên viên được phân công."))
        return redirect(back)
    assignee = form.cleaned_data["assignee"]
    outcomes = services.bulk_assign(items, assignee.pk, request.user)
    done = [o.code for o in outcomes if o.ok]
    if done:
        messages.success(
            request,
            _("Đã phân công %(count)s hồ sơ cho %(name)s: %(codes)s.")
            % {"count": len(done), "name": assignee.get_full_name(), "codes": ", ".join(done)},
        )
    for outcome in outcomes:
        if not outcome.ok:
            messages.error(
                request,
                _("Hồ sơ %(code)s chưa được phân công: %(reason)s")
                % {"code": outcome.code, "reason": outcome.message},
            )
    return redirect(back)


# --- the dossier page -----------------------------------------------------------------------


def _action_forms(dossier, user, bound=None) -> list[ActionForm]:
    definition = selectors.definition_of(dossier.process_version)
    step = definition.step(dossier.step)
    if step.final:
        return []
    forms = []
    for action in definition.available_actions(step.code, roles_on(user, dossier)):
        if bound is not None and bound.action.code == action.code:
            forms.append(bound)
        else:
            forms.append(
                ActionForm(action=action, dossier=dossier, initial={"version": dossier.version})
            )
    return forms


def _dossier_context(request, dossier, bound=None) -> dict:
    definition = selectors.definition_of(dossier.process_version)
    now = timezone.now()
    events = list(dossier.events.select_related("agency").order_by("sequence"))
    visits = selectors.step_history(dossier, events)
    step_names = {s.code: s.name for s in definition.steps}
    role_names = dict(StaffRole.choices)
    timeline = [
        {
            "event": e,
            "from_name": step_names.get(e.from_step, e.from_step),
            "to_name": step_names.get(e.to_step, e.to_step),
            "role_name": role_names.get(e.actor_role, ""),
            "moved": e.from_step != e.to_step,
        }
        for e in events
    ]
    from motcua.notifications.selectors import messages_for_subject
    from motcua.payments.selectors import payment_state

    return {
        "dossier": dossier,
        "payment": payment_state(dossier),
        "messages_sent": list(messages_for_subject(dossier)),
        "step": definition.step(dossier.step),
        "clock": selectors.clock_summary(dossier, now),
        "submitted": dossier.documents.filter(kind=DossierDocument.Kind.SUBMITTED).select_related(
            "required_document"
        ),
        "results": dossier.documents.filter(kind=DossierDocument.Kind.RESULT),
        "slips": dossier.slips.order_by("created_at"),
        "visits": [
            {
                "visit": v,
                "late_now": v.left_at is None and v.due_at is not None and now > v.due_at,
            }
            for v in visits
        ],
        "timeline": timeline,
        "consultations": dossier.consultations.all(),
        "transfers": dossier.transfers.select_related("from_agency", "to_agency"),
        "action_forms": _action_forms(dossier, request.user, bound),
        "control_available": dossier.received_at is not None and dossier.due_at is not None,
        "now": now,
    }


@staff_required
@require_GET
def dossier_page(request, code: str):
    dossier = dossier_for(request.user, code)
    return render(
        request, "backoffice/dossier.html", {**_dossier_context(request, dossier), **_menu(request)}
    )


@staff_required
@require_POST
def act(request, code: str, action: str):
    dossier = dossier_for(request.user, code)
    definition = selectors.definition_of(dossier.process_version)
    chosen = next(
        (
            a
            for a in definition.available_actions(dossier.step, roles_on(request.user, dossier))
            if a.code == action
        ),
        None,
    )
    if chosen is None or definition.step(dossier.step).final:
        # Not an action of this step for this user (or a page from before the dossier moved).
        messages.error(
            request, _("Thao tác này không còn thực hiện được với hồ sơ. Trang đã được tải lại.")
        )
        return redirect("backoffice:dossier", code=dossier.code)
    form = ActionForm(request.POST, request.FILES, action=chosen, dossier=dossier)
    if not form.is_valid():
        messages.error(
            request,
            _("Chưa thực hiện “%(name)s”: vui lòng kiểm tra các ô được đánh dấu.")
            % {"name": chosen.name},
        )
        context = {**_dossier_context(request, dossier, bound=form), **_menu(request)}
        return render(request, "backoffice/dossier.html", context, status=422)
    try:
        services.take_action(
            dossier,
            chosen.code,
            request.user,
            note=form.cleaned_data.get("note", ""),
            data=form.engine_data(),
            expected_version=form.cleaned_data["version"],
            result=form.cleaned_data.get("result_file"),
            result_name=form.cleaned_data.get("result_name", ""),
        )
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thực hiện: %(name)s.") % {"name": chosen.name})
    return redirect("backoffice:dossier", code=dossier.code)


def _serve(field_file, filename: str) -> FileResponse:
    if not field_file:
        raise Http404("Không có tệp.")
    try:
        content_type = content_type_of(field_file)
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp.") from None
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=content_type is None,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_GET
def document(request, code: str, pk: int):
    dossier = dossier_for(request.user, code)
    doc = DossierDocument.objects.filter(dossier=dossier, pk=pk).first()
    if doc is None:
        raise Http404("Không tìm thấy giấy tờ.")
    name = doc.file.name.rsplit("/", 1)[-1] if doc.file else ""
    return _serve(doc.file, f"{dossier.code}-{name}")


@staff_required
@require_GET
def slip(request, code: str, pk: int):
    dossier = dossier_for(request.user, code)
    record = DossierSlip.objects.filter(dossier=dossier, pk=pk).first()
    if record is None:
        raise Http404("Không tìm thấy phiếu.")
    return _serve(record.file, f"{dossier.code}-{record.kind}.pdf")


# --- form 05 --------------------------------------------------------------------------------


def _control_slip(dossier: Dossier):
    from motcua.dossiers.slips import agency_header, applicant, lookup_url
    from motcua.paperwork.slips import ControlSlip, Handoff

    if dossier.received_at is None or dossier.due_at is None:
        raise Http404("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát.")
    return ControlSlip(
        agency=agency_header(dossier),
        dossier_code=dossier.code,
        lookup_url=lookup_url(dossier),
        applicant=applicant(dossier),
        matter=dossier.procedure_version.procedure.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        handoffs=tuple(
            Handoff(
                giver_agency=row.giver_agency,
                receiver_agency=row.receiver_agency,
                handed_at=row.handed_at,
                giver_name=row.giver_name,
                receiver_name=row.receiver_name,
                outcome=row.outcome,
                note=row.note,
            )
            for row in selectors.handoffs(dossier)
        ),
        issued_on=timezone.localdate(),
    )


@staff_required
@require_GET
def control_slip(request, code: str):
    dossier = dossier_for(request.user, code)
    slip_data = _control_slip(dossier)
    return render(
        request,
        "backoffice/control_slip.html",
        {"dossier": dossier, "slip": slip_data, **_menu(request)},
    )


@staff_required
@require_GET
def control_slip_pdf(request, code: str):
    from motcua.paperwork.rendering import render_slip

    dossier = dossier_for(request.user, code)
    pdf = render_slip(_control_slip(dossier))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-phieu-kiem-soat.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _fees_open():
    """Whether the dossier has a fee request still to be paid (one subquery for the page)."""
    from django.db.models import Exists, OuterRef

    from motcua.payments.models import PaymentRequest

    return Exists(
        PaymentRequest.objects.filter(dossier=OuterRef("pk"), status=PaymentRequest.Status.OPEN)
    )
