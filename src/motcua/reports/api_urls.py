from django.urls import path

from motcua.reports import api

urlpatterns = [
    path("reports/processing", api.ProcessingReportView.as_view(), name="api-report-processing"),
    path(
        "reports/processing.csv",
        api.ProcessingReportCsvView.as_view(),
        name="api-report-processing-csv",
    ),
    path("reports/indicators", api.IndicatorsView.as_view(), name="api-report-indicators"),
]
