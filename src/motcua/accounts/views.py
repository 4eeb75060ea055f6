"""Account pages: sign in (password or an identity provider), sign up, the verification code,
the profile. Views parse input, call ``services`` and render; they never write rows themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts import services
from motcua.accounts.forms import LoginForm, ProfileForm, SignupForm, VerifyCodeForm
from motcua.accounts.models import User, VerificationCode
from motcua.accounts.sso.base import SignInFailed
from motcua.accounts.sso.registry import providers
from motcua.core import ratelimit

BACKEND = "motcua.accounts.backends.IdentifierBackend"
PENDING = "motcua_signup_user"
SSO_NEXT = "motcua_sso_next"


def _safe_next(request, value: str | None, default: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse(default)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identity_providers"] = providers.available()
        return context

    def form_invalid(self, form):
        if form.pending_user is not None:
            self.request.session[PENDING] = form.pending_user.pk
            messages.info(self.request, form.error_messages["unverified"])
            return redirect("accounts:verify")
        return super().form_invalid(form)


def _pending_user(request) -> User | None:
    pk = request.session.get(PENDING)
    if not pk:
        return None
    return User.objects.filter(pk=pk, is_active=False, last_login__isnull=True).first()


def _mask(contact: services.Contact) -> str:
    if contact.channel == VerificationCode.Channel.EMAIL:
        name, _at, domain = contact.value.partition("@")
        return f"{name[:2]}{'•' * max(len(name) - 2, 1)}@{domain}"
    return f"{contact.value[:3]}{'•' * 4}{contact.value[-3:]}"


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        config = settings.MOTCUA_ACCOUNTS
        if not ratelimit.allow(
            ratelimit.client_key("signup", request),
            limit=config["SIGNUP_RATE_LIMIT"],
            window_seconds=config["RATE_WINDOW_SECONDS"],
        ):
            form.add_error(
                None, _("Bạn đã đăng ký quá nhiều lần từ thiết bị này. Vui lòng thử lại sau.")
            )
        else:
            try:
                user = services.start_signup(
                    kind=form.cleaned_data["kind"],
                    full_name=form.cleaned_data["full_name"],
                    contact=form.cleaned_data["contact"],
                    password=form.cleaned_data["password1"],
                )
                request.session[PENDING] = user.pk
                services.send_code(
                    user, VerificationCode.Purpose.SIGNUP, services.pending_contact(user)
                )
            except services.AccountError as error:
                if error.code in {"taken", "username_taken", "bad_contact", "bad_email"}:
                    form.add_error("contact", error.message)
                elif error.code in {"not_sent", "too_many_codes"}:
                    messages.error(request, error.message)
                    return redirect("accounts:verify")
                else:
                    form.add_error(None, error.message)
            else:
                return redirect("accounts:verify")
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify(request):
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Không có đăng ký nào đang chờ xác minh. Vui lòng đăng ký."))
        return redirect("accounts:signup")
    contact = services.pending_contact(user)
    form = VerifyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_code(user, VerificationCode.Purpose.SIGNUP, form.cleaned_data["code"])
        except services.AccountError as error:
            form.add_error("code", error.message)
        else:
            del request.session[PENDING]
            user.refresh_from_db()
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _("Tài khoản đã được xác minh. Hãy bổ sung thông tin cá nhân để điền sẵn tờ khai."),
            )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "destination": _mask(contact), "channel": contact.channel},
    )


@require_POST
def resend_code(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:signup")
    try:
        services.send_code(user, VerificationCode.Purpose.SIGNUP, services.pending_contact(user))
    except services.AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã gửi mã xác minh mới. Mã cũ không còn dùng được."))
    return redirect("accounts:verify")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name]
            for name, field in form.fields.items()
            if not field.disabled
        }
        services.update_profile(user, **values)
        messages.success(request, _("Đã lưu thông tin tài khoản."))
        return redirect("accounts:profile")
    linked = [
        {"provider": providers.get(link.provider), "link": link}
        for link in user.external_identities.all()
    ]
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "linked": linked, "identity_providers": providers.available()},
    )


def _provider(code: str):
    provider = providers.get(code)
    if provider is None or provider.configuration_problem() is not None:
        raise Http404(_("Không có nhà cung cấp định danh này."))
    return provider


@require_http_methods(["GET", "POST"])
def sso_begin(request, provider: str):
    identity = _provider(provider)
    request.session[SSO_NEXT] = _safe_next(
        request, request.GET.get("next") or request.POST.get("next"), "portal:my_dossiers"
    )
    redirect_uri = request.build_absolute_uri(reverse("accounts:sso-callback", args=[provider]))
    try:
        return identity.begin(request, redirect_uri)
    except SignInFailed as error:
        messages.error(request, error.message)
        return redirect("login")


@require_http_methods(["GET"])
def sso_callback(request, provider: str):
    identity = _provider(provider)
    try:
        profile_data = identity.complete(request)
        user = services.sign_in_external(
            profile_data, current_user=request.user if request.user.is_authenticated else None
        )
    except SignInFailed as error:
        messages.error(request, error.message)
        return redirect("login")
    except services.AccountError as error:
        messages.error(request, error.message)
        return redirect("login")
    login(request, user, backend=BACKEND)
    messages.success(
        request,
        _("Đã đăng nhập bằng %(provider)s. Xin chào %(name)s.")
        % {"provider": identity.label, "name": user.get_full_name()},
    )
    return redirect(request.session.pop(SSO_NEXT, None) or reverse("portal:my_dossiers"))
