"""An in-process LRU of rendered public pages, bounded in entries and in bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import NamedTuple


class CachedPage(NamedTuple):
    """A page as it was sent: its final headers (after every hook) and its body."""

    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def size(self) -> int:
        """Bytes it takes, roughly: the body and the header text."""
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class PageCache:
    """Rendered pages by key, each valid for one content version.

    A page rendered for another version is never returned: after any change, the next request
    for each page renders it again. Least recently used pages go first when a bound is reached.
    Thread-safe, for threaded workers.
    """

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[Hashable, tuple[int, CachedPage]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, version: int) -> CachedPage | None:
        """The page stored under key for this version, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, version: int, page: CachedPage) -> None:
        """Store the page for this version (replacing the key's page for any other version)."""
        size = page.size
        if size > self.max_bytes or self.max_entries < 1:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1].size
            self._entries[key] = (version, page)
            self.size += size
            while len(self._entries) > self.max_entries or self.size > self.max_bytes:
                _key, (_version, evicted) = self._entries.popitem(last=False)
                self.size -= evicted.size

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._entries.clear()
            self.size = 0
