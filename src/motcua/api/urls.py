"""/api/v1: the schema, its documentation, and each app's endpoints.

Each domain app keeps its endpoints in its own ``api.py`` (serializers and views) and
``api_urls.py`` (``urlpatterns``); this module only includes them, one line per app.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("motcua.worktime.api_urls")),
    path("", include("motcua.signing.api_urls")),
    path("", include("motcua.catalog.api_urls")),
    path("", include("motcua.dossiers.api_urls")),
    path("", include("motcua.reports.api_urls")),
]
