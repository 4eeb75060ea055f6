from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxMessagingConfig(AppConfig):
    name = "motcua.sandbox.messaging"
    label = "sandbox_messaging"
    verbose_name = _("Hộp thư thử nghiệm (SMS, Zalo, thư điện tử)")
