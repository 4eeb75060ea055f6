"""Forms of the payment pages. The transfer proof is checked by its first bytes (a PDF, JPEG or
PNG), never by the name or the type the browser claims."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.core.uploads import sniff


class TransferProofForm(forms.Form):
    proof = forms.FileField(
        label=_("Ảnh chụp hoặc tệp chứng từ chuyển khoản (PDF, JPEG, PNG)"),
    )

    def clean_proof(self):
        uploaded = self.cleaned_data["proof"]
        limit = settings.MOTCUA_PAYMENTS["PROOF_MAX_BYTES"]
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
            )
        head = uploaded.read(16)
        uploaded.seek(0)
        kind = sniff(head)
        if kind is None:
            raise forms.ValidationError(_("Chỉ nhận tệp PDF, JPEG hoặc PNG."))
        self.content_type = kind[0]
        return uploaded


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class ReportDayForm(forms.Form):
    ngay = forms.DateField(label=_("Ngày"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
