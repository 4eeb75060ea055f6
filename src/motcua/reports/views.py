"""Pages of the statistics: the public page (province figures of the year, per agency, a chart
and the same data as a table), the staff's processing report with a drill-down behind every
number, its Excel export and the indicators.

Views parse input, check who may see what and render; the numbers come from ``selectors`` and
``indicators``. The public page shows aggregates only, never a dossier.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.roles import StaffRole
from motcua.catalog.models import Agency
from motcua.core.portal import portal_identity
from motcua.dossiers.permissions import staff_roles
from motcua.reports import indicators as indicator_selectors
from motcua.reports import metrics, periods, quality, snapshots
from motcua.reports.exports import report_workbook
from motcua.reports.forms import ReportForm
from motcua.reports.models import PublishedReport
from motcua.reports.selectors import (
    GROUPINGS,
    Scope,
    agency_subtree,
    dossiers_behind,
    monthly_trend,
    processing_report,
    total_row,
)

FIRST_PUBLIC_YEAR = 2015


def allowed_agencies(user) -> frozenset[int] | None:
    """The receiving agencies whose statistics ``user`` may read: ``None`` for the whole
    province (province administrators), the user's agency and its units for other staff."""
    if user.is_superuser or StaffRole.PROVINCE_ADMIN.value in staff_roles(user):
        return None
    if staff_roles(user) and user.agency_id:
        return agency_subtree(user.agency_id)
    raise PermissionDenied


def _report_form(request) -> ReportForm:
    return ReportForm(request.GET, allowed_agencies=allowed_agencies(request.user))


def _unit_name(form: ReportForm, user) -> str:
    """Who reports: the chosen agency, the user's own agency, or the province."""
    agency = form.cleaned_data.get("agency")
    if agency:
        return agency.name
    if form.allowed_agencies is not None and user.agency_id:
        return user.agency.name
    identity = portal_identity()
    return identity.province_name or identity.portal_name


def _criteria(service_quality: quality.Quality) -> list[tuple[str, object]]:
    averages = service_quality.satisfaction.averages
    return [(label, averages.get(name)) for name, label in quality.CRITERIA]


@require_GET
def public(request):
    """Công khai kết quả giải quyết hồ sơ: the figures of a year or a month, for the province or
    one agency (with its units), with the citizens' satisfaction. A published period shows the
    figures as published."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
        month = int(request.GET["thang"]) if request.GET.get("thang") else None
        agency_id = int(request.GET["co_quan"]) if request.GET.get("co_quan") else None
    except ValueError:
        raise Http404 from None
    if not FIRST_PUBLIC_YEAR <= year <= today.year:
        raise Http404
    try:
        period = periods.month(year, month) if month else periods.year(year)
    except ValueError:
        raise Http404 from None
    agency = get_object_or_404(Agency, pk=agency_id) if agency_id else None
    subtree = agency_subtree(agency.pk) if agency else None
    scope = Scope(agency_ids=subtree)
    # The published figures of the period when the province has published them (ADR 0012).
    publication = snapshots.published(period)
    if publication is not None:
        report = snapshots.as_report(publication, period)
        published_quality = publication.figures.get("quality")
    else:
        report = processing_report(period, group_by="agency")
        published_quality = None
    rows, external_rows = report.rows, report.external_rows
    total = report.grand_total.values
    if subtree is not None:
        rows = [r for r in rows if r.key in subtree]
        external_rows = [r for r in external_rows if r.key in subtree]
        total = total_row([*rows, *external_rows], agency.name).values
    if published_quality is not None and subtree is None:
        service_quality = quality.deserialize(published_quality)
    else:
        service_quality = quality.measure(period, scope)
    trend = monthly_trend(year, scope if subtree is not None else None)
    return render(
        request,
        "reports/public.html",
        {
            "year": year,
            "month": month,
            "months": range(1, 13),
            "period": period,
            "agency": agency,
            "agencies": Agency.objects.order_by("name").only("pk", "name"),
            "publication": publication,
            "years": range(today.year, FIRST_PUBLIC_YEAR - 1, -1),
            "report": report,
            "rows": rows,
            "external_rows": external_rows,
            "total": total,
            "quality": service_quality,
            "quality_criteria": _criteria(service_quality),
            "trend": trend,
            "chart": {
                "labels": [f"T{m['month']}" for m in trend],
                "received": [m["received"] for m in trend],
                "resolved": [m["resolved"] for m in trend],
            },
        },
    )


def _cells(row, query: str, group_by: str) -> list[dict]:
    """The row's cells in column order; counts of system rows link to their dossiers."""
    cells = []
    for key in metrics.COLUMNS:
        metric = metrics.BY_KEY[key]
        value = row.values.get(key)
        if row.is_external and not metric.external:
            value = None
        url = ""
        if metric.kind == "count" and not row.is_external and value:
            params = {"metric": key, "row": "total" if row.key == "total" else row.key}
            if row.key != "total" and group_by != "province":
                params["row_label"] = row.label
            url = f"{reverse('reports:dossiers')}?{query}&{urlencode(params)}"
        cells.append({"value": value, "url": url, "rate": metric.kind == "rate", "key": key})
    return cells


@login_required
@require_GET
def processing_report_page(request):
    form = _report_form(request)
    context = {"form": form, "columns": [metrics.BY_KEY[k] for k in metrics.COLUMNS]}
    if form.is_valid():
        report = processing_report(
            form.cleaned_data["report_period"],
            group_by=form.cleaned_data.get("group_by") or "agency",
            scope=form.scope(),
        )
        query = urlencode(form.query())
        group_by = report.group_by
        context.update(
            report=report,
            table=[{"row": r, "cells": _cells(r, query, group_by)} for r in report.rows],
            system_total=_cells(report.system_total, query, group_by),
            external=[
                {"row": r, "cells": _cells(r, query, group_by)} for r in report.external_rows
            ],
            grand_total=_cells(report.grand_total, query, group_by),
            query=query,
            column_groups=metrics.column_groups(),
            unit_name=_unit_name(form, request.user),
        )
    return render(request, "reports/processing_report.html", context)


@login_required
@require_GET
def dossier_list(request):
    """The dossiers behind one number of the report (same filters, same definitions)."""
    form = _report_form(request)
    metric = request.GET.get("metric", "")
    if (
        not form.is_valid()
        or metric not in metrics.BY_KEY
        or metrics.BY_KEY[metric].kind != "count"
    ):
        raise Http404
    group_by = form.cleaned_data.get("group_by") or "agency"
    row = request.GET.get("row")
    row_key = None
    grouped = row not in (None, "", "total")
    if grouped and row != "None":  # "None": the row of dossiers without that attribute
        try:
            row_key = int(row)
        except ValueError:
            raise Http404 from None
    period = form.cleaned_data["report_period"]
    queryset = dossiers_behind(
        metric,
        period,
        form.scope(),
        group_by=group_by if grouped else None,
        row_key=row_key,
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("trang"))
    back = urlencode(form.query())
    return render(
        request,
        "reports/dossier_list.html",
        {
            "metric": metrics.BY_KEY[metric],
            "period": period,
            "page": page,
            "count": page.paginator.count,
            "back": back,
            "row_label": request.GET.get("row_label", ""),
            "grouping": GROUPINGS.get(group_by),
        },
    )


@login_required
@require_GET
def export_xlsx(request):
    form = _report_form(request)
    if not form.is_valid():
        raise Http404
    period = form.cleaned_data["report_period"]
    report = processing_report(
        period, group_by=form.cleaned_data.get("group_by") or "agency", scope=form.scope()
    )
    content = report_workbook(report, _unit_name(form, request.user))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"bao-cao-giai-quyet-tthc-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def indicators(request):
    form = _report_form(request)
    context = {"form": form}
    if form.is_valid():
        period = form.cleaned_data["report_period"]
        scope = form.scope()
        totals = indicator_selectors.province_totals(period, scope)
        service_quality = quality.measure(period, scope)
        context.update(
            quality=service_quality,
            quality_criteria=_criteria(service_quality),
            circular=indicator_selectors.circular_indicators(period, scope, totals),
            decision766=indicator_selectors.decision_766_score(
                period, scope, totals, measured=service_quality
            ),
            services=indicator_selectors.service_counts(period, scope),
            query=urlencode(form.query()),
        )
    return render(request, "reports/indicators.html", context)


def _province_staff(user) -> None:
    """Publishing and comparing the province's figures is for province-level staff."""
    if allowed_agencies(user) is not None:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def publications(request):
    """Công bố số liệu: the published reports, and publishing a closed period."""
    _province_staff(request.user)
    form = ReportForm(request.POST if request.method == "POST" else request.GET)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            publication = snapshots.publish_report(form.cleaned_data["report_period"], request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("reports:publication", pk=publication.pk)
    return render(
        request,
        "reports/publications.html",
        {
            "form": form,
            "error": error,
            "publications": PublishedReport.objects.select_related("published_by")[:200],
        },
    )


@login_required
@require_GET
def publication(request, pk: int):
    """One published report and every cell today's recomputation would change."""
    _province_staff(request.user)
    published = get_object_or_404(PublishedReport.objects.select_related("published_by"), pk=pk)
    period = periods.Period(published.kind, published.first_day, published.last_day)
    return render(
        request,
        "reports/publication.html",
        {
            "publication": published,
            "report": snapshots.as_report(published, period),
            "changes": snapshots.changes_since(published, period),
        },
    )
