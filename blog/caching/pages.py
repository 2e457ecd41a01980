"""An in-process LRU of rendered public pages, bounded in entries and in bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class PageCache:
    """Rendered page bytes by key, each valid for one content version.

    An entry rendered for another version is never returned: after any change, the next request
    for each page renders it again. Least recently used entries go first when a bound is reached.
    Thread-safe, for threaded workers.
    """

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[Hashable, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, version: int) -> bytes | None:
        """The page stored under key for this version, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, version: int, body: bytes) -> None:
        """Store the page for this version (replacing the key's page for any other version)."""
        if len(body) > self.max_bytes or self.max_entries < 1:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            self._entries[key] = (version, body)
            self.size += len(body)
            while len(self._entries) > self.max_entries or self.size > self.max_bytes:
                _key, (_version, evicted) = self._entries.popitem(last=False)
                self.size -= len(evicted)

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._entries.clear()
            self.size = 0
