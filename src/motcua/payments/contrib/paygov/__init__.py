"""The national payment platform (Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia, PayGov).

Its connection specification is given to provinces when they connect and is not public, so this
adapter implements the interface and refuses to work with a clear "not configured: specification
pending" error. Fill it in from the specification on connection (see docs/payments.md); it must
never pretend a payment went through.
"""

from django.utils.translation import gettext_lazy as _

from motcua.payments.base import Gateway, NotConfigured
from motcua.payments.registry import register

PENDING = (
    "PayGov chưa được cấu hình: đang chờ đặc tả kết nối của Nền tảng thanh toán quốc gia "
    "(not configured: specification pending)."
)


@register("paygov")
class PayGovGateway(Gateway):
    verbose_name = _("Nền tảng thanh toán quốc gia (PayGov)")
    online = True

    def is_configured(self, agency) -> bool:
        return False

    def start_payment(self, payment, *, client_ip, return_url):
        raise NotConfigured(PENDING)

    def handle_return(self, params):
        raise NotConfigured(PENDING)

    def handle_webhook(self, params):
        raise NotConfigured(PENDING)

    def query_status(self, payment):
        raise NotConfigured(PENDING)
