"""Post slugs: readable, unique, never empty, never shadowing one of the blog's own routes, and
never taking an address that redirects to another post, nor a page's address, now or earlier
(posts and the site's pages share the one space of /<slug> addresses)."""

from __future__ import annotations

from collections.abc import Container

from flask import current_app
from slugify import slugify
from werkzeug.routing import BaseConverter

from blog.extensions import db
from blog.models import Post
from blog.models import PostRedirect
from blog.mounts import RESERVED_MOUNTS
from blog.pages.model import Page
from blog.pages.model import PageRedirect

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
    """A slug for a new post that no post, page, earlier address of either nor route uses yet:
    base, base-2, ..."""
    base = base_slug(title)
    return next_free_slug(base, taken_like(base) | reserved_slugs())


# Every column holding an address of the /<slug> space, or one that redirects from it.
ADDRESS_COLUMNS = (Post.slug, PostRedirect.slug, Page.slug, PageRedirect.slug)


def taken_like(base: str) -> set[str]:
    """The addresses (of posts, pages and their earlier ones) that are base or base-<anything>:
    one statement."""
    pattern = f"{_escape_like(base)}-%"
    selects = [db.select(column.label("slug"))
               .where((column == base) | column.like(pattern, escape="\\"))
               for column in ADDRESS_COLUMNS]
    return set(db.session.execute(db.union_all(*selects)).scalars())


class SlugRefused(ValueError):
    """An address an author asked for that a post cannot have; the message says why."""


def chosen_slug(wanted: str, post_id: int | None) -> str:
    """The slug an author typed, normalised like generated ones, if the post (None: a new one)
    may have it; otherwise SlugRefused with the reason.

    Taken means: another post's address now, or an earlier address of another post (those
    redirect forever), or a page's address, now or earlier. A post may take back one of its own
    earlier addresses.
    """
    slug = slugify(wanted or "", max_length=SLUG_MAX_LENGTH, word_boundary=True)
    if not slug:
        raise SlugRefused("Use letters or digits in the address.")
    if slug in reserved_slugs():
        raise SlugRefused(f"“{slug}” is one of the blog’s own addresses; choose another.")
    owner = db.session.execute(db.select(Post.id).filter_by(slug=slug)).scalar_one_or_none()
    if owner is None:
        owner = db.session.execute(
            db.select(PostRedirect.post_id).filter_by(slug=slug)).scalar_one_or_none()
    if owner is not None and owner != post_id:
        raise SlugRefused(f"Another post has the address “{slug}”; choose another.")
    if page_has_address(slug):
        raise SlugRefused(f"A page of the site has the address “{slug}”; choose another.")
    return slug


def page_has_address(slug: str) -> bool:
    """Whether a page is at slug, or was (its earlier addresses redirect to it): one statement."""
    current = db.select(Page.id).where(Page.slug == slug)
    earlier = db.select(PageRedirect.page_id).where(PageRedirect.slug == slug)
    return db.session.execute(db.union_all(current, earlier).limit(1)).first() is not None


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
