"""Serving image files: public ones straight from the database in front of Flask (no session,
no hooks, one statement), and the headers every image response carries.

An image response costs what a static file does plus one primary-key lookup: the variants were
made at upload, never per request, and their URLs are cached for a year by browsers and CDNs.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from blog.extensions import db
from blog.media.addresses import MEDIA_PREFIX
from blog.media.addresses import parsed_name
from blog.media.storage import public_variant
from blog.security import HSTS
from blog.static_files import HASHED_CACHE_CONTROL

# Nothing an image could carry may run if the file is opened on its own.
IMAGE_CSP = "default-src 'none'; sandbox"
PRIVATE_CACHE_CONTROL = "private, no-store"


def image_headers(content_type: str, length: int, public: bool) -> list[tuple[str, str]]:
    """The headers of an image response: its type, never sniffed; cached for a year by anybody
    when public, by nobody when only its author may see it."""
    return [("Content-Type", content_type), ("Content-Length", str(length)),
            ("Cache-Control", HASHED_CACHE_CONTROL if public else PRIVATE_CACHE_CONTROL),
            ("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", IMAGE_CSP)]


class PublicImages:
    """WSGI middleware: answers GET and HEAD of /media/<name> for images readers may fetch.

    Anything else, an image not public among it, goes on to Flask, where an image's author
    gets their own (blog/media/views.py) and everybody else a 404.
    """

    def __init__(self, app: Flask, wsgi_app: Callable):
        self.wsgi_app = wsgi_app
        with app.app_context():
            self.engine = db.engine

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD")
        if not path.startswith(MEDIA_PREFIX) or method not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        wanted = parsed_name(path.removeprefix(MEDIA_PREFIX))
        if wanted is None:
            return self.wsgi_app(environ, start_response)
        try:
            with self.engine.connect() as connection:
                found = public_variant(connection, wanted.key, wanted.width, wanted.extension)
        except SQLAlchemyError:
            # Flask fails the same way, but answers with the blog's 503 page and logs it.
            return self.wsgi_app(environ, start_response)
        if found is None:
            return self.wsgi_app(environ, start_response)
        data, content_type = found
        headers = image_headers(content_type, len(data), public=True)
        if environ.get("wsgi.url_scheme") == "https":
            headers.append(("Strict-Transport-Security", HSTS))
        start_response("200 OK", headers)
        return [] if method == "HEAD" else [data]


def register_public_images(app: Flask) -> None:
    """Put PublicImages in front of the app (inside the static files and trusted proxies)."""
    app.wsgi_app = PublicImages(app, app.wsgi_app)
