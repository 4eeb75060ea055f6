"""/api/v1 for dossiers: submission by integration clients, reading, actions, public lookup.

Visibility is the pages': a user sees a dossier only if ``permissions.can_view`` says so, an
integration client only the dossiers received at its agency. An invisible dossier is a 404, the
same as a missing one, so codes cannot be probed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed, NotFound, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.catalog.models import Channel, Procedure, RequiredDocument
from motcua.core import ratelimit
from motcua.core.uploads import UploadRefused, check_upload
from motcua.dossiers.clients import token_hash
from motcua.dossiers.models import Dossier, IdempotentRequest, IntegrationClient
from motcua.dossiers.permissions import can_view
from motcua.dossiers.services import (
    ApplicantData,
    Conflict,
    DossierError,
    NotAllowed,
    PreconditionFailed,
    perform_action,
    receive_dossier,
)

LOOKUP_LIMIT = 30  # lookups per client per window: enough for a person, too few to enumerate
LOOKUP_WINDOW_SECONDS = 600


class IntegrationTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` of an active integration client."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(f"{self.keyword} "):
            return None
        client = (
            IntegrationClient.objects.filter(
                token_hash=token_hash(header[len(self.keyword) + 1 :].strip()), is_active=True
            )
            .select_related("agency")
            .first()
        )
        if client is None:
            raise AuthenticationFailed("Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
        IntegrationClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        return client, client

    def authenticate_header(self, request):
        return self.keyword


def visible_dossier(request, code: str) -> Dossier:
    dossier = (
        Dossier.objects.select_related(
            "agency", "current_agency", "procedure_version__procedure", "process_version"
        )
        .filter(code=code)
        .first()
    )
    client = request.user if isinstance(request.user, IntegrationClient) else None
    visible = dossier is not None and (
        (client is not None and dossier.agency_id == client.agency_id)
        or (client is None and can_view(request.user, dossier))
    )
    if not visible:
        raise NotFound("Không tìm thấy hồ sơ.")
    return dossier


def local(moment):
    """Instants in Vietnam's time (+07:00), like the rest of the API and the slips."""
    return timezone.localtime(moment).isoformat() if moment else None


def dossier_data(dossier: Dossier) -> dict:
    step = dossier.process_version.definition().step(dossier.step)
    return {
        "code": dossier.code,
        "procedure": {
            "code": dossier.procedure_version.procedure.code,
            "name": dossier.procedure_version.procedure.name,
            "version": dossier.procedure_version.number,
        },
        "agency": {"identifier": dossier.agency.identifier, "name": dossier.agency.name},
        "current_agency": {
            "identifier": dossier.current_agency.identifier,
            "name": dossier.current_agency.name,
        },
        "channel": dossier.channel,
        "step": dossier.step,
        "step_name": step.name,
        "public_status": step.public_status,
        "submitted_at": local(dossier.submitted_at),
        "received_at": local(dossier.received_at),
        "due_at": local(dossier.due_at),
        "step_due_at": local(dossier.step_due_at),
        "completed_at": local(dossier.completed_at),
        "outcome": dossier.outcome or None,
        "timeliness": dossier.timeliness or None,
        "returned_at": local(dossier.returned_at),
        "version": dossier.version,
    }


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    id_number = serializers.RegexField(r"^\d{9}$|^\d{12}$", required=False, allow_blank=True)
    phone = serializers.RegexField(r"^(\+84|0)\d{9,10}$", required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)


MAX_ATTACHMENTS = 20


class AttachmentSerializer(serializers.Serializer):
    document = serializers.IntegerField(
        min_value=0, help_text="Thứ tự (position) của thành phần hồ sơ mà tệp này thể hiện"
    )
    name = serializers.CharField(max_length=255, help_text="Tên tệp, ví dụ can-cuoc.pdf")
    content = serializers.CharField(
        help_text="Nội dung tệp (PDF, JPEG hoặc PNG, tối đa 10 MB), mã hóa base64"
    )

    def validate(self, attrs):
        try:
            raw = base64.b64decode(attrs["content"], validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(
                {"content": f"Tệp “{attrs['name']}” không đúng mã hóa base64."}
            ) from None
        try:
            attrs["checked"] = check_upload(ContentFile(raw, name=attrs["name"]))
        except UploadRefused as error:
            raise serializers.ValidationError({"content": error.message}) from None
        return attrs


class SubmissionSerializer(serializers.Serializer):
    procedure = serializers.CharField(help_text="Mã thủ tục, ví dụ 1.001193")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.ONLINE)
    applicant = ApplicantSerializer()
    present_documents = serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        default=list,
        help_text="Thứ tự (position) các thành phần hồ sơ đã có",
    )
    form_data = serializers.DictField(required=False, default=dict)
    sets = serializers.IntegerField(min_value=1, max_value=50, default=1)
    result_delivery = serializers.ChoiceField(
        choices=Dossier.ResultDelivery.choices, default=Dossier.ResultDelivery.ONLINE
    )
    attachments = serializers.ListField(
        child=AttachmentSerializer(),
        required=False,
        default=list,
        max_length=MAX_ATTACHMENTS,
        help_text="Tệp của các thành phần hồ sơ (mỗi thành phần một tệp)",
    )

    def validate(self, attrs):
        documents = {
            doc.position: doc
            for doc in attrs["procedure"].documents.filter(group=RequiredDocument.Group.SUBMIT)
        }
        seen = set()
        for attachment in attrs["attachments"]:
            position = attachment["document"]
            if position not in documents:
                raise serializers.ValidationError(
                    {"attachments": f"Thủ tục không có thành phần hồ sơ số {position}."}
                )
            if position in seen:
                raise serializers.ValidationError(
                    {"attachments": f"Thành phần hồ sơ số {position} có nhiều hơn một tệp."}
                )
            seen.add(position)
            attachment["required_document"] = documents[position]
        return attrs

    def validate_procedure(self, value):
        procedure = Procedure.objects.filter(code=value).first()
        version = procedure.version_in_force(timezone.localdate()) if procedure else None
        if version is None:
            raise serializers.ValidationError("Không có thủ tục đang có hiệu lực với mã này.")
        return version


class ActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    data = serializers.DictField(required=False, default=dict)
    expected_version = serializers.IntegerField(required=False, min_value=1)


def _error(error: DossierError) -> Response:
    code = {Conflict: 409, NotAllowed: 403, PreconditionFailed: 422}.get(type(error), 400)
    return Response({"detail": error.message, "code": error.code}, status=code)


class DossierCollection(APIView):
    """Nộp hồ sơ từ hệ thống tích hợp (kiosk, bưu điện, Cổng DVC quốc gia)."""

    authentication_classes = [IntegrationTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=SubmissionSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        responses={201: dict, 200: dict},
        tags=["dossiers"],
    )
    def post(self, request):
        client: IntegrationClient = request.user
        key = request.headers.get("Idempotency-Key", "").strip()[:200]
        body_hash = hashlib.sha256(
            json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str).encode()
        ).hexdigest()
        if key:
            replay = self._replay(client, key, body_hash)
            if replay is not None:
                return replay
        submission = SubmissionSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        data = submission.validated_data
        version = data["procedure"]
        positions = set(data["present_documents"])
        present = list(
            version.documents.filter(position__in=positions).values_list("pk", flat=True)
        )
        attached = {a["required_document"].pk: a["checked"] for a in data["attachments"]}
        try:
            # Files saved by a transaction that rolls back are deleted (core.storage): a
            # dossier and its files are recorded together or not at all.
            with transaction.atomic():
                dossier = receive_dossier(
                    agency=client.agency,
                    procedure_version=version,
                    channel=data["channel"],
                    applicant=ApplicantData(**data["applicant"]),
                    actor=None,
                    present_documents=[*present, *attached],
                    form_data=data["form_data"],
                    sets=data["sets"],
                    result_delivery=data["result_delivery"],
                    # Stored with the documents, before the day's number is taken (its counter
                    # stays locked until the commit: codes.py), not written after it.
                    files={
                        pk: File(checked.file, name=checked.stored_name)
                        for pk, checked in attached.items()
                    },
                )
                if key:
                    IdempotentRequest.objects.create(
                        client=client, key=key, request_hash=body_hash, dossier=dossier
                    )
        except IntegrityError:
            # The same key raced us; the winner's dossier is the answer.
            replay = self._replay(client, key, body_hash)
            if replay is not None:
                return replay
            raise
        except DossierError as error:
            return _error(error)
        return Response(dossier_data(dossier), status=status.HTTP_201_CREATED)

    @staticmethod
    def _replay(client, key, body_hash):
        previous = IdempotentRequest.objects.filter(client=client, key=key).first()
        if previous is None:
            return None
        if previous.request_hash != body_hash:
            return Response(
                {
                    "detail": "Idempotency-Key này đã được dùng cho một yêu cầu khác.",
                    "code": "idempotency_key_reused",
                },
                status=422,
            )
        response = Response(dossier_data(previous.dossier), status=status.HTTP_200_OK)
        response["Idempotent-Replayed"] = "true"
        return response


class DossierDetail(APIView):
    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=dict, tags=["dossiers"])
    def get(self, request, code):
        return Response(dossier_data(visible_dossier(request, code)))


class DossierEvents(APIView):
    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=dict, tags=["dossiers"])
    def get(self, request, code):
        dossier = visible_dossier(request, code)
        return Response(
            [
                {
                    "sequence": e.sequence,
                    "at": e.at,
                    "actor": e.actor_name,
                    "role": e.actor_role,
                    "agency": e.agency.identifier,
                    "action": e.action,
                    "action_name": e.action_name,
                    "from_step": e.from_step,
                    "to_step": e.to_step,
                    "note": e.note,
                    "payload": e.payload,
                    "hash": e.hash,
                    "previous_hash": e.previous_hash,
                }
                for e in dossier.events.select_related("agency").order_by("sequence")
            ]
        )


class DossierAction(APIView):
    """Thực hiện một thao tác của quy trình (tiếp nhận, phân công, trình, phê duyệt…)."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ActionSerializer, responses=dict, tags=["dossiers"])
    def post(self, request, code, action):
        dossier = visible_dossier(request, code)
        payload = ActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            event = perform_action(
                dossier,
                action,
                request.user,
                note=payload.validated_data["note"],
                data=payload.validated_data["data"],
                expected_version=payload.validated_data.get("expected_version"),
            )
        except DossierError as error:
            return _error(error)
        dossier.refresh_from_db()
        return Response({"event": event.sequence, "dossier": dossier_data(dossier)})


class PublicLookup(APIView):
    """Tra cứu công khai: chỉ mã hồ sơ và tình trạng hoàn thành (Thông tư 01/2018, Điều 16)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses=dict, tags=["lookup"])
    def get(self, request, code):
        if not ratelimit.allow(
            ratelimit.client_key("lookup", request),
            limit=LOOKUP_LIMIT,
            window_seconds=LOOKUP_WINDOW_SECONDS,
        ):
            raise Throttled(detail="Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
        dossier = (
            Dossier.objects.filter(code=code.strip())
            .only("code", "completed_at", "step", "process_version")
            .first()
        )
        if dossier is None:
            raise NotFound("Không tìm thấy hồ sơ với mã này.")
        completed = dossier.completed_at is not None
        return Response(
            {
                "code": dossier.code,
                "completed": completed,
                "status": "Đã có kết quả giải quyết" if completed else "Đang giải quyết",
            }
        )


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    """Documents the integration clients' bearer token in the OpenAPI schema."""

    target_class = "motcua.dossiers.api.IntegrationTokenAuthentication"
    name = "integrationToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Mã truy cập của hệ thống tích hợp",
        }
