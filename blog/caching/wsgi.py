"""In front of Flask: anonymous readers' public pages from the page cache, or a 304.

A request without the session cookie belongs to an anonymous reader with no flashed message (both
live in that cookie), so its public page is the same for everyone. For such GET and HEAD requests
this layer routes with Flask's own URL map, reads the content version, and answers a matching
If-None-Match with a 304 or a page kept for that version with its bytes and headers exactly as
Flask last sent them, without a request context, session or template. Anything else, and every
page not kept yet, goes to Flask; pages Flask marks as shared (and that set no cookie) are kept.

So the app's before_request and after_request hooks do not run for pages answered here: the
headers they added when the page was rendered are sent again, as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Iterable

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_cookie
from werkzeug.test import run_wsgi_app

from blog.caching import keys
from blog.caching.pages import CachedPage
from blog.caching.public import VERSION_ENVIRON_KEY
from blog.caching.public import not_modified
from blog.caching.public import page_cache_key
from blog.caching.public import shared_headers

NOT_MODIFIED = "304 Not Modified"


class CachedPublicPages:
    """WSGI middleware around the Flask app; see the module docstring."""

    def __init__(self, app: Flask, wsgi_app: Callable):
        self.app = app
        self.wsgi_app = wsgi_app
        self.caching = app.extensions["blog_caching"]

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        # The purger's thread runs in each worker, from its first request on (after any fork).
        self.caching.purger.ensure_running()
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or self._has_session_cookie(environ):
            return self.wsgi_app(environ, start_response)
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        try:
            version = self.caching.read_version()
        except SQLAlchemyError:
            # Flask fails the same way, but answers with the blog's error page and logs it.
            return self.wsgi_app(environ, start_response)
        environ[VERSION_ENVIRON_KEY] = version
        page = self.caching.pages.get(key, version)
        if page is None:
            if method == "HEAD":
                return self.wsgi_app(environ, start_response)
            status, headers, body = self._render(environ)
            if not (status.startswith("200 ") and self._is_shared(headers)):
                start_response(status, headers)
                return [body]
            page = CachedPage(tuple(headers), body)
            self.caching.pages.put(key, version, page)
        # Only a page known to exist is answered 304 (RFC 9110 13.1: a 404 stays a 404).
        etag = self.caching.etag(version)
        if not_modified(environ, etag, _header(page.headers, "last-modified")):
            start_response(NOT_MODIFIED, shared_headers(
                etag, self.caching.cache_control, _header(page.headers, keys.HEADER.lower())))
            return []
        start_response("200 OK", list(page.headers))
        return [] if method == "HEAD" else [page.body]

    def _has_session_cookie(self, environ: dict) -> bool:
        cookies = environ.get("HTTP_COOKIE")
        if not cookies:
            return False
        # Other cookies on the site's domain (analytics, say) do not make a reader an author.
        return self.app.config["SESSION_COOKIE_NAME"] in parse_cookie(cookies)

    def _is_shared(self, headers: list[tuple[str, str]]) -> bool:
        names = {name.lower(): value for name, value in headers}
        return (names.get("cache-control") == self.caching.cache_control
                and "set-cookie" not in names)

    def _key(self, environ: dict) -> Hashable | None:
        """The page cache key of a public page, or None for any other request."""
        request = self.app.request_class(environ)
        try:
            # Flask's own routing, so that this layer and the views agree on every URL.
            endpoint, view_args = self.app.create_url_adapter(request).match()
        except HTTPException:
            return None
        return page_cache_key(request, endpoint, view_args, self.app.view_functions.get(endpoint))

    def _render(self, environ: dict) -> tuple[str, list, bytes]:
        """Flask's whole answer (status, headers, body) to the request, without conditions."""
        environ = {**environ}
        # Render the page even for a revalidation, so that it can be kept and compared.
        environ.pop("HTTP_IF_NONE_MATCH", None)
        environ.pop("HTTP_IF_MODIFIED_SINCE", None)
        # Werkzeug's runner, not Response.from_app: a Response would add headers of its own.
        body, status, headers = run_wsgi_app(self.wsgi_app, environ, buffered=True)
        return status, headers.to_wsgi_list(), b"".join(body)


def _header(headers: Iterable[tuple[str, str]], lower_name: str) -> str | None:
    for name, value in headers:
        if name.lower() == lower_name:
            return value
    return None
