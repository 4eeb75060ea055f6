"""POST /api/v1/signatures/verify: the verification page's answer as JSON, for other systems
(the national portal, agencies' document systems) and for scripts. Public, rate-limited with
the page's budget; keeps nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.signing.forms import VerifyUploadForm
from motcua.signing.verification import NotAPdf, verify_pdf
from motcua.signing.views import within_verify_limit


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp PDF đã ký số")


class SignerSerializer(serializers.Serializer):
    name = serializers.CharField()
    organisation = serializers.CharField()
    title = serializers.CharField()
    identifier = serializers.CharField()


class SignatureSerializer(serializers.Serializer):
    field_name = serializers.CharField()
    status = serializers.ChoiceField(["valid", "untrusted", "changed", "invalid"])
    signer = SignerSerializer()
    certificate_serial = serializers.CharField()
    certificate_issuer = serializers.CharField()
    certificate_valid_from = serializers.DateTimeField(allow_null=True)
    certificate_valid_until = serializers.DateTimeField(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamped_at = serializers.DateTimeField(allow_null=True)
    timestamp_trusted = serializers.BooleanField(allow_null=True)
    intact = serializers.BooleanField()
    valid = serializers.BooleanField()
    trusted = serializers.BooleanField()
    revoked = serializers.BooleanField()
    trust_anchor = serializers.CharField()
    coverage = serializers.CharField()
    modification_level = serializers.CharField()
    changed_after_signing = serializers.BooleanField()
    level = serializers.CharField()
    reason = serializers.CharField()
    location = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())


class VerifyResponseSerializer(serializers.Serializer):
    signature_count = serializers.IntegerField()
    all_valid = serializers.BooleanField()
    signatures = SignatureSerializer(many=True)


class VerifySignaturesView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # public, and no session means no CSRF token to ask for
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="signatures_verify",
        summary="Xác thực chữ ký số trong tệp PDF",
        request={"multipart/form-data": VerifyRequestSerializer},
        responses={
            200: VerifyResponseSerializer,
            400: OpenApiResponse(description="Không phải tệp PDF, tệp hỏng hoặc quá lớn"),
            429: OpenApiResponse(description="Gửi quá nhiều tệp; thử lại sau"),
        },
    )
    def post(self, request):
        if not within_verify_limit(request):
            return Response(
                {"error": _("Gửi quá nhiều tệp trong thời gian ngắn; thử lại sau.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        form = VerifyUploadForm(files={"document": request.FILES.get("file")})
        if not form.is_valid():
            return Response(
                {"error": " ".join(form.errors["document"])}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            report = verify_pdf(form.cleaned_data["document"])
        except NotAPdf:
            return Response(
                {"error": _("Không đọc được tệp PDF này (tệp bị hỏng hoặc không đúng định dạng).")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(report.as_dict())
