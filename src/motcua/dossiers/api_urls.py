from django.urls import path

from motcua.dossiers import api

urlpatterns = [
    path("dossiers", api.DossierCollection.as_view(), name="api-dossiers"),
    path("dossiers/<str:code>", api.DossierDetail.as_view(), name="api-dossier"),
    path("dossiers/<str:code>/events", api.DossierEvents.as_view(), name="api-dossier-events"),
    path(
        "dossiers/<str:code>/actions/<slug:action>",
        api.DossierAction.as_view(),
        name="api-dossier-action",
    ),
    path("lookup/<str:code>", api.PublicLookup.as_view(), name="api-lookup"),
]
