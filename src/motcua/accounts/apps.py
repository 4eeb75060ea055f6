from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        # Identity provider plugins register themselves when imported.
        from motcua.accounts.sso import contrib  # noqa: F401
