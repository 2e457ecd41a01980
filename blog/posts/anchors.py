"""Seek points for deep index pages: the sort key of every ANCHOR_EVERY-th post, per version.

OFFSET costs a step per skipped post even on an index-only scan: at page 5,000 of 100,000 posts
that is 50,000 index entries, about 1 ms on SQLite and 5 ms on PostgreSQL. With the key of every
1,000th post known, page N starts from the nearest anchor before it and skips fewer than 1,000
entries, so it costs about what page 1 does (docs/performance.md).

Anchors are only true for the content version they were read at: any new, changed or deleted post
may shift every position. Each process reads them again (one query, a scan of the index) the first
time a deep page is asked for at a new version.
"""

from __future__ import annotations

import threading
from datetime import datetime

from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from blog.extensions import db
from blog.models import Post
from blog.models import public_posts

# Posts between anchors: the most a deep page skips. 100 index pages of the default size.
ANCHOR_EVERY = 1000
EXTENSION_KEY = "blog_index_anchors"

Key = tuple[datetime, int]


class IndexAnchors:
    """The anchors of one content version; a new version's are read when first needed."""

    def __init__(self) -> None:
        self._read_for: tuple[int, int] | None = None  # (version, ANCHOR_EVERY) they belong to
        self._keys: list[Key] = []
        self._lock = threading.Lock()

    def nearest(self, offset: int, version: int) -> tuple[Key | None, int]:
        """(the key of the last anchor at or before position `offset`, the posts left to skip).

        (None, offset) when no anchor comes before it.
        """
        every = ANCHOR_EVERY
        if offset < every:
            return None, offset
        keys = self._keys_for(version, every)
        # keys[i] is the key of the post at position (i + 1) * every, counted from 0.
        index = min(offset // every, len(keys))
        if index == 0:
            return None, offset
        return keys[index - 1], offset - index * every

    def _keys_for(self, version: int, every: int) -> list[Key]:
        with self._lock:
            if self._read_for != (version, every):
                self._keys = read_anchors(every)
                self._read_for = (version, every)
            return self._keys


def read_anchors(every: int) -> list[Key]:
    """The keys of the posts at positions every, 2 * every, ... newest first (one query)."""
    position = func.row_number().over(order_by=(Post.published_at.desc(), Post.id.desc()))
    numbered = (select(Post.published_at, Post.id, position.label("position"))
                .where(public_posts()).subquery())
    rows = db.session.execute(
        select(numbered.c.published_at, numbered.c.id)
        .where(numbered.c.position % every == 1, numbered.c.position > 1)
        .order_by(numbered.c.position)
    ).all()
    return [(published_at, post_id) for published_at, post_id in rows]


def anchors_of(app: Flask) -> IndexAnchors:
    """The app's anchors (one set per process)."""
    return app.extensions.setdefault(EXTENSION_KEY, IndexAnchors())
