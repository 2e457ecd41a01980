"""The post form: title and body, validated and CSRF-protected by Flask-WTF."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

TITLE_MAX_LENGTH = 200


def _body_within_limit(form, field) -> None:
    limit = current_app.config["BODY_MAX_BYTES"]
    size = len((field.data or "").encode("utf-8"))
    if size > limit:
        raise ValidationError(
            f"The body is {size / 1024:.0f} KB; posts may be at most {limit / 1024:.0f} KB."
        )


class PostForm(FlaskForm):
    """Title (plain text) and body (HTML, sanitized when saved)."""

    title = StringField(
        "Title",
        validators=[DataRequired("Give the post a title."), Length(max=TITLE_MAX_LENGTH)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    body = TextAreaField(
        "Body",
        validators=[DataRequired("Write something in the body."), _body_within_limit],
        description="HTML is welcome: paragraphs, headings, lists, links, images, code, tables.",
    )


class ConfirmForm(FlaskForm):
    """An empty form that carries only the CSRF token (delete, logout)."""
