"""Forms of the notification pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ChannelPreferenceForm(forms.Form):
    use_zalo = forms.BooleanField(label=_("Zalo"), required=False)
    use_sms = forms.BooleanField(label=_("Tin nhắn SMS"), required=False)
    use_email = forms.BooleanField(label=_("Thư điện tử"), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("use_zalo", "use_sms", "use_email")):
            raise forms.ValidationError(
                _("Hãy chọn ít nhất một kênh để nhận thông báo về hồ sơ của mình."),
                code="no_channel",
            )
        return data
