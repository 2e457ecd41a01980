"""Opaque cursors for keyset pagination: a post's sort key (published_at, id), signed.

A cursor names the last post of a page; the next page is the posts strictly after it in the
order (published_at desc, id desc). Signing with SECRET_KEY makes a tampered or made-up cursor a
clear 400 rather than a query on values nobody checked; a cursor stays valid across new posts
(it is a position, not an offset) until the secret key changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from flask import current_app
from itsdangerous import BadData
from itsdangerous import URLSafeSerializer

SALT = "blog.api.cursor"
# Longer than any cursor this module makes (about 50 characters): not worth verifying.
MAX_LENGTH = 200
EPOCH = datetime(1970, 1, 1)
# Microseconds from the epoch to the last moment datetime can hold.
MAX_MICROSECONDS = (datetime.max - EPOCH) // timedelta(microseconds=1)
MAX_ID = 2**63 - 1
NOT_OURS = "'cursor' is not one this API gave out (or it was changed)."


class CursorRefused(ValueError):
    """A cursor this API did not give out (malformed, tampered with, or signed by another key)."""


@dataclass(frozen=True)
class Cursor:
    """A position in the newest-first order: just after the post with this sort key."""

    published_at: datetime
    post_id: int


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def encode_cursor(cursor: Cursor) -> str:
    """The opaque text of a cursor, for next_cursor and the Link header."""
    microseconds = (cursor.published_at - EPOCH) // timedelta(microseconds=1)
    return _serializer().dumps([microseconds, cursor.post_id])


def decode_cursor(text: str) -> Cursor:
    """The cursor that text names; CursorRefused unless this API made it with this key."""
    if not text or len(text) > MAX_LENGTH:
        raise CursorRefused("'cursor' is empty, or longer than any cursor this API gives.")
    try:
        value = _serializer().loads(text)
    except BadData:
        raise CursorRefused(NOT_OURS) from None
    # Signed by us, so well formed; checked all the same, since a cursor made by an older
    # version of this code would be signed too.
    if not (isinstance(value, list) and len(value) == 2
            and all(type(part) is int for part in value)):
        raise CursorRefused(NOT_OURS)
    microseconds, post_id = value
    if not (0 <= microseconds <= MAX_MICROSECONDS and 0 < post_id <= MAX_ID):
        raise CursorRefused(NOT_OURS)
    return Cursor(EPOCH + timedelta(microseconds=microseconds), post_id)
