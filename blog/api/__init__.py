"""The public, read-only JSON content API under /api/v1, and its OpenAPI 3.1 document."""

from __future__ import annotations

from flask import Flask

from blog.api.boundary import ApiBoundary
from blog.api.views import bp


def init_app(app: Flask) -> None:
    """Register the API's blueprint (after the posts blueprint: its routes use `slug`)."""
    app.register_blueprint(bp)


def register_api_boundary(app: Flask) -> None:
    """Put the cookie-free, CORS-adding layer (blog/api/boundary.py) around the app so far:
    outside the page cache, so that logged-in authors' API requests are served from it too."""
    app.wsgi_app = ApiBoundary(app.wsgi_app)
