"""Public pages: ETags and shared caching for anonymous readers; authors' pages never shared.

Every public page carries the content version in its ETag, so a reader's browser can revalidate
it with a cheap 304, and says how long a shared cache (Varnish, a CDN) may keep it: s-maxage,
with the surrogate keys (blog/caching/keys.py) by which a change purges it at once
(blog/caching/purge.py). Logged-in authors, and anybody with a flashed message waiting, get a
freshly rendered page that no cache may keep; so does any response that sets a cookie
(blog.caching.session_interface).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Hashable

from flask import current_app
from flask import g
from flask import make_response
from flask import request
from flask import session
from werkzeug.datastructures import MultiDict
from werkzeug.http import is_resource_modified
from werkzeug.http import parse_date
from werkzeug.wrappers import Response

from blog.caching import keys

PRIVATE_CACHE_CONTROL = "private, no-store"
FLASHES_KEY = "_flashes"
# Where blog.caching.wsgi leaves the content version it read, so that it is read once a request.
VERSION_ENVIRON_KEY = "blog.content_version"


def is_anonymous_reader() -> bool:
    """True for a reader who is not logged in and has no flashed message waiting."""
    return g.get("user") is None and FLASHES_KEY not in session


def public_page(key: Callable[[MultiDict], Hashable] | None = None):
    """Decorate a GET view whose page is the same for every anonymous reader.

    key(args) returns what, besides the URL's path, the page depends on among the query
    arguments (the page number, say), normalised so that equivalent URLs share one cached page.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(**view_args):
            if not is_anonymous_reader():
                return view(**view_args)
            caching = current_app.extensions["blog_caching"]
            version = request.environ.get(VERSION_ENVIRON_KEY)
            if version is None:
                version = caching.read_version()
                request.environ[VERSION_ENVIRON_KEY] = version
            etag = caching.etag(version)
            response = make_response(view(**view_args))
            if response.status_code != 200:
                # A missing post stays a 404 whatever ETag is sent (RFC 9110 13.1).
                return response
            headers = shared_headers(etag, caching.cache_control, keys.answer_keys())
            if not_modified(request.environ, etag, response.headers.get("Last-Modified")):
                return Response(status=304, headers=headers)
            for name, value in headers:
                response.headers[name] = value
            return response

        wrapped.page_key = key or _no_key
        return wrapped

    return decorate


def known_content_version() -> str | None:
    """The content version this request has read already (anonymous readers' public pages)."""
    return request.environ.get(VERSION_ENVIRON_KEY)


def _no_key(args: MultiDict) -> None:
    return None


def page_cache_key(request, endpoint: str, view_args: dict, view) -> Hashable | None:
    """The page cache's key for a request to view, or None when view is not a public page.

    The scheme is part of it because the security headers kept with a page differ (HSTS is only
    sent over HTTPS).
    """
    page_key = getattr(view, "page_key", None)
    if page_key is None:
        return None
    return (endpoint, request.scheme, request.script_root, tuple(sorted(view_args.items())),
            page_key(request.args))


def public_cache_control(shared_seconds: int, stale_seconds: int) -> str:
    """Cache-Control for public pages: browsers revalidate before every use (max-age=0, a
    cheap 304), shared caches keep the page shared_seconds, purged on change, and may serve it
    stale_seconds longer while they fetch it again."""
    return (f"public, max-age=0, s-maxage={shared_seconds}, "
            f"stale-while-revalidate={stale_seconds}")


def shared_headers(etag: str, cache_control: str,
                   surrogate_keys: str | None = None) -> list[tuple[str, str]]:
    """The headers that let browsers and shared caches keep a public page, and revalidate it;
    with the page's surrogate keys when they are known."""
    headers = [("ETag", f'"{etag}"'), ("Cache-Control", cache_control),
               # The same URL shows an author their own name and buttons: caches must key on
               # the cookie (anonymous readers have none).
               ("Vary", "Cookie")]
    if surrogate_keys:
        headers.append((keys.HEADER, surrogate_keys))
    return headers


def none_match(environ: dict, etag: str) -> bool:
    """True when the request's If-None-Match names etag (weak comparison, RFC 9110 13.1.2)."""
    header = environ.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    # A revalidating browser or CDN sends back exactly the ETag it got: answer that without
    # parsing (this runs for every revalidation). Werkzeug reads every other form of the header.
    if header == f'"{etag}"':
        return True
    return not is_resource_modified(environ, etag=etag)


def not_modified(environ: dict, etag: str, last_modified: str | None = None) -> bool:
    """True when the request's validators match: If-None-Match when it is sent (it wins, RFC
    9110 13.2.2), else If-Modified-Since against the page's Last-Modified, when it has one.

    Feed readers and crawlers often send If-Modified-Since alone; pages without a Last-Modified
    (most of them) answer it with the page.
    """
    if environ.get("HTTP_IF_NONE_MATCH"):
        return none_match(environ, etag)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not since or last_modified is None:
        return False
    since_date, modified = parse_date(since), parse_date(last_modified)
    return since_date is not None and modified is not None and modified <= since_date


def keep_authors_pages_private(response: Response) -> Response:
    """after_request hook: no shared cache may keep a page rendered for a logged-in author."""
    if g.get("user") is not None:
        make_private(response)
    return response


def make_private(response: Response) -> None:
    """Forbid every shared cache to keep the response, and drop its validator."""
    response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
    response.headers.pop("ETag", None)
    response.headers.pop(keys.HEADER, None)
