from django.urls import path

from motcua.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-ky/", views.signup, name="signup"),
    path("dang-ky/xac-minh/", views.verify, name="verify"),
    path("dang-ky/gui-lai-ma/", views.resend_code, name="resend-code"),
    path("quen-mat-khau/", views.password_reset, name="password-reset"),
    path("quen-mat-khau/dat-lai/", views.password_reset_confirm, name="password-reset-confirm"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/doi-mat-khau/", views.password_change, name="password-change"),
    path("tai-khoan/doi-lien-he/", views.contact_change, name="contact-change"),
    path("tai-khoan/doi-lien-he/xac-minh/", views.contact_verify, name="contact-verify"),
    path("dang-nhap/qua/<slug:provider>/", views.sso_begin, name="sso-begin"),
    path("dang-nhap/qua/<slug:provider>/xac-thuc/", views.sso_callback, name="sso-callback"),
]
