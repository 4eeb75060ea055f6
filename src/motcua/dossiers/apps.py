from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from motcua.dossiers.messages import preview_context
        from motcua.dossiers.permissions import forget_staff_roles
        from motcua.notifications import previews

        previews.register(preview_context)
        m2m_changed.connect(forget_staff_roles, sender=get_user_model().groups.through)
