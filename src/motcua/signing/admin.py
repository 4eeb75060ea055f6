from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.signing.models import SignatureRecord, SignerProfile
from motcua.signing.registry import registry
from motcua.signing.services import SigningError, refresh_certificate


@admin.register(SignerProfile)
class SignerProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "kind", "agency", "provider", "valid_until", "is_active")
    list_filter = ("kind", "provider", "is_active")
    search_fields = ("display_name", "agency__name", "certificate_subject", "certificate_serial")
    autocomplete_fields = ("user",)
    # The certificate is copied from the key store by refresh_certificate, never typed in.
    readonly_fields = (
        "certificate_subject",
        "certificate_issuer",
        "certificate_serial",
        "certificate_fingerprint",
        "valid_from",
        "valid_until",
        "certificate_pem",
        "created_at",
        "updated_at",
    )
    actions = ["read_certificate"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "provider":
            return forms.ChoiceField(choices=registry.choices(), label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.action(description=gettext_lazy("Đọc lại chứng thư số từ nơi giữ khoá"))
    def read_certificate(self, request, queryset):
        for profile in queryset:
            try:
                refresh_certificate(profile)
            except SigningError as error:
                self.message_user(request, f"{profile}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("%(p)s: đã cập nhật chứng thư số.") % {"p": profile})


@admin.register(SignatureRecord)
class SignatureRecordAdmin(admin.ModelAdmin):
    list_display = ("signed_at", "profile", "level", "reference", "field_name")
    list_filter = ("level",)
    search_fields = ("reference", "output_sha256", "profile__display_name")
    readonly_fields = [f.name for f in SignatureRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
