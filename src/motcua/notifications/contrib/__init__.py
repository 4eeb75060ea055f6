"""The channel plugins shipped with motcua. Importing this package registers them."""

from motcua.notifications.contrib import email, sms, zalo  # noqa: F401
