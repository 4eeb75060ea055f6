"""Where a template preview can take its context from besides the event's sample data.

Apps that own the subjects of messages (dossiers) register a provider: given what an
administrator typed (a dossier code), it returns the context that app would pass to ``notify``,
or ``None`` when it does not know the reference. Notifications never import those apps.
"""

from __future__ import annotations

from collections.abc import Callable

ContextProvider = Callable[[str, str], dict | None]  # (event code, reference) -> context
_providers: list[ContextProvider] = []


def register(provider: ContextProvider) -> ContextProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def context_for(event: str, reference: str) -> dict | None:
    for provider in _providers:
        context = provider(event, reference)
        if context is not None:
            return context
    return None
