from django.urls import path

from motcua.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-ky/", views.signup, name="signup"),
    path("dang-ky/xac-minh/", views.verify, name="verify"),
    path("dang-ky/gui-lai-ma/", views.resend_code, name="resend-code"),
    path("tai-khoan/", views.profile, name="profile"),
    path("dang-nhap/qua/<slug:provider>/", views.sso_begin, name="sso-begin"),
    path("dang-nhap/qua/<slug:provider>/xac-thuc/", views.sso_callback, name="sso-callback"),
]
