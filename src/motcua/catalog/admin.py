"""The catalog in the admin: units, agencies, counters, fields, procedures with their versions,
the national-catalog upload, and each procedure's change log."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    AdministrativeUnit,
    Agency,
    ChannelOption,
    FeeItem,
    Field,
    Procedure,
    ProcedureChange,
    ProcedureOffering,
    ProcedureVersion,
    ReceptionCounter,
    RequiredDocument,
)
from motcua.catalog.services import (
    NationalCatalogError,
    import_file,
    record_admin_change,
    refresh_agency_names,
)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "scheme", "parent", "valid_from", "valid_until")
    list_filter = ("scheme", "level")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


class ReceptionCounterInline(admin.TabularInline):
    model = ReceptionCounter
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("identifier", "name", "kind", "administrative_unit", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("identifier", "name", "short_name")
    autocomplete_fields = ("parent", "administrative_unit")
    inlines = [ReceptionCounterInline]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "ministry")
    search_fields = ("name", "ministry")


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ("link", "valid_from", "valid_until", "service_level", "online_mode", "source")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=_("phiên bản"))
    def link(self, version):
        url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
        return format_html('<a href="{}">v{}</a>', url, version.number)

    def has_add_permission(self, request, obj=None):
        return False


class OfferingInline(admin.TabularInline):
    model = ProcedureOffering
    autocomplete_fields = ("agency",)
    extra = 0


class ChangeInline(admin.TabularInline):
    """The procedure's history, newest first: imports and admin edits."""

    model = ProcedureChange
    fields = ("changed_at", "kind", "source", "actor", "summary")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("lịch sử thay đổi")

    def has_add_permission(self, request, obj=None):
        return False


class ImportForm(forms.Form):
    files = forms.FileField(
        label=_("Tệp xuất từ Cổng DVCQG (.xlsx hoặc .jsonl)"),
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
    )


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    # The national portal's addresses are https; say so rather than rely on a default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("code", "name", "field", "service_level", "online_mode", "is_active")
    list_filter = ("service_level", "online_mode", "is_active", "field")
    search_fields = ("code", "name")
    autocomplete_fields = ("field",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [VersionInline, OfferingInline, ChangeInline]
    change_list_template = "admin/catalog/procedure/change_list.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            record_admin_change(
                obj, actor=request.user, summary="Sửa: " + ", ".join(form.changed_data)
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(fs.has_changed() for fs in formsets if fs.model is ProcedureOffering):
            refresh_agency_names([form.instance.pk])
            record_admin_change(
                form.instance, actor=request.user, summary="Sửa danh sách cơ quan thực hiện."
            )

    def get_urls(self):
        return [
            path(
                "nhap/",
                self.admin_site.admin_view(self.import_view),
                name="catalog_procedure_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:catalog_procedure_changelist")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            for upload in request.FILES.getlist("files"):
                with tempfile.TemporaryDirectory() as folder:
                    target = Path(folder) / Path(upload.name).name
                    with target.open("wb") as handle:
                        for chunk in upload.chunks():
                            handle.write(chunk)
                    try:
                        report = import_file(target, actor=request.user)
                    except NationalCatalogError as exc:
                        messages.error(request, f"{exc} — không nhập gì từ tệp này.")
                        continue
                lines = report.lines()
                messages.success(request, lines[0])
                if len(lines) > 1:
                    messages.warning(request, " | ".join(line.strip() for line in lines[1:21]))
            return redirect("admin:catalog_procedure_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Nhập thủ tục từ danh mục quốc gia"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/procedure/import.html", context)


class ChannelInline(admin.TabularInline):
    model = ChannelOption
    extra = 0


class FeeInline(admin.TabularInline):
    model = FeeItem
    extra = 0


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ("procedure", "number", "valid_from", "valid_until", "service_level", "source")
    list_filter = ("source", "service_level", "online_mode")
    search_fields = ("procedure__code", "procedure__name")
    autocomplete_fields = ("procedure",)
    readonly_fields = ("content_hash", "created_at", "raw_channels_text", "raw_documents_text")
    inlines = [ChannelInline, FeeInline, DocumentInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.valid_until is None:  # the open version is what the catalog filters on
            Procedure.objects.filter(pk=obj.procedure_id).update(
                service_level=obj.service_level, online_mode=obj.online_mode
            )
        if form.changed_data or not change:
            record_admin_change(
                obj.procedure,
                actor=request.user,
                version=obj,
                summary=f"Phiên bản {obj.number}: "
                + (", ".join(form.changed_data) if change else "tạo mới"),
            )
