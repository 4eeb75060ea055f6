"""The report's choices (period, grouping, scope) parsed from GET parameters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import AdministrativeUnit, Agency, Field
from motcua.reports import periods
from motcua.reports.selectors import GROUPING_LABELS, Scope, agency_subtree

PERIOD_KINDS = [
    ("month", _("Tháng")),
    ("quarter", _("Quý")),
    ("year", _("Năm")),
    ("custom", _("Tùy chọn")),
]


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PERIOD_KINDS, initial="month")
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("Quý"), min_value=1, max_value=4, required=False)
    first_day = forms.DateField(label=_("Từ ngày"), required=False)
    last_day = forms.DateField(label=_("Đến ngày"), required=False)
    group_by = forms.ChoiceField(
        label=_("Thống kê theo"),
        choices=[(k, v) for k, v in GROUPING_LABELS.items()],
        initial="agency",
        required=False,
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.all(), required=False
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False
    )
    procedure = forms.IntegerField(required=False, widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label=_("Cấp chính quyền"),
        choices=[("", _("Tất cả")), *AdministrativeUnit.Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, data=None, *, allowed_agencies: frozenset[int] | None = None):
        today = timezone.localdate()
        data = data.copy() if data is not None else {}
        data.setdefault("period", "month")
        data.setdefault("year", str(today.year))
        data.setdefault("month", str(today.month))
        data.setdefault("group_by", "agency")
        # "from"/"to" are the short names links and exports use.
        if "from" in data and "first_day" not in data:
            data["first_day"] = data["from"]
        if "to" in data and "last_day" not in data:
            data["last_day"] = data["to"]
        super().__init__(data)
        self.allowed_agencies = allowed_agencies
        if allowed_agencies is not None:
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=allowed_agencies)

    def clean(self):
        data = super().clean()
        kind, year = data.get("period"), data.get("year") or timezone.localdate().year
        try:
            if kind == "month":
                data["report_period"] = periods.month(year, data.get("month") or 1)
            elif kind == "quarter":
                data["report_period"] = periods.quarter(year, data.get("quarter") or 1)
            elif kind == "year":
                data["report_period"] = periods.year(year)
            else:
                first, last = data.get("first_day"), data.get("last_day")
                if not first or not last:
                    raise forms.ValidationError(_("Chọn ngày bắt đầu và ngày kết thúc."))
                if (last - first).days > 366 * 5:
                    raise forms.ValidationError(_("Kỳ báo cáo tối đa 5 năm."))
                data["report_period"] = periods.custom(first, last)
        except ValueError:
            raise forms.ValidationError(_("Kỳ báo cáo không hợp lệ.")) from None
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        agency_ids = self.allowed_agencies
        if data.get("agency"):
            agency_ids = agency_subtree(data["agency"].pk)
            if self.allowed_agencies is not None:
                agency_ids = agency_ids & self.allowed_agencies
        return Scope(
            agency_ids=agency_ids,
            field_id=data["field"].pk if data.get("field") else None,
            procedure_id=data.get("procedure"),
            level=data.get("level"),
        )

    def query(self) -> dict[str, str]:
        """The parameters that select the same report (for drill-down links and exports)."""
        data = self.cleaned_data
        query = data["report_period"].query()
        query["group_by"] = data.get("group_by") or "agency"
        for name in ("agency", "field"):
            if data.get(name):
                query[name] = str(data[name].pk)
        for name in ("procedure", "level"):
            if data.get(name) is not None:
                query[name] = str(data[name])
        if query.get("period") == "custom":
            query["first_day"], query["last_day"] = query.pop("from"), query.pop("to")
        return query
