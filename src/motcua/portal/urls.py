from django.urls import path

from motcua.catalog import views as catalog_views
from motcua.portal import views, views_submit

app_name = "portal"

urlpatterns = [
    path("nop-ho-so/", views.submit, name="submit"),
    path("", views.home, name="home"),
    path("thu-tuc/", catalog_views.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_page, name="procedure"),
    path("nop-ho-so/<str:code>/", views_submit.submit_procedure, name="submit_procedure"),
    path("nop-ho-so/<str:code>/luu-nhap/", views_submit.autosave, name="submit_autosave"),
    path("nop-ho-so/<str:code>/xem-lai/", views_submit.review, name="submit_review"),
    path("nop-ho-so/<str:code>/buoc-<int:number>/", views_submit.submit_step, name="submit_step"),
    path("kho-tai-lieu/", views.document_store, name="document_store"),
    path("kho-tai-lieu/<int:pk>/", views.download_stored, name="download_stored"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", views.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/danh-gia/", views.rate, name="rate"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", views_submit.supplement, name="submit_supplement"),
    path("ho-so-cua-toi/<str:code>/phieu/<int:pk>/", views.download_slip, name="download_slip"),
    path(
        "ho-so-cua-toi/<str:code>/ket-qua/<int:pk>/",
        views.download_result,
        name="download_result",
    ),
]
