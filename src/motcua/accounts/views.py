"""Account pages: sign in (password or an identity provider), sign up, the verification code,
a forgotten password, the profile with the password and the contact address. Views parse
input, call ``services`` and render; they never write rows themselves.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts import services
from motcua.accounts.forms import (
    ContactForm,
    LoginForm,
    NewContactForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
    VerifyCodeForm,
)
from motcua.accounts.models import User, VerificationCode
from motcua.accounts.sso.base import SignInFailed
from motcua.accounts.sso.registry import providers
from motcua.core import ratelimit

BACKEND = "motcua.accounts.backends.IdentifierBackend"
PENDING = "motcua_signup_user"
SSO_NEXT = "motcua_sso_next"
RESET = "motcua_reset_contact"


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
    return services.mask_contact(contact.value)


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


# --- a forgotten password -------------------------------------------------------------------


def _at_least(started: float) -> None:
    """Answer no sooner than RESET_MIN_MILLISECONDS after ``started``: sending a code takes
    time, so without this an answer that comes quickly would tell there is no account."""
    floor = settings.MOTCUA_ACCOUNTS["RESET_MIN_MILLISECONDS"] / 1000
    remaining = floor - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def _reset_allowed(request, contact: services.Contact) -> bool:
    """Per client address and per email/phone (hashed), whatever the account."""
    config = settings.MOTCUA_ACCOUNTS
    window = config["RATE_WINDOW_SECONDS"]
    digest = hashlib.sha256(contact.value.encode()).hexdigest()[:32]
    by_client = ratelimit.allow(
        ratelimit.client_key("reset", request),
        limit=config["RESET_RATE_LIMIT"],
        window_seconds=window,
    )
    by_contact = ratelimit.allow(
        f"reset-contact:{digest}", limit=config["RESET_PER_CONTACT_LIMIT"], window_seconds=window
    )
    return by_client and by_contact


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Ask for a code to reset a forgotten password. The answer is the same whether the address
    belongs to an account or not (see ``services.request_password_reset``)."""
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        started = time.monotonic()
        contact = form.cleaned_data["contact"]
        if not _reset_allowed(request, contact):
            form.add_error(
                None,
                _("Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần. Vui lòng thử lại sau ít phút."),
            )
        else:
            services.request_password_reset(contact)
            request.session[RESET] = {"channel": contact.channel, "value": contact.value}
            _at_least(started)
            return redirect("accounts:password-reset-confirm")
    return render(request, "accounts/password_reset.html", {"form": form})


def _reset_contact(request) -> services.Contact | None:
    stored = request.session.get(RESET)
    if not isinstance(stored, dict) or stored.get("channel") not in VerificationCode.Channel.values:
        return None
    return services.Contact(stored["channel"], str(stored.get("value", "")))


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request):
    """Enter the code and a new password."""
    contact = _reset_contact(request)
    if contact is None:
        messages.info(request, _("Vui lòng nhập thư điện tử hoặc số điện thoại để nhận mã."))
        return redirect("accounts:password-reset")
    form = PasswordResetForm(request.POST or None, contact=contact.value)
    if request.method == "POST" and form.is_valid():
        started = time.monotonic()
        try:
            services.reset_password(
                contact, form.cleaned_data["code"], form.cleaned_data["password1"]
            )
        except services.AccountError as error:
            _at_least(started)
            form.add_error("code", error.message)
        else:
            del request.session[RESET]
            _at_least(started)
            messages.success(
                request, _("Đã đặt lại mật khẩu. Vui lòng đăng nhập bằng mật khẩu mới.")
            )
            return redirect("login")
    return render(
        request,
        "accounts/password_reset_confirm.html",
        {"form": form, "destination": _mask(contact), "channel": contact.channel},
    )


# --- the password and the contact address of a signed-in person -----------------------------


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        config = settings.MOTCUA_ACCOUNTS
        if not ratelimit.allow(
            f"password-change:user:{request.user.pk}",
            limit=config["LOGIN_MAX_FAILURES"] * 2,
            window_seconds=config["RATE_WINDOW_SECONDS"],
        ):
            form = PasswordChangeForm(request.user)  # not checked: the old password is not tried
            messages.error(
                request, _("Bạn đã thử đổi mật khẩu quá nhiều lần. Vui lòng thử lại sau ít phút.")
            )
        elif form.is_valid():
            user = services.change_password(request.user, form.cleaned_data["password1"])
            update_session_auth_hash(request, user)  # this session stays; the others end
            messages.success(
                request, _("Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.")
            )
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_change(request):
    """Give a new email address or phone number; a code goes there."""
    form = NewContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_contact_change(request.user, form.cleaned_data["contact"].value)
        except services.AccountError as error:
            form.add_error("contact", error.message)
        else:
            return redirect("accounts:contact-verify")
    return render(request, "accounts/contact_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_verify(request):
    pending = services.pending_contact_change(request.user)
    if pending is None:
        messages.info(request, _("Không có địa chỉ mới nào đang chờ xác minh."))
        return redirect("accounts:contact-change")
    form = VerifyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_contact_change(request.user, form.cleaned_data["code"])
        except services.AccountError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Đã cập nhật địa chỉ liên hệ của tài khoản."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/contact_verify.html",
        {
            "form": form,
            "destination": services.mask_contact(pending.destination),
            "channel": pending.channel,
        },
    )
