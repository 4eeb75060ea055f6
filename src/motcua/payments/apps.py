from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Thanh toán phí, lệ phí")

    def ready(self):
        # Registers the gateway plugins and the jobs (reconciliation, receipts).
        from motcua.payments import contrib, tasks  # noqa: F401
