"""motcua's settings with the quota-limited media storage of ``full_disk`` (for the test
server of the full-disk tests)."""

from motcua.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "tests.reliability.full_disk.QuotaStorage"},
}
