from motcua.payments.contrib.vnpay import plugin  # noqa: F401
