"""Figures from other systems and the Decision 766 scoring scheme in the admin."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from motcua.reports.models import ExternalFigure, ScoreComponent
from motcua.reports.services import ExternalFigureError, import_external_figures


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc XLSX"))


@admin.register(ExternalFigure)
class ExternalFigureAdmin(admin.ModelAdmin):
    list_display = (
        "source_system",
        "agency",
        "field",
        "first_day",
        "last_day",
        "received_online",
        "received_counter",
        "resolved_on_time",
        "resolved_late",
        "entered_by",
    )
    list_filter = ("source_system", "agency")
    date_hierarchy = "first_day"
    autocomplete_fields = ("agency",)
    readonly_fields = ("entered_by", "entered_at", "updated_at")
    change_list_template = "admin/reports/externalfigure/change_list.html"

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "nhap-tep/",
                self.admin_site.admin_view(self.import_view),
                name="reports_externalfigure_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_external_figures(upload.read(), upload.name, actor=request.user)
            except ExternalFigureError as error:
                messages.error(request, str(error))
            else:
                if result.errors:
                    for error in result.errors[:20]:
                        messages.error(request, error)
                else:
                    messages.success(
                        request, _("Đã nhập %(n)d dòng số liệu.") % {"n": result.recorded}
                    )
                    return redirect(reverse("admin:reports_externalfigure_changelist"))
        return TemplateResponse(
            request,
            "admin/reports/externalfigure/import.html",
            {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta},
        )


@admin.register(ScoreComponent)
class ScoreComponentAdmin(admin.ModelAdmin):
    list_display = ("scheme", "group", "name", "metric", "points", "full_at", "position")
    list_editable = ("points", "full_at", "position")
    list_filter = ("scheme", "group")
