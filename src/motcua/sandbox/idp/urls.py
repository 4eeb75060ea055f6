"""Mounted under /sandbox/idp/ outside production only (see motcua/urls.py)."""

from django.urls import path

from motcua.sandbox.idp import views

app_name = "sandbox_idp"

urlpatterns = [
    path("", views.root, name="root"),
    path(".well-known/openid-configuration", views.discovery, name="discovery"),
    path("authorize", views.authorize, name="authorize"),
    path("token", views.token, name="token"),
    path("jwks", views.jwks, name="jwks"),
    path("userinfo", views.userinfo, name="userinfo"),
]
