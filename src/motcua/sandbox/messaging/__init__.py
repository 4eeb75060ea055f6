"""The messaging sandbox: an SMS brandname gateway (eSMS's JSON API), Zalo ZNS and a mailbox,
on localhost, with an inbox page (``/sandbox/hop-thu/``) to read what was "sent".

It behaves like the real providers where it matters to the outbox: the SMS gateway refuses a
repeated ``RequestId`` (eSMS answers 124), Zalo accepts a repeated ``tracking_id`` (Zalo does not
deduplicate), and mail has no idempotency at all. Each can be told to fail (temporarily or for
good) or to answer slowly, from the inbox page, ``POST /sandbox/dieu-khien/`` or ``state.behave``.
Delivery receipts are sent from the inbox page (or ``receipts.send_receipt``) to the portal's
real webhooks, signed like the real ones.

Outside production only: never installed or mounted when ``MOTCUA_ENV=prod``.
"""
