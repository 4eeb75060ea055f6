from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxIdpConfig(AppConfig):
    name = "motcua.sandbox.idp"
    label = "sandbox_idp"
    verbose_name = _("Nhà cung cấp định danh thử nghiệm (VNeID)")
