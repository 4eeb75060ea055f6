"""What every payment gateway plugin implements, and what it hands back.

A plugin speaks its gateway's protocol and nothing else: it builds the redirect, verifies what
the gateway sends (return, IPN/webhook, status query) and turns it into a ``Notice``. It must
never change a payment itself: ``services`` decides, under a row lock, what a notice changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime


class GatewayError(Exception):
    """The gateway could not do what was asked; ``message`` is for people, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotConfigured(GatewayError):
    """The gateway has no account, key or specification to work with."""


class NotSupported(GatewayError):
    """This gateway has no such step (an offline gateway has no IPN)."""


class BadSignature(GatewayError):
    """What claims to come from the gateway is not signed by it."""


class TransactionNotFound(GatewayError):
    """The gateway knows no transaction with this reference."""


@dataclass(frozen=True)
class Notice:
    """A verified statement of the gateway about one transaction."""

    reference: str
    merchant_code: str
    amount_vnd: int | None
    success: bool
    response_code: str
    final: bool = True  # False: the gateway says the transaction is still going on
    transaction_no: str = ""
    bank_code: str = ""
    paid_at: datetime | None = None
    message: str = ""


@dataclass(frozen=True)
class Start:
    """How the applicant goes on: to the gateway's page, or with instructions on ours."""

    redirect_url: str = ""
    instructions: str = ""


class Gateway(ABC):
    identifier: str = ""  # set by the registry
    verbose_name: str = ""
    online: bool = False  # the applicant pays on an outside system that tells us the result
    applicant_starts: bool = True  # False: only staff record it (cash at the counter)

    def is_configured(self, agency) -> bool:
        return True

    @abstractmethod
    def start_payment(self, payment, *, client_ip: str, return_url: str) -> Start:
        """Begin ``payment``: the signed redirect, or the instructions to show."""

    @abstractmethod
    def handle_return(self, params: dict[str, str]) -> Notice:
        """Verify the browser's return from the gateway. Never a confirmation by itself."""

    @abstractmethod
    def handle_webhook(self, params: dict[str, str]) -> Notice:
        """Verify a server-to-server notification (IPN); raises ``BadSignature``."""

    @abstractmethod
    def query_status(self, payment) -> Notice:
        """Ask the gateway what became of ``payment``; raises ``TransactionNotFound``."""


class OfflineGateway(Gateway):
    """Money handed over outside the portal (transfer, counter, post): staff confirm it."""

    online = False

    def handle_return(self, params):
        raise NotSupported(f"{self.verbose_name}: không có bước trả về từ cổng thanh toán.")

    def handle_webhook(self, params):
        raise NotSupported(f"{self.verbose_name}: không có thông báo tự động (IPN).")

    def query_status(self, payment):
        raise NotSupported(f"{self.verbose_name}: cán bộ xác nhận, không truy vấn được.")
