"""What a web process keeps for all its requests: a bounded, thread-safe store, the most
recently used entries kept. Only for values stored under a key that names exactly what they are
made of (ADR 0013): nothing here ever invalidates an entry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

_MISSING = object()


class Kept:
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default=_MISSING):
        """The value kept under ``key`` (which may be None), or ``default`` (``Kept.MISSING``
        unless given) when there is none."""
        with self._lock:
            value = self._entries.get(key, _MISSING)
            if value is not _MISSING:
                self._entries.move_to_end(key)
                return value
        return default

    def put(self, key: Hashable, value, *, replaces: Callable[[Hashable], bool] | None = None):
        """Keep ``value``; first forget the entries whose keys ``replaces`` matches (older states
        of the same thing, never asked for again)."""
        with self._lock:
            if replaces is not None:
                for old in [k for k in self._entries if replaces(k)]:
                    del self._entries[old]
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    MISSING = _MISSING
