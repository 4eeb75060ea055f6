"""Email through Django's email backends: SMTP in production, the sandbox mailbox elsewhere.

The backend is ``MOTCUA_NOTIFICATIONS["EMAIL_BACKEND"]`` when set (the sandbox outside prod),
otherwise Django's ``EMAIL_BACKEND`` with its ``EMAIL_HOST``/``EMAIL_PORT``/… settings.

SMTP has no idempotency key and no delivery receipt: the ``Message-ID`` header is built from the
idempotency key (so a duplicate after a crash is at least recognisable in the mailbox), and
"sent" — the server accepted the message — is the last state an email reaches.

Failures: the server refusing the recipient or answering 5xx is permanent; a refused or dropped
connection, a timeout or a 4xx answer is temporary.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.forms import ValidationError

from motcua.notifications.base import (
    Address,
    Channel,
    OutgoingMessage,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)
from motcua.notifications.registry import register


def message_id(idempotency_key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<{idempotency_key}@{domain}>"


@register
class EmailChannel(Channel):
    code = "email"
    label = "Thư điện tử"
    priority = 30
    deduplicates = False
    has_receipts = False

    def address_problem(self, address: Address) -> str | None:
        if not address.email:
            return "Người nhận chưa có địa chỉ thư điện tử"
        try:
            validate_email(address.email)
        except ValidationError:
            return f"Địa chỉ thư điện tử {address.email} không hợp lệ"
        return None

    def send(self, message: OutgoingMessage) -> SendResult:
        problem = self.address_problem(message.address)
        if problem:
            raise PermanentFailure(problem)
        backend = settings.MOTCUA_NOTIFICATIONS["EMAIL_BACKEND"] or None
        to = (
            f"{message.address.name} <{message.address.email}>"
            if message.address.name
            else message.address.email
        )
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            to=[to],
            headers={
                "Message-ID": message_id(message.idempotency_key),
                "X-Motcua-Idempotency-Key": message.idempotency_key,
            },
            connection=get_connection(backend, fail_silently=False),
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure("Máy chủ thư từ chối địa chỉ người nhận", str(error)) from None
        except smtplib.SMTPResponseException as error:
            detail = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
            if 500 <= error.smtp_code < 600:
                raise PermanentFailure("Máy chủ thư từ chối thư", detail) from None
            raise TemporaryFailure("Máy chủ thư tạm thời không nhận thư", detail) from None
        except (smtplib.SMTPException, TimeoutError, OSError) as error:
            raise TemporaryFailure("Không kết nối được máy chủ thư", str(error)) from None
        return SendResult(detail="accepted by the mail server")
