"""The administration of notifications: templates (versioned, with a preview), the outbox
(read-only: it records what happened), the failures with a retry action, preferences.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.notifications import previews, services
from motcua.notifications.events import get_event
from motcua.notifications.models import (
    ChannelPreference,
    Delivery,
    DeliveryAttempt,
    FailedNotification,
    MessageTemplate,
    Notification,
    Status,
)
from motcua.notifications.registry import channels
from motcua.notifications.rendering import RenderError, render, sms_summary


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("event", "channel_label", "version", "is_current", "created_at", "created_by")
    list_filter = ("is_current", "event", "channel")
    search_fields = ("subject", "body")
    readonly_fields = ("version", "is_current", "created_at", "created_by", "variables", "preview")
    fieldsets = (
        (None, {"fields": ("event", "channel", "version", "is_current")}),
        (_("Nội dung"), {"fields": ("subject", "body", "variables")}),
        (_("SMS"), {"fields": ("fold_diacritics",)}),
        (_("Zalo ZNS"), {"fields": ("provider_template_id", "provider_params")}),
        (
            _("Xem trước"),
            {
                "fields": ("preview",),
                "description": _(
                    "Dùng dữ liệu mẫu; để xem trước với một hồ sơ thật, thêm ?ho_so= và mã hồ sơ "
                    "vào cuối địa chỉ trang."
                ),
            },
        ),
        (_("Lịch sử"), {"fields": ("change_note", "created_at", "created_by")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "channel" in form.base_fields:
            # Channels come from the registry (plugins), not from model choices.
            form.base_fields["channel"] = forms.ChoiceField(
                label=_("kênh"), choices=channels.choices()
            )
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["event", "channel"]  # a version belongs to one event and channel
        return fields

    @admin.display(description=_("kênh"), ordering="channel")
    def channel_label(self, obj):
        return obj.channel_label

    @admin.display(description=_("biến dùng được"))
    def variables(self, obj):
        if obj is None or not obj.event:
            return "—"
        event = get_event(obj.event)
        return format_html_join(
            "", "<div><code>{{{{ {} }}}}</code> {}</div>", event.all_variables.items()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The preview (a read-only field) has no request: keep the dossier code asked for.
        self._preview_reference = request.GET.get("ho_so", "").strip()
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("xem trước"))
    def preview(self, obj):
        if obj is None or not obj.pk:
            return _("Lưu để xem trước.")
        context = get_event(obj.event).sample_context()
        reference = getattr(self, "_preview_reference", "")
        source = format_html("<p><em>{}</em></p>", _("Dữ liệu mẫu."))
        if reference:
            real = previews.context_for(obj.event, reference)
            if real is None:
                source = format_html(
                    '<p><strong style="color:#a4161a">{}</strong></p>',
                    _("Không tìm thấy hồ sơ %(code)s; đang dùng dữ liệu mẫu.")
                    % {"code": reference},
                )
            else:
                context = {**context, **real}
                source = format_html(
                    "<p><em>{}</em></p>", _("Dữ liệu của hồ sơ %(code)s.") % {"code": reference}
                )
        try:
            message = render(obj, context)
        except RenderError as error:
            return format_html('<strong style="color:#a4161a">{}</strong>', error)
        parts = [source]
        if message.subject:
            parts.append(format_html("<p><strong>{}</strong></p>", message.subject))
        parts.append(format_html('<pre style="white-space:pre-wrap">{}</pre>', message.body))
        if obj.channel == "sms":
            parts.append(format_html("<p>{}</p>", sms_summary(message.body)))
        if message.template_data:
            parts.append(
                format_html_join(
                    "", "<div><code>{}</code>: {}</div>", message.template_data.items()
                )
            )
        return format_html("".join(["{}"] * len(parts)), *parts)

    def save_model(self, request, obj, form, change):
        """Each edit is a new version; the old row stays as it was."""
        if change:
            saved = services.save_template_version(obj, changed_by=request.user)
            obj.pk, obj.version = saved.pk, saved.version
            obj.is_current, obj.created_at = True, saved.created_at
            return
        latest = (
            MessageTemplate.objects.filter(event=obj.event, channel=obj.channel)
            .order_by("-version")
            .first()
        )
        if latest is not None:
            saved = services.save_template_version(obj, changed_by=request.user)
            obj.pk, obj.version = saved.pk, saved.version
            return
        obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # notifications refer to the version they were rendered from


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ("number", "started_at", "finished_at", "outcome", "reason", "detail")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notification", "channel", "status", "attempts", "reason", "updated_at")
    list_filter = ("status", "channel")
    search_fields = ("idempotency_key", "provider_message_id", "notification__recipient_phone")
    inlines = [DeliveryAttemptInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "status", "attempts", "reason", "sent_at", "delivered_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class NotificationAdminBase(admin.ModelAdmin):
    list_display = (
        "created_at",
        "event",
        "recipient_name",
        "recipient_phone",
        "status",
        "status_reason",
    )
    list_filter = ("status", "event")
    search_fields = ("recipient_name", "recipient_phone", "recipient_email", "subject_ref")
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]
    actions = ["retry"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại các thông báo thất bại đã chọn"))
    def retry(self, request, queryset):
        restarted = sum(
            services.retry_notification(n) for n in queryset.filter(status=Status.FAILED)
        )
        skipped = queryset.count() - restarted
        if restarted:
            self.message_user(
                request,
                ngettext(
                    "Đã xếp lại %(count)d thông báo để gửi.",
                    "Đã xếp lại %(count)d thông báo để gửi.",
                    restarted,
                )
                % {"count": restarted},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _(
                    "%(count)d thông báo không ở trạng thái thất bại (hoặc không có kênh nào) "
                    "nên không gửi lại."
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(Notification)
class NotificationAdmin(NotificationAdminBase):
    pass


@admin.register(FailedNotification)
class FailedNotificationAdmin(NotificationAdminBase):
    list_filter = ("event",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Status.FAILED)


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "use_zalo", "use_sms", "use_email", "updated_at")
    search_fields = ("user__username", "user__full_name", "user__phone", "user__email")
    raw_id_fields = ("user",)
