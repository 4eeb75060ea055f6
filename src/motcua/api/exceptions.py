"""The API's errors as JSON with a Vietnamese ``detail``, including the ones Django raises
before a view runs (a request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``), which would
otherwise be an HTML "Bad Request" page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        return Response(
            {
                "detail": _(
                    "Yêu cầu quá lớn (tối đa {limit:.0f} MB). Vui lòng gửi tệp nhỏ hơn."
                ).format(limit=limit_mb),
                "code": "request_too_large",
            },
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return drf_exception_handler(exc, context)
