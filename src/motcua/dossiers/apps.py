from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self):
        from motcua.dossiers.messages import preview_context
        from motcua.notifications import previews

        previews.register(preview_context)
