"""Scheduled posts' arrival, for the purger: when the next one becomes public, and its keys.

A scheduled post is public from its time on, by the clock alone (blog/caching/version.py), so no
commit marks the moment. Each process that purges keeps the few next times in memory, read again
after its own changes and at least every RECHECK seconds (another worker or machine may have
scheduled a post), and purges at each time what the post's appearing changes. Several processes
purging the same keys is harmless: a purge of what is already gone does nothing.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import NamedTuple

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from blog import clock
from blog.caching import keys
from blog.caching.purge_keys import post_membership_keys
from blog.extensions import db
from blog.models import PUBLISHED
from blog.models import Post
from blog.models import post_tags

logger = logging.getLogger(__name__)
# Seconds between readings when nothing happened here; the longest a post scheduled through
# another process can wait for its purge (its s-maxage elsewhere is the cache's own bound).
RECHECK = 30.0
UPCOMING = 20


class Upcoming(NamedTuple):
    """A scheduled post: when it appears, and what its keys need."""

    published_at: datetime
    post_id: int
    author_id: int


class ScheduledArrivals:
    """The next scheduled posts' times, read from the database by the purger's thread."""

    def __init__(self, app: Flask):
        self.app = app
        self._upcoming: list[Upcoming] = []
        self._stale = True
        self._read_at = 0.0

    def changed(self) -> None:
        """A change was committed here: read the times again before the next wait."""
        self._stale = True

    def refresh_if_needed(self) -> None:
        """Read the next times, if a change or RECHECK seconds call for it."""
        if not self._stale and time.monotonic() - self._read_at < RECHECK:
            return
        self._stale, self._read_at = False, time.monotonic()
        try:
            with self.app.app_context():
                rows = db.session.execute(
                    select(Post.published_at, Post.id, Post.author_id)
                    .where(Post.status == PUBLISHED, Post.published_at > clock.now())
                    .order_by(Post.published_at).limit(UPCOMING)).all()
        except SQLAlchemyError as error:
            # The database is away: try again at the next recheck; pages purge by s-maxage.
            logger.warning("Reading scheduled posts failed: %s", type(error).__name__)
            return
        self._upcoming = [Upcoming(*row) for row in rows]

    def seconds_until_next(self) -> float:
        """Seconds to wait before the next post appears, or the next recheck."""
        until_recheck = max(0.0, RECHECK - (time.monotonic() - self._read_at))
        if not self._upcoming:
            return until_recheck
        until = (self._upcoming[0].published_at - clock.now()).total_seconds()
        return max(0.0, min(until, until_recheck))

    def due_keys(self) -> set[str]:
        """The keys of the posts whose time has come since the last call (and forget them)."""
        now = clock.now()
        due = [post for post in self._upcoming if post.published_at <= now]
        if not due:
            return set()
        self._upcoming = [post for post in self._upcoming if post.published_at > now]
        self._stale = True
        try:
            with self.app.app_context():
                tags = db.session.execute(
                    select(post_tags.c.post_id, post_tags.c.tag_id)
                    .where(post_tags.c.post_id.in_([post.post_id for post in due]))).all()
        except SQLAlchemyError as error:
            logger.warning("Reading a scheduled post's tags failed: %s", type(error).__name__)
            return {keys.SITE}  # without its tags, purge everything rather than too little
        found: set[str] = set()
        for post in due:
            tag_ids = [tag_id for post_id, tag_id in tags if post_id == post.post_id]
            found |= post_membership_keys(post.post_id, post.author_id, tag_ids)
        return found
