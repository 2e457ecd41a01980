"""Absolute URLs of the blog as readers reach it: PUBLIC_URL and the path url_for builds."""

from __future__ import annotations

from flask import current_app
from flask import has_request_context
from flask import request
from flask import url_for

from blog.auth.dev_provider import server_origin

# Outside a request in debug mode (a command, say): where `flask run` listens by default.
DEVELOPMENT_ORIGIN = "http://127.0.0.1:5000"
# Flask's test client sends its requests to this host.
TESTING_ORIGIN = "http://localhost"


def public_origin() -> str:
    """scheme://host[:port] of the blog: PUBLIC_URL, or in debug and testing modes without it,
    the development server's own address (never the Host header a client sent)."""
    configured = current_app.config["PUBLIC_URL"]
    if configured:
        return configured
    if current_app.testing:
        return TESTING_ORIGIN
    if has_request_context():
        return server_origin(request.environ)
    return DEVELOPMENT_ORIGIN


def public_url_for(endpoint: str, **values) -> str:
    """url_for(endpoint, **values) as an absolute URL on PUBLIC_URL."""
    return absolute(url_for(endpoint, **values))


def absolute(path: str) -> str:
    """A root-relative path of the blog ("/media/...", "/a-post") as an absolute URL."""
    return public_origin() + path
