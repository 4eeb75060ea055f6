from django.urls import path

from motcua.catalog import views as catalog_views
from motcua.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", catalog_views.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_page, name="procedure"),
]
