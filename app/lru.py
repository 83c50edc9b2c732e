"""A small thread-safe least-recently-used map, for the caches of parsed campaigns and of what
pages make from them.

Written here rather than taken from ``functools.lru_cache`` (which caches a function's calls,
not values checked against a key such as a file's stat) or a new dependency for 25 lines.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["LruMap"]

K = TypeVar("K")
V = TypeVar("V")


class LruMap(Generic[K, V]):
    """At most ``size`` entries; reading one makes it the newest, adding one past ``size`` drops
    the oldest. Every method holds one lock, so threads of one server can share it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value at ``key`` (now the newest), or ``None``."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Set ``key`` to ``value`` as the newest entry, dropping the oldest past ``size``."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def pop(self, key: K) -> None:
        """Forget ``key`` if it is there."""
        with self._lock:
            self._items.pop(key, None)
