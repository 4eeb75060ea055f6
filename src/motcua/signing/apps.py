from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "motcua.signing"
    label = "signing"
    verbose_name = _("Ký số")

    def ready(self):
        # Importing the bundled providers registers them; a deployment's own providers register
        # the same way from their app's ready().
        from motcua.signing.contrib import pkcs11, pkcs12, remote  # noqa: F401
