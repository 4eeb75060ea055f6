"""Mounted under /sandbox/ outside production only (see motcua/urls.py)."""

from django.urls import path

from motcua.sandbox.messaging import providers, views

app_name = "sandbox_messaging"

urlpatterns = [
    path("hop-thu/", views.inbox, name="inbox"),
    path("hop-thu/xoa/", views.clear, name="clear"),
    path("hop-thu/<int:pk>/bao-nhan/", views.send_receipt, name="send-receipt"),
    path("dieu-khien/", views.control, name="control"),
    path(
        "sms/MainService.svc/json/SendMultipleMessage_V4_post_json/",
        providers.sms_send,
        name="sms-send",
    ),
    path("zalo/message/template", providers.zalo_send, name="zalo-send"),
]
