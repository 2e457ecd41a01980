"""A stand-in for a shared cache's purge endpoint, over real HTTP: records every PURGE it gets.

It can answer failures first (a cache briefly down) and hold its answers until released (a cache
that is slow), so that tests see what the blog sends, when, and what it does when a cache fails.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from typing import NamedTuple


class Purge(NamedTuple):
    """One purge request as received."""

    path: str
    keys: frozenset[str]
    answered: int
    authorization: str | None = None


class PurgeReceiver:
    """An HTTP server on a free port of 127.0.0.1; `url` is what CACHE_PURGE_URLS takes."""

    def __init__(self):
        self.received: list[Purge] = []
        self.failures_left = 0
        self.released = threading.Event()
        self.released.set()
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the method's name is the HTTP method
                receiver.released.wait(30)
                status = 200
                with receiver._changed:
                    if receiver.failures_left:
                        receiver.failures_left -= 1
                        status = 503
                    keys = frozenset(self.headers.get("Surrogate-Key", "").split())
                    receiver.received.append(Purge(self.path, keys, status,
                                                   self.headers.get("Authorization")))
                    receiver._changed.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/purge"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def wait_for(self, predicate, timeout: float = 10.0) -> list[Purge]:
        """Wait until predicate(received so far) is true; the purges received, or AssertionError."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.received):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no such purge within {timeout} s: {self.received}")
                self._changed.wait(left)
            return list(self.received)

    def wait_for_key(self, key: str, timeout: float = 10.0) -> Purge:
        """The first successful purge naming key, waited for."""
        received = self.wait_for(
            lambda got: any(key in purge.keys and purge.answered == 200 for purge in got),
            timeout)
        return next(purge for purge in received if key in purge.keys and purge.answered == 200)

    def all_keys(self) -> set[str]:
        """Every key purged successfully so far."""
        with self._changed:
            return {key for purge in self.received if purge.answered == 200
                    for key in purge.keys}

    def close(self) -> None:
        """Stop serving."""
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
