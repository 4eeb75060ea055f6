from django import forms
from django.utils.translation import gettext_lazy as _


class DeadlineForm(forms.Form):
    """The calculator on the public calendar page: when is a result due?"""

    received_on = forms.DateField(
        label=_("Ngày tiếp nhận"),
        help_text=_("Ví dụ: 13/02/2026"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    received_at = forms.TimeField(
        label=_("Giờ tiếp nhận"),
        help_text=_("Ví dụ: 10:00"),
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
    )
    days = forms.DecimalField(
        label=_("Số ngày làm việc"),
        min_value=0,
        max_value=366,
        decimal_places=1,
        required=False,
        help_text=_("Có thể nhập nửa ngày, ví dụ 0,5"),
        localize=True,
    )
    hours = forms.DecimalField(
        label=_("Số giờ làm việc"),
        min_value=0,
        max_value=2000,
        decimal_places=1,
        required=False,
        localize=True,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("days") and not cleaned.get("hours"):
            raise forms.ValidationError(_("Nhập số ngày làm việc hoặc số giờ làm việc."))
        return cleaned
