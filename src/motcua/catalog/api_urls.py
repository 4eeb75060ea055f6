from django.urls import path

from motcua.catalog import api

urlpatterns = [
    path("procedures", api.ProcedureList.as_view(), name="api-procedures"),
    path("procedures/<str:code>", api.ProcedureDetail.as_view(), name="api-procedure"),
]
