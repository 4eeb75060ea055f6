from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from motcua.dossiers import selectors
        from motcua.dossiers.messages import preview_context
        from motcua.dossiers.permissions import forget_staff_roles
        from motcua.notifications import previews

        previews.register(preview_context)
        m2m_changed.connect(forget_staff_roles, sender=get_user_model().groups.through)
        # The per-request memo of the selectors: one request's life, emptied by any write.
        request_started.connect(selectors.start_request_memo, dispatch_uid="dossiers_memo_start")
        request_finished.connect(selectors.end_request_memo, dispatch_uid="dossiers_memo_end")
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(selectors.forget_request_memo, dispatch_uid="dossiers_memo_forget")
