from django.urls import path

from motcua.signing.api import VerifySignaturesView

urlpatterns = [
    path("signatures/verify", VerifySignaturesView.as_view(), name="signatures-verify"),
]
