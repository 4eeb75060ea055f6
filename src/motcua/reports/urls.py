"""/thong-ke/: the public statistics page, the processing report, its drill-down and export."""

from django.urls import path

from motcua.reports import views, views_dashboards

app_name = "reports"

urlpatterns = [
    path("", views.public, name="public"),
    path("bao-cao/", views.processing_report_page, name="processing"),
    path("bao-cao/ho-so/", views.dossier_list, name="dossiers"),
    path("bao-cao/xuat-excel/", views.export_xlsx, name="export_xlsx"),
    path("chi-so/", views.indicators, name="indicators"),
    path("bao-cao/cong-bo/", views.publications, name="publications"),
    path("bao-cao/cong-bo/<int:pk>/", views.publication, name="publication"),
    path("dieu-hanh/tinh/", views_dashboards.province_dashboard, name="dashboard_province"),
    path("dieu-hanh/co-quan/", views_dashboards.agency_dashboard, name="dashboard_agency"),
    path("dieu-hanh/cua-toi/", views_dashboards.officer_dashboard, name="dashboard_officer"),
    path("dieu-hanh/ho-so/", views_dashboards.dashboard_dossiers, name="dashboard_dossiers"),
    path("so-theo-doi-ho-so/", views_dashboards.tracking_book_page, name="tracking_book"),
]
