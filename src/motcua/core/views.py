"""Endpoints of the core app."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.health import check_database, check_worker


@never_cache
@require_GET
def healthz(request):
    """Database and job-worker health as JSON; HTTP 503 when either is down (for load balancers)."""
    database = check_database()
    worker = check_worker()
    healthy = database.ok and worker.ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": database.as_dict(),
            "worker": worker.as_dict(),
        },
        status=200 if healthy else 503,
    )
