"""A Django email backend that delivers into the sandbox mailbox instead of an SMTP server.

Told to fail, it raises what ``smtplib`` raises: a 421 answer (temporary) or a refused
recipient (permanent).
"""

from __future__ import annotations

import smtplib
import uuid

from django.core.mail.backends.base import BaseEmailBackend

from motcua.sandbox.messaging import state
from motcua.sandbox.messaging.models import Message, Request


class SandboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        sent = 0
        for email in email_messages:
            key = email.extra_headers.get("X-Motcua-Idempotency-Key", "")
            failure = state.take_failure("email")
            if failure == "temporary":
                state.log("email", Request.Outcome.TEMPORARY, key)
                raise smtplib.SMTPResponseException(421, b"4.3.2 Service not available (sandbox)")
            if failure == "permanent":
                state.log("email", Request.Outcome.PERMANENT, key)
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(email.to, (550, b"5.1.1 No such user (sandbox)"))
                )
            for recipient in email.recipients():
                Message.objects.create(
                    channel="email",
                    recipient=recipient,
                    sender=email.from_email,
                    subject=email.subject,
                    body=email.body,
                    idempotency_key=key,
                    provider_message_id=uuid.uuid4().hex,
                )
            state.log("email", Request.Outcome.ACCEPTED, key)
            state.pause("email")
            sent += 1
        return sent
