"""A small memo inside one process: bounded, thread-safe, each entry with its own expiry.

No Django here. The board keeps in it what is cheap to hold and dear to rebuild on every
request: the HTML of each role card (keyed by what the card shows, so it is never stale) and
the few board-wide reads (the count of live roles, the city list) as a fallback for while the
shared cache misses or does not answer.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

MISSING = object()


class LocalMemo:
    """Least recently used entries go first once ``max_entries`` is reached."""

    def __init__(self, max_entries: int, *, clock: Callable[[], float] = time.monotonic):
        if max_entries < 1:
            raise ValueError("A memo holds at least one entry.")
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = MISSING) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            expires, value = entry
            if expires <= self._clock():
                del self._entries[key]
                return default
            self._entries.move_to_end(key)
            return value

    def set(self, key: Hashable, value: Any, seconds: float) -> None:
        with self._lock:
            self._entries[key] = (self._clock() + seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
