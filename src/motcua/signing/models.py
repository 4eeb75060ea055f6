"""Configured signers (an agency's digital seal, a person's certificate), the record of every
signature motcua made, and the counters that rate-limit public verification.

A profile says where the key is and which secret unlocks it; it must never hold the private key
or the secret's value. The certificate (public) is copied here so pages and the visible signature
box can show who signs without reaching the key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SignerProfile(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Con dấu số của cơ quan")
        PERSON = "person", _("Chữ ký số cá nhân")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind)
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="signer_profiles",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signer_profiles",
        help_text=_("Chỉ với chữ ký số cá nhân."),
    )
    display_name = models.CharField(
        _("tên hiển thị trên chữ ký"),
        max_length=200,
        help_text=_("Họ tên người ký, hoặc tên cơ quan với con dấu số."),
    )
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    provider = models.CharField(_("cách truy cập khoá"), max_length=40)
    key_location = models.JSONField(
        _("vị trí khoá"),
        default=dict,
        blank=True,
        help_text=_("Đường dẫn tệp, token PKCS#11 hoặc dịch vụ ký từ xa; không chứa khoá bí mật."),
    )
    secret_name = models.CharField(
        _("tên bí mật (mật khẩu/PIN)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Giá trị lấy từ biến môi trường MOTCUA_SIGNING_SECRET_… hoặc tệp bí mật ngoài "
            "cơ sở dữ liệu."
        ),
    )
    certificate_pem = models.TextField(_("chứng thư số (PEM)"), blank=True)
    certificate_subject = models.CharField(_("chủ thể chứng thư"), max_length=500, blank=True)
    certificate_issuer = models.CharField(_("tổ chức cấp"), max_length=500, blank=True)
    certificate_serial = models.CharField(_("số hiệu chứng thư"), max_length=100, blank=True)
    certificate_fingerprint = models.CharField(_("vân tay SHA-256"), max_length=64, blank=True)
    valid_from = models.DateTimeField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateTimeField(_("hiệu lực đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cấu hình ký số")
        verbose_name_plural = _("cấu hình ký số")
        ordering = ("agency__identifier", "kind", "display_name")
        constraints = [
            # One seal in use per agency and one personal certificate in use per person, so the
            # dossier engine never has to choose.
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(kind="organisation", is_active=True),
                name="signing_one_active_seal_per_agency",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind="person", is_active=True),
                name="signing_one_active_certificate_per_person",
            ),
            models.CheckConstraint(
                condition=Q(kind="organisation", user__isnull=True)
                | Q(kind="person", user__isnull=False),
                name="signing_person_profiles_have_a_user",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_kind_display()})"


class SignatureRecord(models.Model):
    """One signature motcua applied: who, with which certificate, at which level, on what."""

    profile = models.ForeignKey(
        SignerProfile,
        verbose_name=_("cấu hình ký số"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    field_name = models.CharField(_("trường chữ ký"), max_length=100)
    level = models.CharField(_("mức PAdES"), max_length=10)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    reference = models.CharField(
        _("tham chiếu"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("Ví dụ mã hồ sơ hoặc số văn bản."),
    )
    input_sha256 = models.CharField(_("SHA-256 tài liệu trước khi ký"), max_length=64)
    output_sha256 = models.CharField(_("SHA-256 tài liệu đã ký"), max_length=64, db_index=True)
    certificate_serial = models.CharField(_("số hiệu chứng thư"), max_length=100)
    signed_at = models.DateTimeField(_("ký lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt ký số")
        verbose_name_plural = _("lượt ký số")
        ordering = ("-signed_at",)

    def __str__(self):
        return f"{self.profile.display_name} — {self.signed_at:%d/%m/%Y %H:%M}"
