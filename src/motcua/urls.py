from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from motcua.accounts import views as accounts_views
from motcua.core import views as core_views

admin.site.site_header = "motcua — Quản trị"
admin.site.site_title = "motcua"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", include("motcua.portal.urls")),
    path("", include("motcua.signing.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("lich-lam-viec/", include("motcua.worktime.urls")),
    path("dang-nhap/", accounts_views.LoginView.as_view(), name="login"),
    path("", include("motcua.accounts.urls")),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", include("motcua.api.urls")),
    path("thong-bao/", include("motcua.notifications.urls")),
    path("mot-cua/", include("motcua.backoffice.urls")),
    path("payments/", include("motcua.payments.urls")),
    path("thong-ke/", include("motcua.reports.urls")),
]

if not settings.IS_PROD:  # simulators of outside systems: never mounted in production
    urlpatterns.append(path("sandbox/", include("motcua.sandbox.messaging.urls")))
    urlpatterns.append(path("sandbox/vnpay/", include("motcua.sandbox.vnpay.urls")))
    urlpatterns.append(path("sandbox/idp/", include("motcua.sandbox.idp.urls")))

if settings.MOTCUA_BENCH:  # a benchmark server only (settings refuse it in prod unless asked)
    from motcua.core import bench

    urlpatterns.append(path("bench/", include(bench.urlpatterns)))

if settings.DEBUG:  # pragma: no cover - production serves uploads through permission views
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "motcua.core.errors.not_found"
handler500 = "motcua.core.errors.server_error"
