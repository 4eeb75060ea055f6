"""Mounted at /payments/ (see motcua/urls.py). VNPay's IPN: GET /payments/vnpay/ipn."""

from django.urls import path

from motcua.payments import views

app_name = "payments"

urlpatterns = [
    path("ho-so/<str:code>/", views.pay, name="pay"),
    path("ho-so/<str:code>/chung-tu/", views.upload_proof, name="upload-proof"),
    path("ho-so/<str:code>/quan-ly/", views.manage, name="manage"),
    path("ho-so/<str:code>/quan-ly/<slug:action>/", views.staff_action, name="staff-action"),
    path("giao-dich/<str:reference>/", views.result, name="result"),
    path("giao-dich/<str:reference>/bien-nhan.pdf", views.receipt, name="receipt"),
    path("giao-dich/<str:reference>/chung-tu/", views.proof, name="proof"),
    path("giao-dich/<str:reference>/<slug:action>/", views.payment_action, name="payment-action"),
    path("bao-cao/", views.report, name="report"),
    path("bao-cao/<int:agency_id>/", views.report, name="report-agency"),
    path("bao-cao/<int:agency_id>/excel/", views.report_xlsx, name="report-xlsx"),
    path("<slug:gateway>/return", views.gateway_return, name="return"),
    path("<slug:gateway>/ipn", views.ipn, name="ipn"),
]
