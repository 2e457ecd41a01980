"""Post slugs: readable, unique, never empty, and never shadowing one of the blog's own routes."""

from __future__ import annotations

from collections.abc import Container

from flask import current_app
from slugify import slugify
from werkzeug.routing import BaseConverter

from blog.extensions import db
from blog.models import Post
from blog.mounts import RESERVED_MOUNTS

SLUG_MAX_LENGTH = 80
FALLBACK_SLUG = "post"


class SlugConverter(BaseConverter):
    """The `<slug:...>` URL part: one path segment that could be a stored slug.

    A NUL never is one (PostgreSQL text cannot hold it, and refuses a query that compares with
    it), so a path with one matches no route and is a 404 before any query runs.
    """

    regex = r"[^/\x00]+"


def base_slug(title: str) -> str:
    """The slug a title would get before collisions: transliterated, lower-case, hyphenated."""
    return slugify(title or "", max_length=SLUG_MAX_LENGTH, word_boundary=True) or FALLBACK_SLUG


def reserved_slugs() -> frozenset[str]:
    """First path segments used by the app's own routes (from the URL map, so new routes count)."""
    reserved = set(RESERVED_MOUNTS)
    for rule in current_app.url_map.iter_rules():
        first = rule.rule.lstrip("/").split("/", 1)[0]
        if first and "<" not in first:
            reserved.add(first)
    return frozenset(reserved)


def unique_slug(title: str) -> str:
    """A slug for a new post that no post nor route uses yet: base, base-2, base-3, ..."""
    base = base_slug(title)
    taken = set(db.session.execute(
        db.select(Post.slug).where((Post.slug == base) | Post.slug.like(f"{_escape_like(base)}-%",
                                                                         escape="\\"))
    ).scalars())
    return next_free_slug(base, taken | reserved_slugs())


def next_free_slug(base: str, taken: Container[str], first_number: int = 2) -> str:
    """base if it is free, else the first free base-N counting from first_number (pure)."""
    if base not in taken:
        return base
    number = first_number
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
