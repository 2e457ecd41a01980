"""CORS for the API: any origin may read it (it is public and takes no credentials), and a
preflight is answered without touching the views."""

from __future__ import annotations

from flask import current_app
from flask import request

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# What a script may send: conditional requests, so that it can revalidate with ETags.
ALLOWED_HEADERS = "If-None-Match, If-Modified-Since, Accept"
PREFLIGHT_MAX_AGE = "86400"
# On every answer under /api/, errors and 304s included (blog/api/boundary.py adds them).
CORS_HEADERS = (("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", "ETag, Link"))


def preflight():
    """before_request hook of the API's blueprint: answer OPTIONS with a 204 saying what
    cross-origin requests may do (Flask would answer 200 with Allow only)."""
    if request.method != "OPTIONS":
        return None
    return bodiless(204, **{"Allow": ALLOWED_METHODS,
                            "Access-Control-Allow-Methods": ALLOWED_METHODS,
                            "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                            "Access-Control-Max-Age": PREFLIGHT_MAX_AGE})


def bodiless(status: int, **headers: str):
    """An answer with these headers and no body (so no Content-Type: Flask's default would
    say text/html)."""
    response = current_app.response_class(status=status, headers=headers)
    del response.headers["Content-Type"]
    return response
