"""Public read-only API of the procedure catalog (``/api/v1/procedures``).

Anyone may read it (AllowAny). Rate limiting is left to the security work (a throttle class on
these views, or the reverse proxy); nothing here writes.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from motcua.catalog.models import (
    ChannelOption,
    FeeItem,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.search import search_procedure_ids
from motcua.catalog.views import filters_from


class ProcedureSummarySerializer(serializers.ModelSerializer):
    field = serializers.CharField(source="field.name", default="", read_only=True)

    class Meta:
        model = Procedure
        fields = ("code", "name", "field", "levels", "service_level", "online_mode")


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChannelOption
        fields = (
            "channel",
            "processing_time",
            "time_unit",
            "time_unit_stated",
            "fee_vnd",
            "fee_text",
            "description",
        )


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeItem
        fields = ("name", "amount_vnd", "channel", "note")


class DocumentSerializer(serializers.ModelSerializer):
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = RequiredDocument
        fields = (
            "group",
            "name",
            "form",
            "copies",
            "requirement",
            "template_name",
            "template_url",
            "filled_by_eform",
        )

    def get_template_url(self, document) -> str | None:
        return document.template_file.url if document.template_file else None


class VersionSerializer(serializers.ModelSerializer):
    channels = ChannelSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = ProcedureVersion
        fields = (
            "number",
            "valid_from",
            "valid_until",
            "decision_number",
            "service_level",
            "online_mode",
            "partial_online_reason",
            "cutoff_applies",
            "steps",
            "legal_basis",
            "conditions",
            "result",
            "target_group",
            "channels",
            "fees",
            "documents",
            "eform_schema",
            "eform_ui",
        )


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    agencies = serializers.SerializerMethodField()
    current_version = serializers.SerializerMethodField()

    class Meta(ProcedureSummarySerializer.Meta):
        fields = (
            *ProcedureSummarySerializer.Meta.fields,
            "issuing_body",
            "implementing_bodies",
            "agencies",
            "current_version",
        )

    def get_agencies(self, procedure) -> list[dict]:
        return [
            {"identifier": o.agency.identifier, "name": o.agency.name}
            for o in procedure.offerings.filter(is_active=True).select_related("agency")
        ]

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_current_version(self, procedure):
        version = procedure.version_in_force()
        return VersionSerializer(version).data if version else None


_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Từ khóa, có dấu hay không dấu, hoặc mã"),
    OpenApiParameter("field", OpenApiTypes.INT, description="Mã (id) lĩnh vực"),
    OpenApiParameter("agency", OpenApiTypes.INT, description="Mã (id) cơ quan thực hiện"),
    OpenApiParameter("level", OpenApiTypes.INT, description="Mức độ dịch vụ 1-4"),
    OpenApiParameter("online", OpenApiTypes.BOOL, description="Chỉ dịch vụ toàn trình"),
    OpenApiParameter("government_level", OpenApiTypes.STR, description="ministry|province|commune"),
]


class ProcedureList(ListAPIView):
    """Search the catalog; the same ranking as the portal's search page."""

    permission_classes = [AllowAny]
    serializer_class = ProcedureSummarySerializer
    pagination_class = PageNumberPagination

    @extend_schema(parameters=_FILTERS, summary="Tìm thủ tục hành chính")
    def get(self, request, *args, **kwargs):
        params = request.query_params
        filters = filters_from(
            {
                "linh_vuc": params.get("field"),
                "co_quan": params.get("agency"),
                "muc_do": params.get("level"),
                "toan_trinh": "1" if params.get("online") in {"1", "true"} else "",
                "cap": params.get("government_level"),
            }
        )
        paginator = self.paginator
        size = paginator.get_page_size(request) or 20
        try:
            page = max(1, int(params.get("page", 1)))
        except ValueError:
            page = 1
        ids, total = search_procedure_ids(
            params.get("q", "")[:200], filters, limit=size, offset=(page - 1) * size
        )
        by_id = Procedure.objects.select_related("field").in_bulk(ids)
        data = self.get_serializer([by_id[i] for i in ids if i in by_id], many=True).data
        base = request.build_absolute_uri()
        return Response(
            {
                "count": total,
                "next": _page_link(base, page + 1) if page * size < total else None,
                "previous": _page_link(base, page - 1) if page > 1 else None,
                "results": data,
            }
        )


def _page_link(url: str, page: int) -> str:
    from rest_framework.utils.urls import replace_query_param

    return replace_query_param(url, "page", page)


class ProcedureDetail(RetrieveAPIView):
    """A procedure with the version in force today."""

    permission_classes = [AllowAny]
    serializer_class = ProcedureDetailSerializer
    lookup_field = "code"
    queryset = Procedure.objects.filter(is_active=True).select_related("field")
