from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.forms import LoginForm
from motcua.accounts.models import ExternalIdentity, LoginThrottle, User


class StaffLoginForm(LoginForm):
    """The admin's sign-in with the same rate limit and lockout as the portal's."""

    error_messages = {**LoginForm.error_messages, **AdminAuthenticationForm.error_messages}
    required_css_class = "required"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


admin.site.login_form = StaffLoginForm


class ExternalIdentityInline(admin.TabularInline):
    model = ExternalIdentity
    extra = 0
    fields = ("provider", "subject", "linked_at", "last_login_at")
    readonly_fields = fields
    can_delete = True


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "kind", "agency", "email", "phone", "is_active")
    list_filter = ("kind", "is_staff", "is_active", "groups", "agency")
    search_fields = ("username", "full_name", "email", "phone", "id_number", "tax_code")
    autocomplete_fields = ("agency",)
    inlines = (ExternalIdentityInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "kind", "email", "phone", "agency")}),
        (
            _("Hồ sơ công dân, doanh nghiệp"),
            {
                "fields": (
                    "id_number",
                    "organization_name",
                    "tax_code",
                    "address_unit",
                    "address",
                    "email_verified_at",
                    "phone_verified_at",
                )
            },
        ),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("email_verified_at", "phone_verified_at")
    raw_id_fields = ("address_unit",)
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "kind", "agency", "password1", "password2"),
            },
        ),
    )


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Failed sign-ins; deleting a row unlocks the account at once."""

    list_display = ("key", "failures", "first_failure_at", "locked_until")
    readonly_fields = ("key", "failures", "first_failure_at", "locked_until")

    def has_add_permission(self, request):
        return False
