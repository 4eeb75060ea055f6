"""/thong-ke/: the public statistics page, the processing report, its drill-down and export."""

from django.urls import path

from motcua.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.public, name="public"),
    path("bao-cao/", views.processing_report_page, name="processing"),
    path("bao-cao/ho-so/", views.dossier_list, name="dossiers"),
    path("bao-cao/xuat-excel/", views.export_xlsx, name="export_xlsx"),
    path("chi-so/", views.indicators, name="indicators"),
]
