"""Checking where the blog may send a browser after login: same-site relative paths only."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Return target if it is a same-site relative path, else default.

    Refused: absolute URLs, scheme-relative ("//evil.example"), backslash tricks ("/\\evil.example"),
    control characters, and anything not starting with a single "/".
    """
    if not target or not isinstance(target, str):
        return default
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target) or "\\" in target:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
