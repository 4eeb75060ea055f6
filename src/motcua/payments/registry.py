"""The registry of payment gateways: where a gateway is found by its identifier.

Gateways register with ``@register("vnpay")``; two under one identifier fail at import time.
A gateway listed in ``MOTCUA_PAYMENTS["DISABLED_GATEWAYS"]`` stays registered (old payments still
show what they were) but cannot start new payments. The registry holds one instance per gateway
and no state: it must never hold keys or payments.

The same shape as ``signing.registry``; both belong in ``core`` once a third kind needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.conf import settings

from motcua.payments.base import Gateway


class DuplicateGateway(ValueError):
    pass


class UnknownGateway(LookupError):
    pass


class Registry:
    def __init__(self) -> None:
        self._gateways: dict[str, Gateway] = {}

    def __call__(self, identifier: str) -> Callable[[type[Gateway]], type[Gateway]]:
        def decorator(cls: type[Gateway]) -> type[Gateway]:
            if identifier in self._gateways:
                existing = type(self._gateways[identifier])
                raise DuplicateGateway(
                    f"a payment gateway is already registered as {identifier!r}: "
                    f"{existing.__module__}.{existing.__qualname__}"
                )
            cls.identifier = identifier
            self._gateways[identifier] = cls()
            return cls

        return decorator

    def unregister(self, identifier: str) -> None:
        self._gateways.pop(identifier, None)

    def is_enabled(self, identifier: str) -> bool:
        disabled = settings.MOTCUA_PAYMENTS.get("DISABLED_GATEWAYS", ())
        return identifier in self._gateways and identifier not in disabled

    def __getitem__(self, identifier: str) -> Gateway:
        try:
            return self._gateways[identifier]
        except KeyError:
            raise UnknownGateway(f"no payment gateway {identifier!r}") from None

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._gateways

    def __iter__(self) -> Iterator[Gateway]:
        return iter(self._gateways.values())

    def choices(self) -> list[tuple[str, str]]:
        return [(key, str(gw.verbose_name)) for key, gw in self._gateways.items()]

    def label(self, identifier: str) -> str:
        return str(self._gateways[identifier].verbose_name) if identifier in self else identifier


registry = Registry()
register = registry
