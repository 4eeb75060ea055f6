from django.urls import path

from motcua.signing import views

app_name = "signing"

urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("xac-thuc/demo-ca.crl", views.demo_ca_crl, name="demo-ca-crl"),
]
