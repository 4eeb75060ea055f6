from django.urls import path

from motcua.catalog import views as catalog_views
from motcua.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", catalog_views.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_page, name="procedure"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", views.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/phieu/<int:pk>/", views.download_slip, name="download_slip"),
    path(
        "ho-so-cua-toi/<str:code>/ket-qua/<int:pk>/",
        views.download_result,
        name="download_result",
    ),
]
