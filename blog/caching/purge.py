"""Purging shared caches (Varnish, a CDN) of what a change altered, after it commits.

The keys of a committed change (blog/caching/purge_keys.py) are sent to every cache in
CACHE_PURGE_URLS as `PURGE <url>` with a `Surrogate-Key` header, from a thread of the worker's
own, so the author's request never waits on a cache. A cache that does not answer 2xx is asked
again later, with growing delays for about a minute, while the others are not held up. The thread
also wakes when a scheduled post's time comes, and purges what its appearing changes: the post
is public by the clock alone, with no write to hang a purge on.
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit

import requests
from flask import Flask

from blog.caching import keys
from blog.caching.schedule import ScheduledArrivals
from blog.settings import ConfigurationError

logger = logging.getLogger(__name__)
# Seconds before each new attempt at a cache that did not answer: about a minute in all.
RETRY_DELAYS = (0.25, 0.5, 1, 2, 4, 8, 15, 30)
# Connect and read timeouts of one purge: a cache on the same network answers in milliseconds.
TIMEOUT = (1.0, 3.0)
# Keys per request: Varnish's default limit on a request header is 8 KB.
MAX_KEYS_PER_REQUEST = 200


@dataclass(order=True)
class _Job:
    due: float
    number: int
    url: str = field(compare=False)
    keys: frozenset[str] = field(compare=False)
    attempt: int = field(default=0, compare=False)


def checked_purge_urls(urls: Iterable[str]) -> tuple[str, ...]:
    """The configured URLs, or ConfigurationError naming one that is not http(s)://host/..."""
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigurationError(
                f"CACHE_PURGE_URLS: {shown_url(url)!r} is not an http:// or https:// address.")
    return tuple(urls)


def shown_url(url: str) -> str:
    """The URL as logs may show it: without a user or password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


class Purger:
    """Sends purges in the background and retries them; one per app, its thread per process."""

    def __init__(self, app: Flask, send: Callable[[str, frozenset[str]], bool] | None = None):
        self.urls = checked_purge_urls(app.config["CACHE_PURGE_URLS"])
        self.enabled = bool(self.urls)
        self.send = send or send_purge
        self.arrivals = ScheduledArrivals(app)
        self._jobs: list[_Job] = []
        self._numbers = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pid = None
        self._busy = 0
        if self.enabled:
            atexit.register(self.drain, 2.0)

    def purge(self, names: Iterable[str]) -> None:
        """Purge these keys from every cache, soon; never blocks on a cache."""
        names = frozenset(names)
        if not self.enabled or not names:
            return
        now = time.monotonic()
        with self._wake:
            for url in self.urls:
                heapq.heappush(self._jobs, _Job(now, next(self._numbers), url, names))
            # A change may have moved a scheduled post's time: look again.
            self.arrivals.changed()
            self._wake.notify()
        self.ensure_running()

    def ensure_running(self) -> None:
        """Start this process's thread if it is not running (cheap: called on every request).

        Checked by process id: a thread started before a server forked its workers is not in
        them."""
        if not self.enabled or (self._pid == os.getpid() and self._thread is not None):
            return
        with self._wake:
            if self._pid == os.getpid() and self._thread is not None:
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="cache-purge", daemon=True)
            self._thread.start()

    def pending(self) -> int:
        """Purges waiting to be sent (or sent again), and being sent."""
        with self._wake:
            return len(self._jobs) + self._busy

    def drain(self, timeout: float) -> bool:
        """Wait up to timeout seconds for every purge due by then to be sent: True if none is
        left. (At exit, so that a worker that stops does not take its last purges with it.)"""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._wake:
                waiting = [job for job in self._jobs if job.due <= deadline]
                if not waiting and not self._busy:
                    return True
            time.sleep(0.01)
        return False

    def _run(self) -> None:
        while True:
            # The database is read here, never while holding the lock that purge() takes.
            self.arrivals.refresh_if_needed()
            arrived = self.arrivals.due_keys()
            if arrived:
                self.purge(arrived)
            for job in self._next_jobs():
                self._attempt(job)
            with self._wake:
                self._busy = 0

    def _next_jobs(self) -> list[_Job]:
        # Every job due now, those for one cache merged into one request (a burst of saves
        # becomes one purge per cache); else wait for the next job or scheduled post.
        with self._wake:
            while True:
                now = time.monotonic()
                if self._jobs and self._jobs[0].due <= now:
                    break
                wait = self.arrivals.seconds_until_next()
                if self._jobs:
                    wait = min(wait, self._jobs[0].due - now)
                if wait <= 0:
                    return []
                self._wake.wait(wait)
            due = []
            while self._jobs and self._jobs[0].due <= now:
                due.append(heapq.heappop(self._jobs))
            self._busy = len(due)
        return _merged(due)

    def _attempt(self, job: _Job) -> None:
        try:
            sent = self.send(job.url, job.keys)
        except Exception:  # noqa: BLE001 - a cache's failure must never stop the thread
            logger.exception("Purging %s failed.", shown_url(job.url))
            sent = False
        if sent:
            return
        if job.attempt >= len(RETRY_DELAYS):
            logger.error("Gave up purging %d keys from %s after %d attempts.", len(job.keys),
                         shown_url(job.url), job.attempt + 1)
            return
        delay = RETRY_DELAYS[job.attempt]
        logger.warning("Purging %s failed; trying again in %s s.", shown_url(job.url), delay)
        with self._wake:
            heapq.heappush(self._jobs, _Job(time.monotonic() + delay, next(self._numbers),
                                            job.url, job.keys, job.attempt + 1))


def _merged(jobs: list[_Job]) -> list[_Job]:
    by_url: dict[tuple[str, int], _Job] = {}
    for job in jobs:
        key = (job.url, job.attempt)
        known = by_url.get(key)
        by_url[key] = job if known is None else _Job(
            known.due, known.number, job.url, known.keys | job.keys, job.attempt)
    return list(by_url.values())


def send_purge(url: str, names: frozenset[str]) -> bool:
    """Ask one cache to drop everything tagged with any of names: True when it said 2xx."""
    ordered = sorted(names)
    if keys.SITE in names:
        ordered = [keys.SITE]  # everything carries it
    for start in range(0, len(ordered), MAX_KEYS_PER_REQUEST):
        chunk = " ".join(ordered[start:start + MAX_KEYS_PER_REQUEST])
        try:
            answer = requests.request("PURGE", url, headers={keys.HEADER: chunk},
                                      timeout=TIMEOUT, allow_redirects=False)
        except requests.RequestException as error:
            logger.warning("Purge to %s: %s", shown_url(url), type(error).__name__)
            return False
        if not 200 <= answer.status_code < 300:
            logger.warning("Purge to %s answered %d.", shown_url(url), answer.status_code)
            return False
    return True
