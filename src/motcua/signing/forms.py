"""The upload form of the public verification page: size and type checks before any parsing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from motcua.signing.verification import PDF_MAGIC


class VerifyUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Tệp PDF đã ký số"),
        help_text=_("Tệp PDF, tối đa %(size)s."),
        error_messages={"required": _("Chọn tệp PDF cần xác thực.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = self.fields["document"].help_text % {
            "size": filesizeformat(settings.MOTCUA_SIGNING_VERIFY_MAX_BYTES)
        }
        self.fields["document"].widget.attrs.update(
            {"accept": "application/pdf,.pdf", "aria-describedby": "id_document_helptext"}
        )

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        limit = settings.MOTCUA_SIGNING_VERIFY_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        # The content decides, not the name or the browser's declared type.
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise forms.ValidationError(
                _("Tệp “%(name)s” không phải tệp PDF. Hãy chọn tệp PDF đã được ký số.")
                % {"name": upload.name}
            )
        upload.seek(0)
        return upload.read()
