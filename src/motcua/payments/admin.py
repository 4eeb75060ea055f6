from django.contrib import admin

from motcua.payments.models import FeeRule, GatewayAccount, GatewayMessage, Payment, PaymentRequest


@admin.register(FeeRule)
class FeeRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "kind", "amount_vnd", "channel", "form_field")
    list_filter = ("kind", "channel")
    search_fields = ("name", "version__procedure__code", "version__procedure__name")
    autocomplete_fields = ("version",)


@admin.register(GatewayAccount)
class GatewayAccountAdmin(admin.ModelAdmin):
    list_display = ("agency", "gateway", "is_enabled", "merchant_code", "account_number")
    list_filter = ("gateway", "is_enabled")
    search_fields = ("agency__name", "merchant_code")
    autocomplete_fields = ("agency",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Payments change only through the payment services (locks, events, receipts)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentRequest)
class PaymentRequestAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "agency", "amount_vnd", "status", "requested_at", "due_at")
    list_filter = ("status",)
    search_fields = ("dossier__code",)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "gateway", "amount_vnd", "status", "confirmed_via", "created_at")
    list_filter = ("gateway", "status", "confirmed_via")
    search_fields = ("reference", "request__dossier__code", "gateway_transaction_no")


@admin.register(GatewayMessage)
class GatewayMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "gateway", "kind", "reference", "answer")
    list_filter = ("gateway", "kind", "answer")
    search_fields = ("reference",)
