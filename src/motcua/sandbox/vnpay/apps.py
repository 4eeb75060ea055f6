from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxVNPayConfig(AppConfig):
    name = "motcua.sandbox.vnpay"
    label = "sandbox_vnpay"
    verbose_name = _("Cổng thanh toán thử nghiệm (VNPay)")

    def ready(self):
        from motcua.sandbox.vnpay import tasks  # noqa: F401
