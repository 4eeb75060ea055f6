"""Mounted at /sandbox/vnpay/ outside production only (see motcua/urls.py), with VNPay's paths."""

from django.urls import path

from motcua.sandbox.vnpay import views

app_name = "sandbox_vnpay"

urlpatterns = [
    path("paymentv2/vpcpay.html", views.pay, name="pay"),
    path("merchant_webapi/api/transaction", views.transaction_api, name="transaction-api"),
    path("dieu-khien/", views.control, name="control"),
    path("dieu-khien/gui-ipn/", views.send_due, name="send-due"),
]
