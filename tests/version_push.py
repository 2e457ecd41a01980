"""Helpers for the content version's push on PostgreSQL: another writer, waits, filters."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Engine

from blog.caching.push import PushedVersion
from blog.caching.version import CHANNEL

# How long a test waits for the listener to do what it does within milliseconds: generous, since
# the machine may be busy. A wait that ends early costs nothing.
PATIENCE = 10.0


class AnotherWorker:
    """A connection of its own to the blog's database, writing as another worker process does:
    the change and the content version's bump in one transaction, notified at commit.

    Plain SQL, not the blog's functions, so that nothing in this process learns of it.
    """

    def __init__(self, engine: Engine):
        self.engine = engine

    def rename_post(self, slug: str, title: str) -> None:
        """Give the post at slug a new title, as an edit saved elsewhere would."""
        with self.engine.begin() as connection:
            connection.execute(text("UPDATE posts SET title = :title WHERE slug = :slug"),
                               {"title": title, "slug": slug})
            connection.execute(text("UPDATE content_version SET version = version + 1"))
            connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})

    def application_name(self, backend_pid: int) -> str | None:
        """The name a server process's client gave itself (pg_stat_activity)."""
        with self.engine.connect() as connection:
            return connection.execute(text(
                "SELECT application_name FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": backend_pid}).scalar()

    def terminate(self, backend_pid: int) -> None:
        """End a server process (the listener's connection), as a failover or an admin would."""
        with self.engine.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"),
                                      {"pid": backend_pid}).scalar()


def wait_until(condition: Callable[[], object], what: str) -> None:
    """Return once condition() is true; fail after PATIENCE seconds, saying what never came."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {PATIENCE} s")
        time.sleep(0.005)


def push_of(app) -> PushedVersion:
    """The app's listener (started by its first read)."""
    return app.extensions["blog_caching"].push


def wait_for_push(app, unlike: str | None = None) -> str:
    """Wait until the app's listener holds a usable value (other than `unlike`); return it."""
    push = push_of(app)
    push.current()  # starts it, if it was not yet
    seen: list[str] = []

    def pushed() -> bool:
        current = push.current()
        if current is not None and current != unlike:
            seen.append(current)
        return bool(seen)

    wait_until(pushed, "a public version pushed to the worker"
               + (f" other than {unlike}" if unlike else ""))
    return seen[0]


def version_reads(statements: list[tuple[str, object]]) -> list[str]:
    """The recorded statements that read the content version (the request path's own read)."""
    return [statement for statement, _ in statements if "FROM content_version" in statement]
