"""Forms of the account pages: sign-in (with the rate limit and the lockout), sign-up, the
verification code, the profile. Forms validate and call ``services``; they keep no state."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts import services
from motcua.accounts.identifiers import validate_citizen_id, validate_tax_code
from motcua.accounts.models import User
from motcua.catalog.models import AdministrativeUnit
from motcua.core import ratelimit


class LoginForm(AuthenticationForm):
    """Sign in with a username, an email address or a phone number.

    Before the password is checked: a locked account is refused with the time it opens again,
    and one client address may try only so often (``MOTCUA_ACCOUNTS``). A wrong password counts
    towards the account's lockout; a right one clears the count.
    """

    username = forms.CharField(
        label=_("Tên đăng nhập, thư điện tử hoặc số điện thoại"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên."),
        "locked": _(
            "Tài khoản tạm thời bị khóa vì đăng nhập sai nhiều lần. "
            "Vui lòng thử lại sau %(time)s, hoặc liên hệ tổng đài hỗ trợ."
        ),
        "rate_limited": _(
            "Bạn đã thử đăng nhập quá nhiều lần từ thiết bị này. Vui lòng thử lại sau ít phút."
        ),
        "unverified": _("Tài khoản chưa được xác minh. Vui lòng nhập mã xác minh đã gửi cho bạn."),
    }

    pending_user: User | None = None

    def clean(self):
        identifier = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not identifier or password is None:
            return self.cleaned_data
        key = services.throttle_key(identifier)
        self._refuse_if_locked(key)
        config = settings.MOTCUA_ACCOUNTS
        if self.request is not None and not ratelimit.allow(
            ratelimit.client_key("login", self.request),
            limit=config["LOGIN_RATE_LIMIT"],
            window_seconds=config["RATE_WINDOW_SECONDS"],
        ):
            raise ValidationError(self.error_messages["rate_limited"], code="rate_limited")
        try:
            super().clean()
        except ValidationError:
            pending = services.find_user(identifier)
            if (  # a sign-up never verified: send them to the code page, not a lockout
                pending is not None
                and not pending.is_active
                and pending.last_login is None
                and not (pending.email_verified_at or pending.phone_verified_at)
                and pending.check_password(password)
            ):
                self.pending_user = pending
                raise ValidationError(
                    self.error_messages["unverified"], code="unverified"
                ) from None
            until = services.record_login_failure(key)
            if until is not None:
                self._refuse_if_locked(key)
            raise
        services.clear_login_failures(key)
        return self.cleaned_data

    def _refuse_if_locked(self, key: str) -> None:
        until = services.locked_until(key)
        if until is not None:
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"time": timezone.localtime(until).strftime("%H:%M %d/%m/%Y")},
            )


class SignupForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn đăng ký với tư cách"),
        choices=[
            (User.Kind.CITIZEN, _("Công dân")),
            (User.Kind.BUSINESS, _("Tổ chức, doanh nghiệp")),
        ],
        initial=User.Kind.CITIZEN,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        help_text=_("Người đăng ký; với doanh nghiệp: người đại diện."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại di động"),
        max_length=254,
        help_text=_("Chúng tôi gửi mã xác minh gồm 6 chữ số tới địa chỉ này."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự, không toàn chữ số, không quá giống thông tin cá nhân."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_contact(self):
        try:
            services.parse_contact(self.cleaned_data["contact"])
        except services.AccountError as error:
            raise ValidationError(error.message, code=error.code) from None
        return self.cleaned_data["contact"].strip()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp nhau."))
        elif first:
            probe = User(
                username=cleaned.get("contact", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác minh"),
        max_length=12,
        help_text=_("6 chữ số trong thư điện tử hoặc tin nhắn chúng tôi vừa gửi."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ProfileForm(forms.ModelForm):
    """The person's profile: CCCD for a citizen, tax code and organisation for a business,
    the address by administrative unit (the 2025 communes and wards)."""

    class Meta:
        model = User
        fields = (
            "full_name",
            "id_number",
            "organization_name",
            "tax_code",
            "address_unit",
            "address",
        )
        labels = {
            "full_name": _("Họ và tên"),
            "id_number": _("Số định danh cá nhân (CCCD)"),
            "organization_name": _("Tên tổ chức, doanh nghiệp"),
            "tax_code": _("Mã số thuế"),
            "address_unit": _("Xã, phường, đặc khu"),
            "address": _("Số nhà, đường, thôn, tổ dân phố"),
        }
        help_texts = {
            "id_number": _("12 chữ số trên thẻ căn cước."),
            "tax_code": _("10 chữ số, hoặc 13 chữ số đối với chi nhánh (ví dụ 0100233488-001)."),
        }
        widgets = {
            "id_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        units = AdministrativeUnit.objects.filter(
            scheme=AdministrativeUnit.Scheme.TWO_LEVEL_2025,
            level=AdministrativeUnit.Level.COMMUNE,
        ).select_related("parent")
        field = self.fields["address_unit"]
        field.queryset = units.order_by("parent__name", "name")
        field.empty_label = _("— Chọn xã, phường —")
        field.label_from_instance = lambda unit: (
            f"{unit.name}, {unit.parent.name}" if unit.parent_id else unit.name
        )
        if self.instance.kind != User.Kind.BUSINESS:
            del self.fields["organization_name"]
            del self.fields["tax_code"]
        # A CCCD received from VNeID is the national database's: not edited here.
        if (
            self.instance.pk
            and self.instance.external_identities.exists()
            and self.instance.id_number
        ):
            self.fields["id_number"].disabled = True

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        return validate_citizen_id(value) if value else ""

    def clean_tax_code(self):
        value = self.cleaned_data.get("tax_code", "")
        return validate_tax_code(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        needs_tax_code = self.instance.kind == User.Kind.BUSINESS and "tax_code" in self.fields
        if needs_tax_code and not cleaned.get("tax_code") and "tax_code" not in self.errors:
            self.add_error("tax_code", _("Tổ chức, doanh nghiệp cần khai báo mã số thuế."))
        return cleaned


def _contact_field(label, help_text):
    return forms.CharField(
        label=label,
        max_length=254,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
    )


class ContactForm(forms.Form):
    """One email address or phone number (a forgotten password, a new contact)."""

    contact = _contact_field(
        _("Thư điện tử hoặc số điện thoại di động"),
        _("Địa chỉ đã xác minh của tài khoản. Chúng tôi gửi mã gồm 6 chữ số tới địa chỉ này."),
    )

    def clean_contact(self):
        try:
            return services.parse_contact(self.cleaned_data["contact"])
        except services.AccountError as error:
            raise ValidationError(error.message, code=error.code) from None


class NewContactForm(ContactForm):
    contact = _contact_field(
        _("Thư điện tử hoặc số điện thoại mới"),
        _("Chúng tôi gửi mã xác minh tới địa chỉ mới; địa chỉ cũ được thay khi bạn nhập mã."),
    )


class _NewPasswordFields(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự, không toàn chữ số, không quá giống thông tin cá nhân."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_probe(self) -> User:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp nhau."))
        elif first:
            try:
                password_validation.validate_password(first, self.password_probe())
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PasswordResetForm(_NewPasswordFields):
    """The code sent for a forgotten password, and the new password.

    The password is checked against the address typed only, never against the account's own
    details: a message such as "too similar to your name" would tell that the account exists.
    """

    code = forms.CharField(
        label=_("Mã xác minh"),
        max_length=12,
        help_text=_("6 chữ số trong thư điện tử hoặc tin nhắn chúng tôi vừa gửi."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
    field_order = ("code", "password1", "password2")

    def __init__(self, *args, contact: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact

    def password_probe(self) -> User:
        return User(username=self.contact, email=self.contact if "@" in self.contact else "")


class PasswordChangeForm(_NewPasswordFields):
    """A new password for the signed-in person; the current one is asked for unless the
    account has none (opened through VNeID)."""

    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ("old_password", "password1", "password2")

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["old_password"]

    def password_probe(self) -> User:
        return self.user

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise ValidationError(_("Mật khẩu hiện tại không đúng."), code="password_incorrect")
        return value
