"""The channel registry: which channels exist, which are enabled, in which order they are tried.

Plugins register themselves with a decorator when their module is imported
(``NotificationsConfig.ready`` imports ``motcua.notifications.contrib``)::

    @channels.register
    class SmsChannel(Channel):
        code = "sms"
        ...

A second plugin with the same code is refused (two plugins answering to one code would make
deliveries ambiguous). ``MOTCUA_NOTIFICATIONS["CHANNELS"]`` lists the enabled codes; a channel
that is registered but not enabled is never chosen for new notifications.

The registry holds classes and instances; it must never send or store anything itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from motcua.notifications.base import Channel


class DuplicateChannel(Exception):
    pass


class UnknownChannel(KeyError):
    pass


class ChannelRegistry:
    def __init__(self) -> None:
        self._channels: dict[str, Channel] = {}
        self._disabled: set[str] = set()

    def register(self, channel_class: type[Channel]) -> type[Channel]:
        code = getattr(channel_class, "code", None)
        if not code:
            raise ValueError(f"{channel_class.__name__} has no code")
        if code in self._channels:
            existing = type(self._channels[code])
            raise DuplicateChannel(
                f"channel code {code!r} is already registered by "
                f"{existing.__module__}.{existing.__qualname__}"
            )
        self._channels[code] = channel_class()
        return channel_class

    def unregister(self, code: str) -> None:
        self._channels.pop(code, None)
        self._disabled.discard(code)

    def __getitem__(self, code: str) -> Channel:
        try:
            return self._channels[code]
        except KeyError:
            raise UnknownChannel(code) from None

    def get(self, code: str, default: Channel | None = None) -> Channel | None:
        return self._channels.get(code, default)

    def __contains__(self, code: str) -> bool:
        return code in self._channels

    def __iter__(self) -> Iterator[Channel]:
        return iter(sorted(self._channels.values(), key=lambda c: (c.priority, c.code)))

    def disable(self, code: str) -> None:
        """Stop choosing this channel for new notifications (e.g. while a provider is down)."""
        self[code]
        self._disabled.add(code)

    def enable(self, code: str) -> None:
        self[code]
        self._disabled.discard(code)

    def is_enabled(self, code: str) -> bool:
        return (
            code in self._channels
            and code not in self._disabled
            and code in settings.MOTCUA_NOTIFICATIONS["CHANNELS"]
        )

    def enabled(self) -> list[Channel]:
        """Enabled channels in fallback order."""
        return [channel for channel in self if self.is_enabled(channel.code)]

    def choices(self) -> list[tuple[str, str]]:
        return [(channel.code, channel.label) for channel in self]


channels = ChannelRegistry()
register = channels.register
