"""The WSGI layer in front of everything under /api/: no cookie goes in, none comes out, and
every answer carries the CORS headers.

Dropping the Cookie header before the page cache and Flask see it means the API cannot know
who is logged in (g.user stays None, the session is empty): nothing personal can leak into an
answer, a logged-in author gets the same cached answer as everybody, and no answer sets a
cookie. Added here rather than in Flask so that answers from the page cache, its 304s and the
error answers all get the same headers.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable

from blog.api.cors import CORS_HEADERS
from blog.api.problems import API_PREFIX


class ApiBoundary:
    """WSGI middleware; see the module docstring."""

    def __init__(self, wsgi_app: Callable):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or ""
        if not (path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/")):
            return self.wsgi_app(environ, start_response)
        environ.pop("HTTP_COOKIE", None)

        def start_api_response(status: str, headers: list, exc_info=None):
            kept = [(name, value) for name, value in headers
                    if name.lower() not in ("set-cookie", "vary")]
            # The answers do not depend on cookies any more: caches need not key on them.
            vary = _without_cookie([value for name, value in headers if name.lower() == "vary"])
            if vary:
                kept.append(("Vary", ", ".join(vary)))
            present = {name.lower() for name, _ in kept}
            kept += [(name, value) for name, value in CORS_HEADERS
                     if name.lower() not in present]
            return start_response(status, kept, exc_info)

        return self.wsgi_app(environ, start_api_response)


def _without_cookie(values: list[str]) -> list[str]:
    fields = [field.strip() for value in values for field in value.split(",")]
    return [field for field in fields if field and field.lower() != "cookie"]
