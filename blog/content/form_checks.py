"""The filters and the size check that every form of an author's text shares (posts, pages)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from wtforms.validators import StopValidation

from blog.content.sanitize import CONTROL_CHARACTERS


def without_control_characters(value):
    """A WTForms filter: value without invisible control characters (and NUL, which PostgreSQL
    refuses). Removing them loses nothing a writer can see, where refusing would leave them
    hunting for it."""
    return value.translate(CONTROL_CHARACTERS) if isinstance(value, str) else value


def stripped(value):
    """A WTForms filter: value without surrounding whitespace."""
    return value.strip() if isinstance(value, str) else value


def body_within_limit(kind: str) -> Callable:
    """A WTForms validator refusing a body over BODY_MAX_BYTES; kind ("posts", "pages") names
    what is limited in the message.

    StopValidation: the later checks would render a body already refused.
    """

    def check(form, field) -> None:
        limit = current_app.config["BODY_MAX_BYTES"]
        size = len((field.data or "").encode("utf-8"))
        if size > limit:
            raise StopValidation(f"The body is {size / 1024:.0f} KB; {kind} may be at most "
                                 f"{limit / 1024:.0f} KB.")

    return check
