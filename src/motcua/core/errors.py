"""Error pages in the portal's shell and language.

An uncaught error is a 500, except two the user can do nothing about but wait: the database
unreachable (restarting, failing over) is a 503 and a full disk is a 507, each with a Retry-After
and a Vietnamese message, as JSON for the API and as a plain page elsewhere (rendered without
the portal's shell, which reads the database).
"""

import errno
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def unavailable(error: BaseException | None) -> tuple[int, str, str] | None:
    """(status, code, message) for an error that is the service's state, not a bug."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return (
            503,
            "database_unavailable",
            _("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."),
        )
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            507,
            "storage_full",
            _(
                "Hệ thống tạm thời không lưu được tệp vì bộ nhớ lưu trữ đã đầy. Hồ sơ chưa được "
                "nộp; vui lòng thử lại sau."
            ),
        )
    return None


def server_error(request):
    # Django calls this inside its ``except`` block: the error being handled is at hand.
    known = unavailable(sys.exc_info()[1])
    if known is not None:
        status, code, message = known
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message, "code": code}, status=status)
        else:
            title = _("Hệ thống đang tạm gián đoạn")
            response = HttpResponse(
                f'<!doctype html><html lang="{get_language()}"><head><meta charset="utf-8">'
                f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
                f"<p>{escape(message)}</p></main></body></html>",
                status=status,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    # Rendered without a database-backed context if the database is what failed.
    return render(request, "errors/500.html", status=500)
