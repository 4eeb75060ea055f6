"""The identity providers shipped with motcua; importing this registers them."""

from motcua.accounts.sso.contrib import vneid  # noqa: F401
