"""What a notification channel is: the abstract class every channel plugin implements.

A channel takes one rendered message for one address and hands it to its provider (a mail
server, an SMS gateway, Zalo). It answers with a ``SendResult`` or raises
``TemporaryFailure`` (try again later: timeouts, 5xx, quota) or ``PermanentFailure`` (this
channel will never reach this person: no Zalo account, invalid number). The outbox decides what
to do next (retry with backoff, or fall back to the next channel); a channel never retries by
itself and never touches the outbox's tables.

A channel that receives delivery receipts parses them in ``parse_receipts`` (after checking the
provider's signature or shared secret) and returns ``Receipt`` objects; the outbox applies them.

Idempotency: every message carries ``idempotency_key``, the same for every attempt of the same
delivery. A channel whose provider drops a repeated key sets ``deduplicates = True``; the outbox
then resends safely after a crash between "sent" and "recorded".
"""

from __future__ import annotations

import abc
import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from django.http import HttpRequest


class DeliveryError(Exception):
    """A send did not go through. ``reason`` is Vietnamese, shown to people; ``detail`` is
    the provider's own words (status code, error code, message), kept for operators."""

    permanent: ClassVar[bool] = False

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason
        self.detail = detail


class TemporaryFailure(DeliveryError):
    """Worth trying again later with the same channel."""


class PermanentFailure(DeliveryError):
    """This channel cannot deliver this message; try the next channel."""

    permanent = True


class ReceiptRejected(Exception):
    """A webhook call that is not from the provider (bad signature or token) or is malformed."""


@dataclass(frozen=True)
class Address:
    """Where a person can be reached. Empty strings mean "not known"."""

    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class OutgoingMessage:
    address: Address
    idempotency_key: str
    body: str
    subject: str = ""
    html_body: str = ""
    # Zalo ZNS: the template approved on Zalo's side and the values of its parameters.
    provider_template_id: str = ""
    template_data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str = ""
    detail: str = ""
    # True when the provider said it had already accepted this idempotency key.
    duplicate: bool = False


@dataclass(frozen=True)
class Receipt:
    """A provider's word about a message it accepted earlier."""

    delivered: bool
    provider_message_id: str = ""
    idempotency_key: str = ""
    reason: str = ""  # Vietnamese, when not delivered
    detail: str = ""
    occurred_at: dt.datetime | None = None


class Channel(abc.ABC):
    """A way to reach a person. Subclasses are registered with ``@channels.register``."""

    code: ClassVar[str]
    label: ClassVar[str]
    # The order of preference when falling back: lower first (Zalo, then SMS, then email).
    priority: ClassVar[int] = 100
    # The provider drops a second request with the same idempotency key.
    deduplicates: ClassVar[bool] = False
    # The provider sends delivery receipts (otherwise "sent" is the last state).
    has_receipts: ClassVar[bool] = False

    def address_problem(self, address: Address) -> str | None:
        """Why this channel cannot reach ``address`` (Vietnamese), or None when it can."""
        return None

    def configuration_problem(self) -> str | None:
        """What is missing from the settings (Vietnamese), or None when ready to send."""
        return None

    @abc.abstractmethod
    def send(self, message: OutgoingMessage) -> SendResult:
        """Hand the message to the provider. Raise TemporaryFailure or PermanentFailure."""

    def parse_receipts(self, request: HttpRequest) -> list[Receipt]:
        """Verify and parse a webhook call. Raise ReceiptRejected when it is not genuine."""
        raise ReceiptRejected(f"the {self.code} channel has no delivery receipts")
