from django.urls import path

from . import views, worklists

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("tiep-nhan/", views.reception, name="reception"),
    path("tiep-nhan/thu-tuc/", views.procedure_search, name="procedure_search"),
    path("tiep-nhan/<str:code>/", views.received, name="received"),
    path("danh-sach/cho-phan-cong/phan-cong/", views.bulk_assign, name="bulk_assign"),
    *[
        path(f"danh-sach/{w.path}/", views.worklist, {"slug": w.slug}, name=w.slug)
        for w in worklists.WORKLISTS
    ],
    path("ho-so/<str:code>/", views.dossier_page, name="dossier"),
    path("ho-so/<str:code>/phieu/", views.slip_status, name="slip_status"),
    path("ho-so/<str:code>/phieu/<int:pk>/", views.slip, name="slip"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", views.document, name="document"),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", views.act, name="act"),
    path("ho-so/<str:code>/phieu-kiem-soat/", views.control_slip, name="control_slip"),
    path("ho-so/<str:code>/phieu-kiem-soat.pdf", views.control_slip_pdf, name="control_slip_pdf"),
]
