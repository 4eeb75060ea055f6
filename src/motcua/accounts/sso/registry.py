"""The identity provider registry: plugins register with ``@register`` when imported.

A second plugin with the same code is refused. ``available()`` lists the providers whose
settings are complete, in the order they were registered; the login page offers those.
"""

from __future__ import annotations

from motcua.accounts.sso.base import IdentityProvider


class DuplicateProvider(Exception):
    pass


class ProviderRegistry:
    def __init__(self) -> None:
        self._providers: dict[str, IdentityProvider] = {}

    def register(self, provider_class: type[IdentityProvider]) -> type[IdentityProvider]:
        code = provider_class.code
        if code in self._providers:
            raise DuplicateProvider(f"identity provider {code!r} is already registered")
        self._providers[code] = provider_class()
        return provider_class

    def unregister(self, code: str) -> None:
        self._providers.pop(code, None)

    def get(self, code: str) -> IdentityProvider | None:
        return self._providers.get(code)

    def available(self) -> list[IdentityProvider]:
        return [p for p in self._providers.values() if p.configuration_problem() is None]


providers = ProviderRegistry()
register = providers.register
