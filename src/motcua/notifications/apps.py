from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        # Registers the channel plugins and the jobs.
        from motcua.notifications import contrib, tasks  # noqa: F401
