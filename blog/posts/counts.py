"""How many posts each public listing has, per public version: what numbered pagers need for
their last page.

Counting a listing scans its index range (100,000 entries: a few milliseconds), so each process
counts a listing once per public version, in the statement of the first page it renders
(blog/posts/queries.py), and keeps the figure until the version changes. Any new, changed or
deleted post changes the version, and so does a scheduled post's time coming (its clock part):
a count is never used for a version it was not read at.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

from flask import Flask

EXTENSION_KEY = "blog_listing_counts"
# Listings counted per version at most (one per author and tag read): a bound on the memory
# a crawler walking every tag can take.
MAX_COUNTS = 10_000


class ListingCounts:
    """Counts of one public version; forgotten as a whole when another version is asked for."""

    def __init__(self) -> None:
        self._version: str | None = None
        self._counts: dict[Hashable, int] = {}
        self._lock = threading.Lock()

    def get(self, version: str, key: Hashable) -> int | None:
        """The count of listing key at this version, if this process has read it."""
        with self._lock:
            return self._counts.get(key) if version == self._version else None

    def put(self, version: str, key: Hashable, count: int) -> None:
        """Keep the count of listing key read at this version."""
        with self._lock:
            if version != self._version:
                self._version, self._counts = version, {}
            if len(self._counts) < MAX_COUNTS:
                self._counts[key] = count


def listing_counts(app: Flask) -> ListingCounts:
    """The app's counts (one set per process)."""
    return app.extensions.setdefault(EXTENSION_KEY, ListingCounts())
