"""/api/v1/reports: the processing report (JSON and CSV) and the indicators, for integrators.

Who sees what is the pages' rule: province-level staff (and superusers) the whole province,
other staff their agency and its units, an integration client (bearer token) the agency it was
issued to and its units; anyone else gets 403. Asking for an agency outside one's own is a 403,
not an empty report. The numbers are the report pages' (``selectors``, ``indicators``).
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied, Throttled, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core import ratelimit
from motcua.dossiers.api import IntegrationTokenAuthentication
from motcua.dossiers.models import IntegrationClient
from motcua.reports import indicators, metrics, quality
from motcua.reports.forms import ReportForm
from motcua.reports.selectors import Report, ReportRow, agency_subtree, processing_report

RATE_LIMIT = 120  # report requests per caller per window: dashboards, not bulk extraction
RATE_WINDOW_SECONDS = 600

PARAMETERS = [
    OpenApiParameter(
        "period", str, enum=["month", "quarter", "year", "custom"], description="kỳ báo cáo"
    ),
    OpenApiParameter("year", int, description="năm"),
    OpenApiParameter("month", int, description="tháng (kỳ tháng)"),
    OpenApiParameter("quarter", int, description="quý (kỳ quý)"),
    OpenApiParameter("first_day", OpenApiTypes.DATE, description="từ ngày (kỳ tùy chọn)"),
    OpenApiParameter("last_day", OpenApiTypes.DATE, description="đến ngày (kỳ tùy chọn)"),
    OpenApiParameter(
        "group_by",
        str,
        enum=["province", "agency", "field", "procedure", "level"],
        description="nhóm theo",
    ),
    OpenApiParameter("agency", int, description="cơ quan tiếp nhận (và các đơn vị trực thuộc)"),
    OpenApiParameter("field", int, description="lĩnh vực"),
    OpenApiParameter("procedure", int, description="thủ tục"),
    OpenApiParameter("level", int, description="cấp chính quyền (1 tỉnh, 3 xã)"),
]


def _allowed_agencies(request) -> frozenset[int] | None:
    from motcua.reports.views import allowed_agencies

    if isinstance(request.user, IntegrationClient):
        return agency_subtree(request.user.agency_id)
    try:
        return allowed_agencies(request.user)
    except DjangoPermissionDenied:
        raise PermissionDenied("Tài khoản không có quyền xem số liệu thống kê.") from None


def _throttle(request) -> None:
    who = (
        f"client:{request.user.pk}"
        if isinstance(request.user, IntegrationClient)
        else f"user:{request.user.pk}"
    )
    if not ratelimit.allow(
        f"reports-api:{who}", limit=RATE_LIMIT, window_seconds=RATE_WINDOW_SECONDS
    ):
        raise Throttled(detail="Quá nhiều yêu cầu báo cáo. Vui lòng thử lại sau ít phút.")


def report_form(request) -> ReportForm:
    _throttle(request)
    allowed = _allowed_agencies(request)
    agency = request.query_params.get("agency")
    if allowed is not None and agency:
        try:
            outside = int(agency) not in allowed
        except ValueError:
            outside = False  # the form says it is not a valid choice
        if outside:
            raise PermissionDenied("Không có quyền xem số liệu của cơ quan này.")
    form = ReportForm(request.query_params, allowed_agencies=allowed)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form


def _row(row: ReportRow) -> dict:
    values = {key: row.values.get(key) for key in metrics.COLUMNS}
    if row.is_external:  # an outside system reports only some columns
        values = {k: v for k, v in values.items() if metrics.BY_KEY[k].external}
    return {"key": row.key, "label": row.label, "source": row.source or None, "values": values}


def report_data(report: Report) -> dict:
    return {
        "period": {
            "kind": report.period.kind,
            "first_day": report.period.first_day,
            "last_day": report.period.last_day,
            "label": report.period.label,
        },
        "group_by": report.group_by,
        "as_of": report.as_of,
        "rows": [_row(r) for r in report.rows],
        "system_total": _row(report.system_total),
        "external_rows": [_row(r) for r in report.external_rows],
        "grand_total": _row(report.grand_total),
        "metrics": [
            {
                "key": m.key,
                "label": str(m.label),
                "group": str(m.header),
                "kind": m.kind,
                "definition": str(m.definition),
                "source": m.source,
            }
            for m in (metrics.BY_KEY[k] for k in metrics.COLUMNS)
        ],
    }


class PeriodSerializer(serializers.Serializer):
    kind = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    label = serializers.CharField()


class RowSerializer(serializers.Serializer):
    key = serializers.JSONField(help_text="mã nhóm (cơ quan, lĩnh vực, thủ tục, cấp) hoặc 'total'")
    label = serializers.CharField()
    source = serializers.CharField(allow_null=True, help_text="hệ thống nguồn của số liệu ngoài")
    values = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="chỉ tiêu → số liệu"
    )


class MetricSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    kind = serializers.ChoiceField(choices=["count", "rate"])
    definition = serializers.CharField()
    source = serializers.CharField(help_text="căn cứ pháp lý")


class ProcessingReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    group_by = serializers.CharField()
    as_of = serializers.DateTimeField()
    rows = RowSerializer(many=True)
    system_total = RowSerializer()
    external_rows = RowSerializer(many=True)
    grand_total = RowSerializer()
    metrics = MetricSerializer(many=True)


def _report(form: ReportForm) -> Report:
    return processing_report(
        form.cleaned_data["report_period"],
        group_by=form.cleaned_data.get("group_by") or "agency",
        scope=form.scope(),
    )


class ProcessingReportView(APIView):
    """Tình hình, kết quả giải quyết TTHC của một kỳ (biểu 06a), theo nhóm đã chọn."""

    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PARAMETERS, responses=ProcessingReportSerializer, tags=["reports"])
    def get(self, request):
        return Response(ProcessingReportSerializer(report_data(_report(report_form(request)))).data)


class ProcessingReportCsvView(APIView):
    """The same report as CSV (UTF-8 with BOM, one line per row, a column per metric)."""

    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=PARAMETERS,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        tags=["reports"],
    )
    def get(self, request):
        form = report_form(request)
        report = _report(form)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["key", "label", "source", *metrics.COLUMNS])
        for row in [*report.rows, report.system_total, *report.external_rows, report.grand_total]:
            data = _row(row)
            writer.writerow(
                [
                    data["key"],
                    data["label"],
                    data["source"] or "",
                    *("" if data["values"].get(k) is None else data["values"][k]
                      for k in metrics.COLUMNS),
                ]
            )  # fmt: skip
        period = report.period
        name = f"bao-cao-tthc-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.csv"
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class IndicatorsSerializer(serializers.Serializer):
    period = PeriodSerializer()
    circular_01_2018 = serializers.DictField(help_text="9 chỉ số TT 01/2018 Điều 13")
    decision_766 = serializers.DictField(help_text="điểm theo QĐ 766/QĐ-TTg")
    services = serializers.DictField(help_text="số dịch vụ theo mức độ, hình thức trực tuyến")
    quality = serializers.DictField(
        help_text="mức độ hài lòng, thanh toán trực tuyến, số hóa hồ sơ (tử số, mẫu số, tỷ lệ)"
    )


def _decimal(value):
    return None if value is None else float(value)


class IndicatorsView(APIView):
    """Các chỉ số đánh giá của kỳ: TT 01/2018 (9 chỉ số), QĐ 766/QĐ-TTg, dịch vụ công."""

    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PARAMETERS, responses=IndicatorsSerializer, tags=["reports"])
    def get(self, request):
        form = report_form(request)
        period, scope = form.cleaned_data["report_period"], form.scope()
        totals = indicators.province_totals(period, scope)
        circular = indicators.circular_indicators(period, scope, totals)
        measured = quality.measure(period, scope)
        scored = indicators.decision_766_score(period, scope, totals, measured=measured)
        services = indicators.service_counts(period, scope)
        data = {
            "period": {
                "kind": period.kind,
                "first_day": period.first_day,
                "last_day": period.last_day,
                "label": period.label,
            },
            "circular_01_2018": {
                "items": [
                    {
                        "number": i.number,
                        "name": str(i.name),
                        "score": _decimal(i.score),
                        "basis": str(i.basis),
                        "dossiers": i.dossiers,
                    }
                    for i in circular["items"]
                ],
                "measured": circular["measured"],
                "total": _decimal(circular["total"]),
                "max_measured": circular["max_measured"],
                "grade": circular["grade"],
            },
            "decision_766": {
                "groups": [
                    {
                        "label": str(g["label"]),
                        "points": _decimal(g["points"]),
                        "earned": _decimal(g["earned"]),
                        "measurable": _decimal(g["measurable"]),
                        "items": [
                            {
                                "name": item.component.name,
                                "metric": item.component.metric or None,
                                "rate": item.rate,
                                "earned": _decimal(item.earned),
                                "status": str(item.status),
                            }
                            for item in g["items"]
                        ],
                    }
                    for g in scored["groups"]
                ],
                "points": _decimal(scored["points"]),
                "earned": _decimal(scored["earned"]),
                "measurable": _decimal(scored["measurable"]),
            },
            "services": {
                "offered": services["offered"],
                "by_level": {str(k): v for k, v in services["by_level"].items()},
                "by_mode": {str(k): v for k, v in services["by_mode"].items()},
                "with_dossiers": services["with_dossiers"],
            },
            "quality": quality.serialize(measured, number=float),
        }
        return Response(IndicatorsSerializer(data).data)
