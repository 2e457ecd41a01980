"""A backend for trying deploy/varnish.vcl alone: each path prefix answers with the headers of
one kind of response the blog gives, and the body says what the backend received."""

from __future__ import annotations

import itertools
import threading

PUBLIC = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
# Path prefix -> the headers of that kind of answer. /public/<keys> carries those Surrogate-Keys
# (separated by "+" in the path), as the blog's public pages do.
KINDS = {
    "public": [("Cache-Control", PUBLIC), ("Vary", "Cookie")],
    "private": [("Cache-Control", "private, no-store")],
    "sets-cookie": [("Cache-Control", PUBLIC), ("Set-Cookie", "blog_session=fresh; HttpOnly")],
    "unmarked": [],
    "short": [("Cache-Control", "public, max-age=0, s-maxage=1"), ("Surrogate-Key", "short")],
}


class StubBackend:
    """The WSGI app. `calls[path]` counts the requests that reached it; `failing` makes every
    answer a 503, as the blog gives while its database is away."""

    def __init__(self):
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Answer normally, and forget what was received."""
        self.calls: dict[str, int] = {}
        self.failing = False

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        with self._lock:
            self.calls[path] = self.calls.get(path, 0) + 1
            serial = next(self._serial)
        if self.failing:
            start_response("503 Service Unavailable", [("Cache-Control", "no-store"),
                                                       ("Content-Type", "text/plain")])
            return [b"database unavailable\n"]
        kind, _, rest = path.strip("/").partition("/")
        headers = [("Content-Type", "text/plain; charset=utf-8"), *KINDS.get(kind, [])]
        if kind == "public" and rest:
            headers.append(("Surrogate-Key", rest.replace("+", " ")))
        body = (f"answer {serial}\n"
                f"cookie: {environ.get('HTTP_COOKIE', '')}\n"
                f"proto: {environ.get('HTTP_X_FORWARDED_PROTO', '')}\n").encode()
        start_response("200 OK", headers)
        return [body]

    def received(self, path: str) -> int:
        """How many requests for path reached the backend."""
        return self.calls.get(path, 0)
