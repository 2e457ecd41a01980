"""Public pages: ETag revalidation and cached bytes for anonymous readers; authors never shared.

A public page costs an anonymous reader one primary-key query (the content version) when it is
cached or the reader revalidates, and no template rendering. Logged-in authors, and anybody with a
flashed message waiting, get a freshly rendered page that no shared cache may keep.
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
from flask.sessions import SecureCookieSessionInterface
from werkzeug.wrappers import Response

# Stored by browsers and CDNs, but checked with us (a cheap 304) before every use, so that a new,
# changed or deleted post shows at once.
PUBLIC_CACHE_CONTROL = "public, no-cache"
PRIVATE_CACHE_CONTROL = "private, no-store"
FLASHES_KEY = "_flashes"
HTML = "text/html; charset=utf-8"


def is_anonymous_reader() -> bool:
    """True for a reader who is not logged in and has no flashed message waiting."""
    return g.get("user") is None and FLASHES_KEY not in session


def public_page(key: Callable[[], Hashable] | None = None):
    """Decorate a GET view whose page is the same for every anonymous reader.

    key returns what, besides the URL's path arguments, the page depends on (for example the
    page number); it must be normalised so that equivalent requests share one cached page.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(**view_args):
            if not is_anonymous_reader():
                return view(**view_args)
            caching = current_app.extensions["blog_caching"]
            version = caching.read_version()
            etag = caching.etag(version)
            if _none_match(etag):
                return _shared(Response(status=304), etag)
            cache_key = (request.endpoint, request.script_root,
                         tuple(sorted(view_args.items())), key() if key else None)
            body = caching.pages.get(cache_key, version)
            if body is not None:
                return _shared(current_app.response_class(body, content_type=HTML), etag)
            response = make_response(view(**view_args))
            if response.status_code != 200:
                return response
            caching.pages.put(cache_key, version, response.get_data())
            return _shared(response, etag)

        wrapped.public_page = True
        return wrapped

    return decorate


def _none_match(etag: str) -> bool:
    """True when the request's If-None-Match names etag (weak comparison, RFC 9110 13.1.2)."""
    header = request.environ.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    # A revalidating browser or CDN sends back exactly the ETag it got; parse anything else.
    if header == f'"{etag}"':
        return True
    return request.if_none_match.contains_weak(etag)


def _shared(response: Response, etag: str) -> Response:
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
    # The same URL shows an author their own name and buttons: caches must key on the cookie.
    response.headers["Vary"] = "Cookie"
    return response


def keep_authors_pages_private(response: Response) -> Response:
    """after_request hook: no shared cache may keep a page rendered for a logged-in author."""
    if g.get("user") is not None:
        _make_private(response)
    return response


class PrivateWhenSettingCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, which also keep any response that sets a cookie private.

    The session cookie is written after every after_request hook has run, so this is the one
    place that sees it. A request without a session cookie costs no signing work at all.
    """

    def open_session(self, app, request):
        """The session from the request's cookie; an empty one, cheaply, when there is none."""
        if "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        """Write the cookie as Flask does; mark the response private if it now sets a cookie."""
        if not session and not session.modified:
            # Flask would set no cookie either, only "Vary: Cookie" if the session was looked at
            # (public pages have it already); skip working out the cookie settings.
            if session.accessed and response.headers.get("Vary") != "Cookie":
                response.vary.add("Cookie")
            if "Set-Cookie" in response.headers:
                _make_private(response)
            return
        super().save_session(app, session, response)
        if "Set-Cookie" in response.headers:
            _make_private(response)


def _make_private(response: Response) -> None:
    response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
    response.headers.pop("ETag", None)
