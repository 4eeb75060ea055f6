"""The benchmark server's own URLs (``MOTCUA_BENCH``; mounted under /bench/ only then).

``constant`` answers a constant through the whole middleware stack (sessions, CSRF, auth,
language…) without touching the database: the ceiling that ``bench/load`` divides each hot
endpoint's throughput by.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET


@require_GET
def constant(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("constant", constant, name="bench-constant")]
