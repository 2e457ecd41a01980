"""The post form: title and body, validated and CSRF-protected by Flask-WTF."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError

from blog.content.markup_budget import MarkupTooComplex
from blog.content.markup_budget import check_markup_budget
from blog.content.sanitize import CONTROL_CHARACTERS
from blog.content.sanitize import is_blank
from blog.content.sanitize import sanitize_body

TITLE_MAX_LENGTH = 200
# The stored body may grow past what was typed ("<" becomes "&lt;", bare URLs become links), but
# never past this many times the body limit: it is stored, and rendered on every page view.
STORED_BODY_FACTOR = 2


def _without_control_characters(value):
    # Invisible characters pasted from other programs; NUL is refused by PostgreSQL. Removing
    # them loses nothing an author can see, where refusing would leave them hunting for it.
    return value.translate(CONTROL_CHARACTERS) if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _body_within_limit(form, field) -> None:
    limit = current_app.config["BODY_MAX_BYTES"]
    size = len((field.data or "").encode("utf-8"))
    if size > limit:
        # StopValidation: the later checks would sanitize a body already refused.
        raise StopValidation(
            f"The body is {size / 1024:.0f} KB; posts may be at most {limit / 1024:.0f} KB."
        )


def _body_publishable(form, field) -> None:
    """Bounded markup, something left to show once sanitized, and a stored size within bounds."""
    try:
        check_markup_budget(field.data)
    except MarkupTooComplex as refusal:
        raise ValidationError(str(refusal)) from None
    clean = sanitize_body(field.data)
    if is_blank(clean):
        raise ValidationError(
            "Nothing in the body would show on the page (scripts, frames, comments and empty "
            "tags are removed). Write some text or add an image."
        )
    stored_limit = current_app.config["BODY_MAX_BYTES"] * STORED_BODY_FACTOR
    if len(clean.encode("utf-8")) > stored_limit:
        raise ValidationError(
            f"Once made safe (links added, \"<\" written as \"&lt;\") the body would be "
            f"{len(clean.encode('utf-8')) / 1024:.0f} KB; it may be at most "
            f"{stored_limit / 1024:.0f} KB. Shorten it."
        )


class PostForm(FlaskForm):
    """Title (plain text) and body (HTML, sanitized when saved)."""

    title = StringField(
        "Title",
        validators=[DataRequired("Give the post a title."), Length(max=TITLE_MAX_LENGTH)],
        filters=[_without_control_characters, _strip],
    )
    body = TextAreaField(
        "Body",
        validators=[DataRequired("Write something in the body."), _body_within_limit,
                    _body_publishable],
        filters=[_without_control_characters],
        description="HTML is welcome: paragraphs, headings, lists, links, images, code, tables. "
                    "Inside <pre> and <code>, < > and & show as typed; &lt; and the like stay "
                    "character references.",
    )


class ConfirmForm(FlaskForm):
    """An empty form that carries only the CSRF token (delete, logout)."""
