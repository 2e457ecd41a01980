"""Checking where the blog may send a browser after login: same-site relative paths only."""

from __future__ import annotations

from urllib.parse import unquote
from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Return target if it is a same-site relative path, else default.

    Refused: absolute URLs, scheme-relative ("//evil.example"), backslash tricks
    ("/\\evil.example"), control characters, and anything not starting with a single "/" - also
    when percent-encoded ("/%0d%0a...", "/%2F%2Fevil.example"), since a proxy or browser may decode
    the path once.
    """
    if not target or not isinstance(target, str):
        return default
    for form in (target, unquote(target)):
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in form) or "\\" in form:
            return default
        if not form.startswith("/") or form.startswith("//"):
            return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
