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


SCORE_CHOICES = [
    (5, _("5 — Rất hài lòng")),
    (4, _("4 — Hài lòng")),
    (3, _("3 — Bình thường")),
    (2, _("2 — Không hài lòng")),
    (1, _("1 — Rất không hài lòng")),
]


def _score_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn một mức điểm."),
            "invalid_choice": _("Điểm đánh giá phải từ 1 đến 5."),
        },
    )


class RatingForm(forms.Form):
    """The citizen's satisfaction rating of a dossier (criteria of REQUIREMENTS §7)."""

    overall = _score_field(_("Mức độ hài lòng chung"))
    staff_attitude = _score_field(_("Thái độ của cán bộ"))
    timeliness = _score_field(_("Thời gian giải quyết"))
    transparency = _score_field(_("Công khai, minh bạch thông tin"))
    contacts = forms.IntegerField(
        label=_("Số lần bạn phải liên hệ, đi lại"),
        min_value=1,
        max_value=99,
        initial=1,
        help_text=_("Tính cả lần nộp và lần nhận kết quả."),
        error_messages={
            "required": _("Vui lòng nhập số lần liên hệ, đi lại."),
            "invalid": _("Số lần liên hệ, đi lại phải là một số nguyên."),
            "min_value": _("Số lần liên hệ, đi lại phải từ 1 trở lên."),
            "max_value": _("Số lần liên hệ, đi lại quá lớn."),
        },
    )
    comment = forms.CharField(
        label=_("Góp ý"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
