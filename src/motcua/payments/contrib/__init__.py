"""The gateway plugins; importing this package registers every one of them."""

from motcua.payments.contrib import offline, paygov, vnpay  # noqa: F401
