"""Error pages in the portal's shell and language."""

from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without a database-backed context if the database is what failed.
    return render(request, "errors/500.html", status=500)
