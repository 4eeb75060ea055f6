"""Admin for the working calendar: decisions by year, import from CSV, confirming a projection."""

import io

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from motcua.worktime.holidays import DecisionCSVError, read_decisions_csv
from motcua.worktime.models import CalendarDecision, WorkingPeriod, WorkingSchedule
from motcua.worktime.services import confirm_projected_year, import_decisions


class DecisionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV"),
        help_text=_(
            "Các cột: date,weekday,kind,name,source,status[,reason]. Mỗi năm có trong tệp sẽ "
            "thay thế toàn bộ ngày nghỉ, ngày làm bù đã lưu của năm đó."
        ),
    )


class ConfirmYearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2021, max_value=2100)
    source = forms.CharField(
        label=_("Căn cứ"),
        max_length=500,
        help_text=_("Văn bản thông báo lịch nghỉ của năm, ví dụ Công văn …/VPCP-KGVX."),
    )


@admin.register(CalendarDecision)
class CalendarDecisionAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "kind", "reason", "source")
    list_filter = ("kind", "reason", ("date", admin.DateFieldListFilter))
    date_hierarchy = "date"
    search_fields = ("name", "source")
    change_list_template = "admin/worktime/calendardecision/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("nhap/", view, name="worktime_import"), *super().get_urls()]

    def import_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        import_form = DecisionImportForm()
        confirm_form = ConfirmYearForm()
        if request.method == "POST" and "file" in request.FILES:
            import_form = DecisionImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                raw = import_form.cleaned_data["file"].read()
                try:
                    decisions = read_decisions_csv(io.StringIO(raw.decode("utf-8-sig")))
                except UnicodeDecodeError:
                    import_form.add_error("file", _("Tệp không phải văn bản UTF-8."))
                except DecisionCSVError as exc:
                    import_form.add_error(
                        "file",
                        _("Dòng %(line)s: %(reason)s. Chưa nhập gì.")
                        % {"line": exc.line, "reason": exc.reason},
                    )
                else:
                    report = import_decisions(decisions)
                    messages.success(request, _("Đã nhập: %s") % report.summary())
                    return redirect("admin:worktime_calendardecision_changelist")
        elif request.method == "POST":
            confirm_form = ConfirmYearForm(request.POST)
            if confirm_form.is_valid():
                year = confirm_form.cleaned_data["year"]
                try:
                    count = confirm_projected_year(year, confirm_form.cleaned_data["source"])
                except ValueError:
                    confirm_form.add_error("year", _("Năm này đã có lịch chính thức."))
                else:
                    messages.success(
                        request,
                        _(
                            "Đã lưu %(count)s ngày của năm %(year)s; hãy kiểm tra và sửa cho đúng "
                            "thông báo."
                        )
                        % {"count": count, "year": year},
                    )
                    return redirect(
                        reverse("admin:worktime_calendardecision_changelist")
                        + f"?date__year={year}"
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập lịch nghỉ lễ, làm bù"),
            "import_form": import_form,
            "confirm_form": confirm_form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/worktime/import.html", context)


class WorkingPeriodInline(admin.TabularInline):
    model = WorkingPeriod
    extra = 1


@admin.register(WorkingSchedule)
class WorkingScheduleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "updated_at")
    autocomplete_fields = ("agency",)
    inlines = [WorkingPeriodInline]
