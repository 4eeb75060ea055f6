"""The registry of signing providers: where a provider class is found by its identifier.

Providers register with ``@register("pkcs12")``; registering two under one identifier is a
programming error and fails at import time. Disabled providers (``settings.
MOTCUA_SIGNING_DISABLED_PROVIDERS``) stay registered, so existing profiles still show what they are,
but cannot sign. The registry holds classes only: it must never hold keys, PINs or sessions.

The pattern is Open Forms' plugin registry, cut to what signing needs; when a second kind of
plugin (payments, notifications) needs the same, this class is the one to move to ``core``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from django.conf import settings

from motcua.signing.base import SigningProvider

P = TypeVar("P", bound=type)


class DuplicateProvider(ValueError):
    pass


class UnknownProvider(LookupError):
    pass


class Registry(Generic[P]):
    def __init__(self, disabled_setting: str):
        self._providers: dict[str, P] = {}
        self._disabled_setting = disabled_setting

    def __call__(self, identifier: str) -> Callable[[P], P]:
        def decorator(cls: P) -> P:
            if identifier in self._providers:
                raise DuplicateProvider(
                    f"a signing provider is already registered as {identifier!r}: "
                    f"{self._providers[identifier].__qualname__}"
                )
            cls.identifier = identifier
            self._providers[identifier] = cls
            return cls

        return decorator

    def unregister(self, identifier: str) -> None:
        self._providers.pop(identifier, None)

    def is_enabled(self, identifier: str) -> bool:
        return identifier in self._providers and identifier not in getattr(
            settings, self._disabled_setting, ()
        )

    def __getitem__(self, identifier: str) -> P:
        try:
            return self._providers[identifier]
        except KeyError:
            raise UnknownProvider(f"no signing provider {identifier!r}") from None

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._providers

    def __iter__(self) -> Iterator[P]:
        return iter(self._providers.values())

    def choices(self) -> list[tuple[str, str]]:
        return [(key, str(cls.verbose_name)) for key, cls in sorted(self._providers.items())]


registry: Registry[type[SigningProvider]] = Registry("MOTCUA_SIGNING_DISABLED_PROVIDERS")
register = registry
