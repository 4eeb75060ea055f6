"""The channel registry: plugins by decorator, no duplicates, enable/disable, fallback order."""

import pytest

from motcua.notifications.base import Channel, SendResult
from motcua.notifications.registry import ChannelRegistry, DuplicateChannel, channels


class Pigeon(Channel):
    code = "pigeon"
    label = "Bồ câu"
    priority = 5

    def send(self, message):
        return SendResult()


def test_shipped_channels_are_tried_zalo_then_sms_then_email(settings):
    assert [c.code for c in channels.enabled()] == ["zalo", "sms", "email"]
    assert channels.choices() == [("zalo", "Zalo"), ("sms", "SMS"), ("email", "Thư điện tử")]


def test_a_second_plugin_with_the_same_code_is_refused():
    registry = ChannelRegistry()
    registry.register(Pigeon)
    with pytest.raises(DuplicateChannel, match="already registered"):
        registry.register(type("OtherPigeon", (Pigeon,), {}))


def test_a_channel_must_be_registered_enabled_and_listed_in_settings(settings):
    registry = ChannelRegistry()
    registry.register(Pigeon)
    assert not registry.is_enabled("pigeon")  # not in MOTCUA_NOTIFY_CHANNELS
    settings.MOTCUA_NOTIFICATIONS = {**settings.MOTCUA_NOTIFICATIONS, "CHANNELS": ["pigeon"]}
    assert [c.code for c in registry.enabled()] == ["pigeon"]
    registry.disable("pigeon")
    assert registry.enabled() == []
    registry.enable("pigeon")
    assert registry.is_enabled("pigeon")
