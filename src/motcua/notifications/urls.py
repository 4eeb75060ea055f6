from django.urls import path

from motcua.notifications import views, webhooks

app_name = "notifications"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("da-doc/", views.mark_all_read, name="mark-all-read"),
    path("kenh-nhan/", views.preferences, name="preferences"),
    path("webhook/sms/<str:token>/", webhooks.sms_receipt, name="webhook-sms"),
    path("webhook/zalo/", webhooks.zalo_event, name="webhook-zalo"),
    path("<uuid:public_id>/", views.detail, name="detail"),
]
