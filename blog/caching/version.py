"""The content version: bumped in the transaction of every change public pages show, read cheaply.

Every process reads the one row on each public request (or, on PostgreSQL, learns of it by push:
blog/caching/push.py), so a post written through one worker is seen by all the others.

A scheduled post appears by the clock, with no write: so the same statement also reads the time
of the newest post public *now*. The pair is the public version (public_version): it changes with
every write public pages show, and again at the moment a scheduled post's time comes, on every
worker alike (each asks with its own clock; no process keeps a list that could go stale).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from blog import clock
from blog.extensions import db
from blog.models import PUBLISHED
from blog.models import Author
from blog.models import ContentVersion
from blog.models import Post
from blog.models import public_posts
from blog.pages.model import Page
from blog.site.model import revision_subquery

ROW_ID = 1
# Core statements on the table: no ORM bookkeeping, and the same from a Session or a Connection.
_TABLE = ContentVersion.__table__
_READ = select(_TABLE.c.version).where(_TABLE.c.id == ROW_ID)
_BUMP = update(_TABLE).where(_TABLE.c.id == ROW_ID).values(version=_TABLE.c.version + 1)
_LOCK = update(_TABLE).where(_TABLE.c.id == ROW_ID).values(version=_TABLE.c.version)
# The newest post public at :now: the first entry of the index (status, published_at, id) at or
# before now, one seek whatever the number of posts.
_NEWEST_PUBLIC = (select(Post.published_at).where(public_posts(bindparam("now")))
                  .order_by(Post.published_at.desc()).limit(1).scalar_subquery())
# The site settings' revision rides along, so that pages know when to read them again
# (blog/site/store.py) without a statement of their own.
_READ_PUBLIC = select(_TABLE.c.version, _NEWEST_PUBLIC, revision_subquery()).where(
    _TABLE.c.id == ROW_ID)
# The next scheduled post's time: until then (and from the newest public post's time on) the
# public version stays what it is, whatever the clock says. The push listener reads it.
_NEXT_DUE = (select(Post.published_at)
             .where(Post.status == PUBLISHED, Post.published_at > bindparam("now"))
             .order_by(Post.published_at).limit(1).scalar_subquery())
_READ_PUBLIC_SPAN = _READ_PUBLIC.add_columns(_NEXT_DUE)
# PostgreSQL delivers a NOTIFY at commit, and never for a transaction that rolls back.
CHANNEL = "blog_content_version"
_NOTIFY = select(func.pg_notify(CHANNEL, ""))
# Set in a session's info by a bump, so that its commit is known to this process at once.
_BUMPED = "blog.content_version_bumped"


class LocalCommits:
    """When this process last committed a change of the public version (time.monotonic()).

    Values the push listener read before that moment are not used (blog/caching/push.py): a
    worker sees its own writes at its next request, without waiting for their notification.
    """

    last: float = 0.0

    @classmethod
    def mark(cls) -> None:
        """Record that a change was committed just now."""
        cls.last = time.monotonic()


def initial_version() -> int:
    """The number a new database starts from: the time in milliseconds.

    A recreated database then never hands out the ETags of an old one again.
    """
    return int(time.time() * 1000)


def bump_content_version(connection: Connection | Session) -> None:
    """Change the version inside the caller's transaction (creating the row if it is missing).

    On PostgreSQL it also notifies the workers' listeners, at commit; this process takes note of
    the commit itself (LocalCommits).
    """
    if connection.execute(_BUMP).rowcount == 0:
        connection.execute(insert(_TABLE).values(id=ROW_ID, version=initial_version()))
    if isinstance(connection, Connection):
        dialect = connection.dialect
        # No after-commit hook on a Connection: marked just before the DBAPI commit (the demo
        # seed, run in a process of its own; sessions are marked after their commit).
        event.listen(connection, "commit", lambda conn: LocalCommits.mark(), once=True)
    else:
        dialect = connection.get_bind().dialect
        connection.info[_BUMPED] = True
    if dialect.name == "postgresql":
        connection.execute(_NOTIFY)


def lock_content_version(connection: Connection | Session) -> None:
    """Hold the version's row until the caller's transaction ends, without changing it.

    An UPDATE that writes the same value takes PostgreSQL's row lock and SQLite's write lock all
    the same: writers that take it run one after another, and readers' caches stay valid.
    """
    if connection.execute(_LOCK).rowcount == 0:
        connection.execute(insert(_TABLE).values(id=ROW_ID, version=initial_version()))


def read_content_version(connection: Connection) -> int:
    """The current version (0 before anything was ever published)."""
    return connection.execute(_READ).scalar() or 0


def read_public_version(connection: Connection) -> str:
    """The public version now: "<content version>.<time of the newest public post>.<site
    settings' revision>", one statement. Pages, ETags and anchors keyed by it are right for the
    clock as well."""
    row = connection.execute(_READ_PUBLIC, {"now": clock.now()}).first()
    if row is None:
        return "0.0.0"
    return _public_version(*row)


def _public_version(version: int | None, newest: datetime | None,
                    site_revision: int | None) -> str:
    return (f"{version or 0}.{newest.strftime('%Y%m%d%H%M%S%f') if newest else 0}"
            f".{site_revision or 0}")


class PublicSpan(NamedTuple):
    """The public version, and the span of clock times over which it stays the same."""

    version: str
    since: datetime | None  # the newest public post's time (None: no post is public)
    until: datetime | None  # the next scheduled post's time (None: none is scheduled)

    def holds_at(self, moment: datetime) -> bool:
        """Whether the clock at `moment` leaves the public version unchanged."""
        return ((self.since is None or moment >= self.since)
                and (self.until is None or moment < self.until))


def read_public_span(connection: Connection) -> PublicSpan:
    """The public version now, and how long the clock alone leaves it so: one statement."""
    row = connection.execute(_READ_PUBLIC_SPAN, {"now": clock.now()}).first()
    if row is None:
        return PublicSpan("0.0.0", None, None)
    version, newest, site_revision, next_due = row
    return PublicSpan(_public_version(version, newest, site_revision), newest, next_due)


class VersionReader:
    """Reads the content version on one connection the process keeps open, in autocommit mode.

    Checking a connection out of the pool for every request costs more than the query itself
    (and, with pool_pre_ping, a second round trip). The lock makes one connection safe for
    threaded workers; the query takes microseconds. The connection is closed when the engine is
    disposed, and replaced once if the database dropped it.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self._connection: Connection | None = None
        self._lock = threading.Lock()
        event.listen(engine, "engine_disposed", self._on_dispose)

    def read(self, reading=read_content_version):
        """The current version, read now (with `reading`: read_public_version, say)."""
        with self._lock:
            for attempt in (1, 2):
                if self._connection is None:
                    connection = self.engine.connect()
                    # Each read sees the latest commit, and no transaction stays open between.
                    self._connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                try:
                    return reading(self._connection)
                except DBAPIError as error:
                    self._close()
                    if attempt == 2 or not error.connection_invalidated:
                        raise
            raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the connection (a new one is opened by the next read)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _on_dispose(self, engine: Engine) -> None:
        # The pool this connection came from is gone by now; returned to it, the connection
        # would never be closed. Close it for good instead.
        with self._lock:
            if self._connection is not None:
                self._connection.invalidate()
            self._close()


def changes_public_content(session: Session) -> bool:
    """True when the session's pending changes alter what public pages show.

    That is a new, changed or deleted post or page that is published or was until now (a draft
    and its autosaves are on no public page), a deleted author (their posts go too), and an
    author whose display name, bio or picture changed (bylines, author pages). Logins, sessions
    and e-mail addresses do not count. (Tag changes bump it where they are written:
    blog/posts/tags.py.)
    """
    if any(isinstance(obj, Post | Page) and _is_public(obj) for obj in session.new):
        return True
    if any(isinstance(obj, Post | Page) and _was_public(obj) for obj in session.deleted):
        return True
    if any(isinstance(obj, Author) for obj in session.deleted):
        return True
    for obj in session.dirty:
        if (isinstance(obj, Post | Page) and session.is_modified(obj)
                and _was_or_is_public(obj)):
            return True
        if isinstance(obj, Author) and _shown_changed(obj):
            return True
    return False


def _shown_changed(author: Author) -> bool:
    # What bylines and author pages show of them.
    attributes = inspect(author).attrs
    return any(getattr(attributes, name).history.has_changes()
               for name in ("name", "bio", "picture_url"))


def _public_statuses(item: Post | Page) -> tuple[str | None, ...]:
    # A new post without a status yet gets the column's default, published; a page's is draft.
    return (PUBLISHED,) if isinstance(item, Page) else (None, PUBLISHED)


def _is_public(post: Post | Page) -> bool:
    return post.status in _public_statuses(post)


def _was_public(post: Post | Page) -> bool:
    history = inspect(post).attrs.status.history
    before = history.deleted or history.unchanged or [post.status]
    return before[0] in _public_statuses(post)


def _was_or_is_public(post: Post | Page) -> bool:
    return _is_public(post) or _was_public(post)


def register_version_listeners() -> None:
    """Bump the version with every flush that changes public content; seed it on create_all().

    Called by blog.caching.init_app; SQLAlchemy keeps listeners per class, not per app, so
    registering them again (one more app in the same process) changes nothing.
    """
    for target, name, listener in (
        (db.session, "before_flush", _bump_with_public_changes),
        (db.session, "after_commit", _mark_committed_bump),
        (db.session, "after_rollback", _forget_bump),
        (ContentVersion.__table__, "after_create", _insert_first_version),
    ):
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)


def _bump_with_public_changes(session: Session, flush_context, instances) -> None:
    # Same transaction as the change itself: it commits or rolls back with it, so the version
    # can never announce a change that did not happen, nor miss one that did.
    if changes_public_content(session):
        bump_content_version(session)


def _mark_committed_bump(session: Session) -> None:
    if session.info.pop(_BUMPED, False):
        LocalCommits.mark()


def _forget_bump(session: Session) -> None:
    session.info.pop(_BUMPED, None)


def _insert_first_version(table, connection: Connection, **kwargs) -> None:
    # db.create_all() (tests, quick starts) gets the row that the migration inserts.
    connection.execute(insert(table).values(id=ROW_ID, version=initial_version()))
