"""The author's bio: plain text they write on the dashboard, shown escaped on their page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from blog.content.sanitize import CONTROL_CHARACTERS
from blog.extensions import db
from blog.models import AUTHOR_BIO_MAX_LENGTH
from blog.models import Author


def _clean(value):
    # Invisible pasted characters go (NUL is refused by PostgreSQL); the rest is kept as typed.
    return value.translate(CONTROL_CHARACTERS).strip() if isinstance(value, str) else value


class BioForm(FlaskForm):
    """A few sentences about the author (plain text; CSRF-protected by Flask-WTF)."""

    bio = TextAreaField(
        "About you",
        validators=[Length(max=AUTHOR_BIO_MAX_LENGTH,
                           message=f"At most {AUTHOR_BIO_MAX_LENGTH} characters.")],
        filters=[_clean],
        description="Plain text, shown on your author page under your name.",
    )


def save_bio(author: Author, bio: str) -> None:
    """Store the author's bio, one committed transaction.

    The author page shows it, so the content version changes with it (blog/caching/version.py
    counts a changed bio as a public change, in the same flush).
    """
    author.bio = bio
    db.session.commit()
