"""People who use motcua: citizens, business representatives and staff.

A citizen or business signs up with an email address or a mobile number, proves it with a
one-time code (``VerificationCode``; the same codes reset a forgotten password and prove a new
address before it replaces the old one), and keeps a profile (CCCD or tax code, address by
administrative unit). Sign-in through a national identity provider links an ``ExternalIdentity``.
``LoginThrottle`` counts failed sign-ins per account for the lockout. Only ``services`` writes
these rows; codes are stored as hashes, never in clear.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import StaffRole, group_name

phone_validator = RegexValidator(
    r"^(\+84|0)\d{9,10}$", _("Số điện thoại không hợp lệ (ví dụ: 0912345678).")
)


class User(AbstractUser):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Tổ chức, doanh nghiệp")
        STAFF = "staff", _("Cán bộ, công chức")

    kind = models.CharField(_("loại tài khoản"), max_length=20, choices=Kind, default=Kind.CITIZEN)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=15, blank=True, validators=[phone_validator]
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Cơ quan, đơn vị công tác (đối với cán bộ)."),
    )
    id_number = models.CharField(_("số định danh cá nhân (CCCD)"), max_length=12, blank=True)
    organization_name = models.CharField(_("tên tổ chức, doanh nghiệp"), max_length=300, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    address = models.CharField(_("địa chỉ (số nhà, đường, thôn, tổ)"), max_length=300, blank=True)
    address_unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        verbose_name=_("xã, phường, đặc khu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    email_verified_at = models.DateTimeField(_("xác minh thư điện tử lúc"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác minh số điện thoại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # A verified email or phone signs in one account only; unverified ones (staff
            # records, a sign-up never finished) may repeat.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(email_verified_at__isnull=False),
                name="one_account_per_verified_email",
            ),
            models.UniqueConstraint(
                "phone",
                condition=Q(phone_verified_at__isnull=False),
                name="one_account_per_verified_phone",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def has_role(self, role: StaffRole) -> bool:
        return self.groups.filter(name=group_name(role)).exists()


class VerificationCode(models.Model):
    """A 6-digit code sent to prove an email address or a phone number.

    Stored as a salted HMAC of the code; valid until ``expires_at``, for a limited number of
    attempts, once. Sending a new code revokes the earlier ones of the same purpose.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("SMS")

    class Purpose(models.TextChoices):
        SIGNUP = "signup", _("Xác minh khi đăng ký")
        RESET = "reset", _("Đặt lại mật khẩu")
        CONTACT = "contact", _("Xác minh địa chỉ liên hệ mới")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_codes"
    )
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel)
    destination = models.CharField(_("gửi tới"), max_length=254)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập"), default=0)
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh")
        verbose_name_plural = _("mã xác minh")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.destination}"


class LoginThrottle(models.Model):
    """Failed sign-ins of one account (or of one unknown identifier), for the lockout."""

    key = models.CharField(max_length=80, unique=True)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đăng nhập sai")
        verbose_name_plural = _("đăng nhập sai")

    def __str__(self):
        return f"{self.key}: {self.failures}"


class ExternalIdentity(models.Model):
    """An account at a national identity provider (VNeID) linked to a motcua user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.CharField(_("nhà cung cấp định danh"), max_length=40)
    subject = models.CharField(_("mã định danh tại nhà cung cấp"), max_length=255)
    claims = models.JSONField(_("thông tin nhận được"), default=dict, blank=True)
    linked_at = models.DateTimeField(_("liên kết lúc"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("đăng nhập gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản định danh liên kết")
        verbose_name_plural = _("tài khoản định danh liên kết")
        constraints = [
            models.UniqueConstraint(fields=("provider", "subject"), name="one_link_per_identity")
        ]

    def __str__(self):
        return f"{self.provider}:{self.subject}"
