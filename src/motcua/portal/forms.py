"""Small forms of the citizen pages: the lookup by dossier code and a withdrawal's reason."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=60,
        help_text=_("In trên giấy tiếp nhận, ví dụ 000.00.07.H49-260302-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Vui lòng nhập mã hồ sơ.")},
    )

    def clean_ma(self):
        return "".join(self.cleaned_data["ma"].split()).upper()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng ghi rõ lý do rút hồ sơ.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
