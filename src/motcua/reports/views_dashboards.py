"""Staff dashboards (province, agency, "Việc của tôi"), the dossiers behind each of their figures,
and the download of the tracking book (form 06).

Who may see what:

* the province dashboard: province users (superusers and the province administrator role);
* an agency dashboard: the agency's own staff (every staff role) for their agency and its units;
  a province user may pick any agency. Another agency's dashboard is refused (403);
* "Việc của tôi": any staff member, for their own work only;
* the tracking book: like the agency dashboard.

Views parse input, check permissions and render; the numbers come from ``dashboards``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.catalog.models import Agency
from motcua.dossiers.permissions import staff_roles
from motcua.dossiers.slips import tracking_book
from motcua.paperwork.rendering import render_slip
from motcua.reports import dashboards, periods
from motcua.reports.selectors import agency_subtree
from motcua.reports.tracking_book import tracking_book_workbook
from motcua.reports.views import allowed_agencies

KINDS = ("province", "agency", "officer")


# --- who may see what ---------------------------------------------------------------------------


def is_province_user(user) -> bool:
    """Province leaders and statisticians: superusers and the province administrator role."""
    return bool(user and user.is_authenticated) and allowed_agencies_or_none(user) == "province"


def allowed_agencies_or_none(user):
    """ "province" for province users, the set of agency ids for agency staff, None otherwise."""
    try:
        allowed = allowed_agencies(user)
    except PermissionDenied:
        return None
    return "province" if allowed is None else allowed


def can_view_agency_dashboard(user) -> bool:
    return allowed_agencies_or_none(user) is not None


def can_view_officer_dashboard(user) -> bool:
    return bool(user and user.is_authenticated) and bool(staff_roles(user))


def _chosen_agency(request) -> Agency | None:
    """The agency of an agency dashboard or tracking book: the one asked for (``co_quan``) if the
    user may see it, else the user's own. A province user without a choice gets None."""
    allowed = allowed_agencies_or_none(request.user)
    if allowed is None:
        raise PermissionDenied
    raw = request.GET.get("co_quan", "")
    if raw:
        try:
            agency = Agency.objects.get(pk=int(raw))
        except (ValueError, Agency.DoesNotExist):
            raise Http404 from None
        if allowed != "province" and agency.pk not in allowed:
            raise PermissionDenied
        return agency
    if request.user.agency_id:
        return request.user.agency
    if allowed == "province":
        return None
    raise PermissionDenied


def _scope(kind: str, request) -> tuple[dashboards.DashboardScope, Agency | None]:
    """The scope of a dashboard of ``kind`` for the signed-in user, or 403."""
    user = request.user
    if kind == "province":
        if not is_province_user(user):
            raise PermissionDenied
        return dashboards.DashboardScope(), None
    if kind == "agency":
        agency = _chosen_agency(request)
        if agency is None:
            return dashboards.DashboardScope(agency_ids=frozenset()), None
        ids = agency_subtree(agency.pk)
        allowed = allowed_agencies_or_none(user)
        if allowed != "province":
            ids = ids & allowed
        return dashboards.DashboardScope(agency_ids=ids), agency
    if kind == "officer":
        if not can_view_officer_dashboard(user):
            raise PermissionDenied
        return dashboards.DashboardScope(officer_id=user.pk), None
    raise Http404


# --- the period ---------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Kỳ"),
        choices=[
            ("year", gettext_lazy("Năm")),
            ("quarter", gettext_lazy("Quý")),
            ("month", gettext_lazy("Tháng")),
        ],
    )
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(
        label=gettext_lazy("Quý"), min_value=1, max_value=4, required=False
    )
    month = forms.IntegerField(
        label=gettext_lazy("Tháng"), min_value=1, max_value=12, required=False
    )

    def __init__(self, data):
        today = timezone.localdate()
        data = data.copy()
        data.setdefault("period", "year")
        data.setdefault("year", str(today.year))
        data.setdefault("quarter", str((today.month - 1) // 3 + 1))
        data.setdefault("month", str(today.month))
        super().__init__(data)

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is None:
            return data
        kind = data.get("period")
        if kind == "month":
            data["chosen"] = periods.month(year, data.get("month") or 1)
        elif kind == "quarter":
            data["chosen"] = periods.quarter(year, data.get("quarter") or 1)
        else:
            data["chosen"] = periods.year(year)
        return data


def _period(request) -> tuple[PeriodForm, periods.Period]:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise Http404
    return form, form.cleaned_data["chosen"]


# --- links --------------------------------------------------------------------------------------


class Links:
    """Builds the link behind each figure: the processing report's drill-down for the figures it
    defines (province and agency), the dashboard's own list for the others."""

    def __init__(self, kind: str, period: periods.Period, agency: Agency | None):
        self.kind, self.period, self.agency = kind, period, agency

    def _common(self, period=None) -> dict:
        query = (period or self.period).query()
        if self.agency is not None:
            query["co_quan"] = str(self.agency.pk)
        return query

    def figure(self, figure: str, key="", state="", period=None) -> str:
        query = {"bang": self.kind, **self._common(period), "so_lieu": figure}
        if key != "":
            query["khoa"] = str(key)
        if state:
            query["trang_thai"] = state
        return f"{reverse('reports:dashboard_dossiers')}?{urlencode(query)}"

    def report(self, metric: str, period=None) -> str:
        """The processing report's own list (same definition as the report's column)."""
        if self.kind == "officer":
            return self.figure(metric, period=period)
        query = {**(period or self.period).query(), "group_by": "province", "metric": metric}
        query["row"] = "total"
        if self.agency is not None:
            query["agency"] = str(self.agency.pk)
        return f"{reverse('reports:dossiers')}?{urlencode(query)}"


# --- dashboards ---------------------------------------------------------------------------------

TITLES = {
    "province": gettext_lazy("Bảng điều hành toàn tỉnh"),
    "agency": gettext_lazy("Bảng điều hành của cơ quan"),
    "officer": gettext_lazy("Việc của tôi"),
}
STATE_LABELS = {
    "not_due": gettext_lazy("Trong hạn"),
    "overdue": gettext_lazy("Quá hạn"),
    "paused": gettext_lazy("Chờ bổ sung (tạm dừng)"),
}
STATE_COLOURS = {"not_due": "#17683a", "overdue": "#b3261e", "paused": "#8a5a00"}


def _month_label(figures) -> str:
    return f"{figures.month.month:02d}/{figures.month.year}"


def _charts(kind, links, trend, backlog, procedures, steps) -> dict:
    """The data each chart draws (the tables next to them show the same numbers)."""
    labels = [_month_label(m) for m in trend]
    return {
        "trend": {
            "type": "bar",
            "labels": labels,
            "datasets": [
                {
                    "label": _("Tiếp nhận"),
                    "data": [m.received for m in trend],
                    "color": "#0b4f8a",
                    "urls": [links.report("received", m.period) for m in trend],
                },
                {
                    "label": _("Đã giải quyết"),
                    "data": [m.resolved for m in trend],
                    "color": "#17683a",
                    "urls": [links.report("resolved", m.period) for m in trend],
                },
            ],
        },
        "rates": {
            "type": "line",
            "labels": labels,
            "percent": True,
            "datasets": [
                {
                    "label": _("Đúng hạn (%)"),
                    "data": [m.on_time_rate for m in trend],
                    "color": "#17683a",
                },
                {
                    "label": _("Trực tuyến (%)"),
                    "data": [m.online_rate for m in trend],
                    "color": "#0b4f8a",
                },
            ],
        },
        "backlog": {
            "type": "bar",
            "stacked": True,
            "labels": [b.label for b in backlog.by_age],
            "datasets": [
                {
                    "label": str(STATE_LABELS[state]),
                    "data": [b.counts[state] for b in backlog.by_age],
                    "color": STATE_COLOURS[state],
                    "urls": [links.figure("backlog_age", b.key, state) for b in backlog.by_age],
                }
                for state in dashboards.BACKLOG_STATES
            ],
        },
        "procedures": {
            "type": "bar",
            "horizontal": True,
            "labels": [p.code for p in procedures],
            "datasets": [
                {
                    "label": _("Trung vị (ngày làm việc)"),
                    "data": [p.median for p in procedures],
                    "color": "#0b4f8a",
                    "urls": [links.figure("procedure", p.procedure_id) for p in procedures],
                },
                {
                    "label": _("90% hồ sơ trong (ngày làm việc)"),
                    "data": [p.p90 for p in procedures],
                    "color": "#6b4fa0",
                    "urls": [links.figure("procedure", p.procedure_id) for p in procedures],
                },
            ],
        },
        "steps": {
            "type": "bar",
            "horizontal": True,
            "labels": [s.name for s in steps],
            "datasets": [
                {
                    "label": _("Trung vị (ngày làm việc)"),
                    "data": [s.median for s in steps],
                    "color": "#0b4f8a",
                    "urls": [links.figure("step", s.step) for s in steps],
                },
                {
                    "label": _("90% lượt trong (ngày làm việc)"),
                    "data": [s.p90 for s in steps],
                    "color": "#6b4fa0",
                    "urls": [links.figure("step", s.step) for s in steps],
                },
            ],
        },
    }


def _dashboard(request, kind: str):
    scope, agency = _scope(kind, request)
    form, period = _period(request)
    context = {
        "kind": kind,
        "title": TITLES[kind],
        "form": form,
        "period": period,
        "agency": agency,
        "nav": dashboard_links(request.user),
    }
    if kind == "agency":
        allowed = allowed_agencies_or_none(request.user)
        choices = Agency.objects.order_by("name")
        if allowed != "province":
            choices = choices.filter(pk__in=allowed)
        context["agency_choices"] = choices
    if kind == "agency" and agency is None:
        return render(request, "reports/dashboard.html", context)
    now = timezone.now()
    links = Links(kind, period, agency)
    totals = dashboards.period_totals(period, scope, now)
    trend = dashboards.monthly_trend(period, scope)
    backlog = dashboards.backlog(scope, now)
    procedures = dashboards.slowest_procedures(period, scope)
    steps = dashboards.slowest_steps(period, scope)
    officers = dashboards.overdue_by_officer(period, scope, now) if kind == "agency" else []
    context.update(
        now=now,
        links=links,
        totals=totals,
        totals_links={
            "received": links.report("received"),
            "resolved": links.report("resolved"),
            "resolved_late": links.report("resolved_late"),
            "open": links.figure("open"),
            "open_overdue": links.figure("open_overdue"),
            "received_online": links.figure("received_online"),
            "resolved_in_time": links.figure("resolved_in_time"),
        },
        trend=[
            {
                "m": m,
                "label": _month_label(m),
                "received_url": links.report("received", m.period),
                "resolved_url": links.report("resolved", m.period),
            }
            for m in trend
        ],
        backlog=backlog,
        backlog_rows=[
            {
                "bucket": b,
                "cells": [
                    {"state": s, "count": b.counts[s], "url": links.figure("backlog_age", b.key, s)}
                    for s in dashboards.BACKLOG_STATES
                ],
            }
            for b in backlog.by_age
        ],
        overdue_rows=[
            {"bucket": b, "url": links.figure("backlog_overdue", b.key)} for b in backlog.by_overdue
        ],
        state_labels=[STATE_LABELS[s] for s in dashboards.BACKLOG_STATES],
        procedures=[{"p": p, "url": links.figure("procedure", p.procedure_id)} for p in procedures],
        steps=[{"s": s, "url": links.figure("step", s.step)} for s in steps],
        officers=[
            {
                "o": o,
                "key": "" if o.officer_id is None else o.officer_id,
                "overdue_url": links.figure("officer_overdue", _key(o)),
                "resolved_url": links.figure("officer_resolved", _key(o)),
                "late_url": links.figure("officer_resolved_late", _key(o)),
            }
            for o in officers
        ],
        charts=_charts(kind, links, trend, backlog, procedures, steps),
    )
    return render(request, "reports/dashboard.html", context)


def _key(officer) -> str:
    return "" if officer.officer_id is None else str(officer.officer_id)


@login_required
@require_GET
def province_dashboard(request):
    return _dashboard(request, "province")


@login_required
@require_GET
def agency_dashboard(request):
    return _dashboard(request, "agency")


@login_required
@require_GET
def officer_dashboard(request):
    return _dashboard(request, "officer")


FIGURE_LABELS = {
    "received": gettext_lazy("Hồ sơ mới tiếp nhận"),
    "received_online": gettext_lazy("Hồ sơ tiếp nhận trực tuyến"),
    "resolved": gettext_lazy("Hồ sơ đã giải quyết"),
    "resolved_in_time": gettext_lazy("Hồ sơ giải quyết trước hạn, đúng hạn"),
    "resolved_late": gettext_lazy("Hồ sơ giải quyết quá hạn"),
    "open": gettext_lazy("Hồ sơ đang giải quyết"),
    "open_overdue": gettext_lazy("Hồ sơ đang giải quyết quá hạn"),
    "backlog_age": gettext_lazy("Hồ sơ tồn theo số ngày làm việc từ khi tiếp nhận"),
    "backlog_overdue": gettext_lazy("Hồ sơ quá hạn theo số ngày làm việc quá hạn"),
    "procedure": gettext_lazy("Hồ sơ đã giải quyết của thủ tục"),
    "step": gettext_lazy("Hồ sơ đã qua bước trong kỳ"),
    "officer_overdue": gettext_lazy("Hồ sơ quá hạn của cán bộ"),
    "officer_resolved": gettext_lazy("Hồ sơ đã giải quyết của cán bộ"),
    "officer_resolved_late": gettext_lazy("Hồ sơ giải quyết quá hạn của cán bộ"),
}


@login_required
@require_GET
def dashboard_dossiers(request):
    """The dossiers behind one figure of a dashboard (same filter as the figure)."""
    kind = request.GET.get("bang", "")
    if kind not in KINDS:
        raise Http404
    scope, agency = _scope(kind, request)
    if kind == "agency" and agency is None:
        raise Http404
    _form, period = _period(request)
    figure = request.GET.get("so_lieu", "")
    if figure not in dashboards.FIGURES:
        raise Http404
    drill = dashboards.Drill(
        figure=figure, key=request.GET.get("khoa", ""), state=request.GET.get("trang_thai", "")
    )
    try:
        queryset = dashboards.dossiers_behind(drill, period, scope)
    except (KeyError, ValueError):
        raise Http404 from None
    page = Paginator(queryset, 50).get_page(request.GET.get("trang"))
    back_query = {**period.query()}
    if agency is not None:
        back_query["co_quan"] = str(agency.pk)
    return render(
        request,
        "reports/dashboard_dossiers.html",
        {
            "kind": kind,
            "title": TITLES[kind],
            "figure_label": FIGURE_LABELS[figure],
            "detail": _detail(drill),
            "period": period,
            "agency": agency,
            "page": page,
            "count": page.paginator.count,
            "back": f"{reverse('reports:dashboard_' + kind)}?{urlencode(back_query)}",
        },
    )


def _detail(drill: dashboards.Drill) -> str:
    """What the key of a figure stands for, in words."""
    if drill.figure == "backlog_age":
        low, high = dashboards._bucket(dashboards.AGE_BUCKETS, drill.key)
        return f"{dashboards._bucket_label(low, high)} · {STATE_LABELS[drill.state]}"
    if drill.figure == "backlog_overdue":
        low, high = dashboards._bucket(dashboards.OVERDUE_BUCKETS, drill.key)
        return _("Quá hạn: %(bucket)s") % {"bucket": dashboards._bucket_label(low, high)}
    if drill.figure == "procedure":
        from motcua.catalog.models import Procedure

        procedure = Procedure.objects.filter(pk=int(drill.key)).first()
        return f"{procedure.code} — {procedure.name}" if procedure else ""
    if drill.figure == "step":
        return dashboards.step_names().get(drill.key, drill.key)
    if drill.figure.startswith("officer_"):
        if drill.key == "":
            return _("Chưa phân công")
        from motcua.accounts.models import User

        officer = User.objects.filter(pk=int(drill.key)).first()
        return (officer.get_full_name() or officer.username) if officer else ""
    return ""


# --- the tracking book --------------------------------------------------------------------------


@login_required
@require_GET
def tracking_book_page(request):
    """Sổ theo dõi hồ sơ (form 06) of an agency for a year, as PDF or Excel."""
    agency = _chosen_agency(request)
    allowed = allowed_agencies_or_none(request.user)
    choices = Agency.objects.order_by("name")
    if allowed != "province":
        choices = choices.filter(pk__in=allowed)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= today.year:
        raise Http404
    fmt = request.GET.get("dinh_dang", "")
    if fmt:
        if agency is None or fmt not in ("pdf", "xlsx"):
            raise Http404
        book = tracking_book(agency, year)
        name = f"so-theo-doi-ho-so-{agency.identifier}-{year}.{fmt}"
        if fmt == "pdf":
            response = HttpResponse(render_slip(book), content_type="application/pdf")
        else:
            response = HttpResponse(
                tracking_book_workbook(book),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "reports/tracking_book.html",
        {
            "agency": agency,
            "agency_choices": choices,
            "year": year,
            "years": range(today.year, today.year - 10, -1),
            "nav": dashboard_links(request.user),
        },
    )


# --- navigation ---------------------------------------------------------------------------------


def dashboard_links(user) -> list[dict]:
    """The statistics pages ``user`` may open, for the back office's menu."""
    if not (user and user.is_authenticated):
        return []
    items = []
    allowed = allowed_agencies_or_none(user)  # reads the agency tree: once per menu
    if allowed == "province":
        items.append({"key": "province", "label": TITLES["province"], "url_name": "province"})
    if allowed is not None:
        items.append({"key": "agency", "label": TITLES["agency"], "url_name": "agency"})
    if can_view_officer_dashboard(user):
        items.append({"key": "officer", "label": TITLES["officer"], "url_name": "officer"})
    if allowed is not None:
        items.append(
            {
                "key": "tracking_book",
                "label": gettext_lazy("Sổ theo dõi hồ sơ"),
                "url_name": "tracking_book",
            }
        )
        items.append(
            {
                "key": "processing",
                "label": gettext_lazy("Báo cáo giải quyết hồ sơ"),
                "url_name": "processing",
            }
        )
    for item in items:
        name = item.pop("url_name")
        item["url"] = reverse(f"reports:dashboard_{name}" if name in KINDS else f"reports:{name}")
    return items
