"""The public version pushed to each worker on PostgreSQL: LISTEN/NOTIFY, with a bounded staleness.

Each worker process keeps one listener: a daemon thread with a connection of its own that
LISTENs on the channel every content-version bump notifies at commit (blog/caching/version.py).
It reads the public version again on each notification, and every HEARTBEAT seconds when idle,
and keeps the last value it read in memory. Readers take that value, with no statement, only if

- the read that gave it started less than MAX_STALENESS seconds ago (a hard bound: any commit made
  before the read started is in it, whether or not its notification arrived),
- it started after this process's own last committed change (LocalCommits: an author's next
  request shows their write at once),
- and the clock is still inside the span over which that version holds (between the newest public
  post's time and the next scheduled one's): a scheduled post appears on time, exactly.

Otherwise they read it themselves, one statement, as on SQLite. So while the listener's connection
is down, or the thread is late, every request polls; the thread reconnects with a growing delay
(LISTEN first, then read, so that nothing committed in between is missed) and push resumes.

The thread starts at the first read in the worker, never at import or app creation, so that it
is never started before gunicorn forks; a value inherited across a fork is never used.
"""

from __future__ import annotations

import logging
import os
import threading
import time

import psycopg
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from blog import clock
from blog.caching.version import CHANNEL
from blog.caching.version import LocalCommits
from blog.caching.version import PublicSpan
from blog.caching.version import read_public_span
from blog.errors import database_error_reason

# A value older than this is never used: the staleness readers without a session may see.
MAX_STALENESS = 0.1
# Half of it, so that a thread a little late (the GIL, a busy core) still keeps push in use.
HEARTBEAT = 0.05
# Seconds to wait before each new attempt to reconnect; the last one repeats.
RECONNECT_DELAYS = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
# A connection that stops answering (a host gone, packets dropped) is given up on in seconds,
# not after the operating system's two hours of TCP keepalive.
LIVENESS_ARGS = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 1,
                 "keepalives_count": 3, "tcp_user_timeout": 5000}
# How operators tell the listeners apart in pg_stat_activity (one per worker).
APPLICATION_NAME = "blog content version push"

log = logging.getLogger(__name__)


class _Confirmed:
    """A public span as read, and when the read started (time.monotonic())."""

    __slots__ = ("span", "read_at")

    def __init__(self, span: PublicSpan, read_at: float):
        self.span = span
        self.read_at = read_at


class PushedVersion:
    """The public version one listener keeps up to date; see the module docstring."""

    def __init__(self, engine: Engine, connect_args: dict):
        # A NullPool engine of its own: its one connection never goes back to the app's pool,
        # and its statements are not the requests' (they are counted apart in tests).
        self._engine = create_engine(engine.url, poolclass=NullPool, hide_parameters=True,
                                     connect_args={**connect_args, **LIVENESS_ARGS,
                                                   "application_name": APPLICATION_NAME})
        self._confirmed: _Confirmed | None = None
        self._started_in: int | None = None  # the pid of the process whose thread runs
        self._start_lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.backend_pid: int | None = None
        event.listen(engine, "engine_disposed", lambda engine: self.stop())

    def current(self) -> str | None:
        """The public version if the listener confirmed it recently enough, else None (the
        caller reads it itself). Starts the listener at the first call in a process."""
        if self._started_in != os.getpid():
            self._start()
            return None
        confirmed = self._confirmed
        if (confirmed is None or time.monotonic() - confirmed.read_at >= MAX_STALENESS
                or confirmed.read_at <= LocalCommits.last
                or not confirmed.span.holds_at(clock.now())):
            return None
        return confirmed.span.version

    @property
    def running(self) -> bool:
        """Whether this process's listener thread is running."""
        thread = self._thread
        return (self._started_in == os.getpid() and thread is not None
                and thread.is_alive())

    def stop(self) -> None:
        """Stop the listener and close its connection (the engine is being disposed); the next
        read starts a new one."""
        with self._start_lock:
            self._stopping.set()
            self._confirmed = None
            thread, self._thread = self._thread, None
            self._started_in = None
            self._stopping = threading.Event()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self._engine.dispose()

    def _start(self) -> None:
        with self._start_lock:
            if self._started_in == os.getpid():
                return
            # After a fork only this thread exists: whatever the parent's listener read (or
            # its connection, shared with the parent) is not ours to use.
            self._confirmed = None
            self._engine.dispose(close=False)
            self._thread = threading.Thread(target=self._run, args=(self._stopping,),
                                            name="content-version-push", daemon=True)
            self._started_in = os.getpid()
            self._thread.start()

    def _run(self, stopping: threading.Event) -> None:
        failures = 0
        while not stopping.is_set():
            try:
                with self._engine.connect() as connection:
                    self._listen(connection, recovered=failures > 0)
                    failures = 0
                    self._follow(connection, stopping)
            except (SQLAlchemyError, psycopg.Error) as error:
                if self._thread is threading.current_thread():
                    self._confirmed = None  # readers poll from now on
                if stopping.is_set():
                    return
                delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
                failures += 1
                log.warning("content version push lost (%s); requests read the version "
                            "themselves, reconnecting in %.1f s", _reason(error), delay)
                stopping.wait(delay)

    def _listen(self, connection: Connection, recovered: bool) -> None:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        # LISTEN before the first read: a change committed after it is either in that read
        # or notified afterwards.
        connection.exec_driver_sql(f"LISTEN {CHANNEL}")
        self.backend_pid = connection.connection.driver_connection.info.backend_pid
        self._confirm(connection)
        if recovered:
            log.warning("content version push resumed")
        else:
            log.info("content version push listening")

    def _follow(self, connection: Connection, stopping: threading.Event) -> None:
        driver = connection.connection.driver_connection
        while not stopping.is_set():
            # Returns at the first notification, or after HEARTBEAT seconds without any.
            for _notification in driver.notifies(timeout=HEARTBEAT, stop_after=1):
                pass
            self._confirm(connection)

    def _confirm(self, connection: Connection) -> None:
        # The time is taken before the statement is sent: everything committed before it is in
        # the answer, which is what MAX_STALENESS is measured from.
        read_at = time.monotonic()
        confirmed = _Confirmed(read_public_span(connection), read_at)
        if self._thread is threading.current_thread():  # not a listener stopped meanwhile
            self._confirmed = confirmed


def _reason(error: Exception) -> str:
    if isinstance(error, SQLAlchemyError):
        return database_error_reason(error)
    first_line = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}"[:300]
