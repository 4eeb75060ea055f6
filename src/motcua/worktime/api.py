"""Public API of the working calendar: deadlines with their explanation, and a year's days off."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from motcua.catalog.models import Agency
from motcua.worktime.explain import explain_deadline
from motcua.worktime.selectors import FIRST_YEAR, calendar_for, days_of_year

REASON_LABELS = {
    "weekly_rest": "Nghỉ hằng tuần",
    "holiday": "Nghỉ lễ, Tết",
    "compensatory": "Nghỉ bù",
    "swapped": "Nghỉ hoán đổi",
    "make_up": "Làm bù",
}


class CalendarThrottle(AnonRateThrottle):
    rate = "120/min"


class DeadlineQuery(serializers.Serializer):
    start = serializers.DateTimeField(help_text="Thời điểm tiếp nhận, ví dụ 2026-02-13T10:00")
    days = serializers.FloatField(required=False, default=0, min_value=0, max_value=366)
    hours = serializers.FloatField(required=False, default=0, min_value=0, max_value=2000)
    agency = serializers.CharField(required=False, help_text="Mã định danh cơ quan")
    cutoff = serializers.TimeField(required=False, help_text="Giờ chốt, ví dụ 15:00")

    def validate(self, attrs):
        if not attrs.get("days") and not attrs.get("hours"):
            raise serializers.ValidationError("Cần số ngày làm việc (days) hoặc số giờ (hours).")
        identifier = attrs.get("agency")
        if identifier:
            attrs["agency"] = Agency.objects.filter(identifier=identifier).first()
            if attrs["agency"] is None:
                raise serializers.ValidationError(
                    {"agency": "Không có cơ quan với mã định danh này."}
                )
        return attrs


def _day(day) -> dict:
    return {
        "date": day.date.isoformat(),
        "reason": day.reason,
        "reason_label": REASON_LABELS.get(day.reason, day.reason),
        "name": day.name,
    }


class DeadlineView(APIView):
    """Ngày hẹn trả kết quả: thời điểm tiếp nhận cộng thời gian làm việc."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [CalendarThrottle]

    @extend_schema(
        parameters=[DeadlineQuery],
        responses=inline_serializer(
            "Deadline",
            {
                "start": serializers.DateTimeField(),
                "counting_from": serializers.DateTimeField(),
                "due": serializers.DateTimeField(),
                "working_days": serializers.FloatField(),
                "working_hours": serializers.FloatField(),
                "explanation": serializers.ListField(child=serializers.DictField()),
                "extra_working_days": serializers.ListField(child=serializers.DictField()),
            },
        ),
        tags=["calendar"],
    )
    def get(self, request):
        query = DeadlineQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        start = timezone.localtime(data["start"])
        calendar = calendar_for(data.get("agency"))
        explanation = explain_deadline(
            calendar, start, data["days"], data["hours"], cutoff=data.get("cutoff")
        )
        return Response(
            {
                "start": start.isoformat(),
                "counting_from": explanation.counting_from.isoformat(),
                "due": explanation.due_at.isoformat(),
                "working_days": data["days"],
                "working_hours": data["hours"],
                "explanation": [_day(d) for d in explanation.skipped_days],
                "extra_working_days": [_day(d) for d in explanation.extra_working_days],
            }
        )


class HolidaysView(APIView):
    """Ngày nghỉ lễ, Tết, nghỉ bù, hoán đổi và làm bù của một năm."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [CalendarThrottle]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True)],
        responses=inline_serializer(
            "Holidays",
            {
                "year": serializers.IntegerField(),
                "projected": serializers.BooleanField(),
                "days": serializers.ListField(child=serializers.DictField()),
            },
        ),
        tags=["calendar"],
    )
    def get(self, request):
        field = serializers.IntegerField(min_value=FIRST_YEAR, max_value=2100)
        try:
            year = field.run_validation(request.query_params.get("year"))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"year": exc.detail}) from None
        days, projected = days_of_year(year)
        return Response(
            {
                "year": year,
                "projected": projected,
                "days": [
                    {
                        "date": d.date.isoformat(),
                        "kind": d.kind,
                        "reason": d.reason,
                        "reason_label": REASON_LABELS.get(d.reason, d.reason),
                        "name": d.name,
                        "source": d.source,
                        "projected": d.projected,
                    }
                    for d in days
                ],
            }
        )
