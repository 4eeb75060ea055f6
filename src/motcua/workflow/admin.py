"""Admin for internal processes: write or paste YAML, see every problem at once, see the diagram.

Saving never edits a stored version: it stores a new version and retires the old one.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from motcua.workflow.definition import DefinitionError
from motcua.workflow.diagram import render_svg
from motcua.workflow.models import ProcessVersion
from motcua.workflow.services import parse_yaml, store_definition, to_yaml


class ProcessVersionForm(forms.ModelForm):
    yaml = forms.CharField(
        label=_("Định nghĩa (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "cols": 110, "style": "font-family: monospace"}),
        help_text=_(
            "Các bước (steps) và thao tác (actions). Lưu sẽ tạo phiên bản mới; hồ sơ đang xử lý "
            "vẫn theo phiên bản cũ."
        ),
    )

    class Meta:
        model = ProcessVersion
        fields = ("approval_reference",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["yaml"].initial = to_yaml(self.instance.definition())

    def clean_yaml(self):
        try:
            self.definition = parse_yaml(self.cleaned_data["yaml"])
        except DefinitionError as exc:
            raise forms.ValidationError(exc.problems) from None
        return self.cleaned_data["yaml"]


@admin.register(ProcessVersion)
class ProcessVersionAdmin(admin.ModelAdmin):
    form = ProcessVersionForm
    list_display = ("code", "name", "version", "status", "approval_reference", "created_at")
    list_filter = ("status",)
    search_fields = ("code", "name", "approval_reference")
    readonly_fields = ("diagram",)
    actions = ["export_yaml"]

    def get_fieldsets(self, request, obj=None):
        fields = ["approval_reference", "yaml"]
        return [(None, {"fields": (["diagram"] if obj else []) + fields})]

    @admin.display(description=_("Sơ đồ"))
    def diagram(self, obj):
        if not obj or not obj.pk:
            return ""
        frame = '<div style="overflow-x:auto;background:#fff;border:1px solid #ddd">{}</div>'
        svg = mark_safe(render_svg(obj.definition()))  # noqa: S308 - every text in it is escaped
        return format_html(frame, svg)

    def save_model(self, request, obj, form, change):
        version, created = store_definition(
            form.definition,
            actor=request.user,
            approval_reference=form.cleaned_data.get("approval_reference", ""),
        )
        obj.pk = version.pk
        obj.refresh_from_db()
        if not created:
            messages.info(request, _("Không có thay đổi so với phiên bản đang áp dụng."))

    @admin.action(description=_("Tải về YAML"))
    def export_yaml(self, request, queryset):
        text = "\n---\n".join(to_yaml(v.definition()) for v in queryset)
        response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="quy-trinh.yaml"'
        return response

    def has_delete_permission(self, request, obj=None):
        return False  # dossiers refer to versions; retire instead
