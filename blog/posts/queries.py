"""Reading posts for the pages: one SQL statement each, whatever the blog's size or the page.

(A deep index page may first read the anchors of a new content version: blog/posts/anchors.py.)
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask import current_app
from flask import g
from sqlalchemy import Select
from sqlalchemy import tuple_
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import load_only

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.posts.anchors import anchors_of

# The dashboard lists titles only, so it shows more of them than the index.
DASHBOARD_PAGE_SIZE = 50
# OFFSET and LIMIT are 64-bit signed integers in SQLite and PostgreSQL: a larger one is an error
# there, not an empty page. No table holds that many rows, so such a page is past the end.
MAX_ROWS = 2**63 - 1


@dataclass(frozen=True)
class Page:
    """One page of posts, and whether pages before or after it exist."""

    posts: list[Post]
    number: int
    has_previous: bool
    has_next: bool


def _listing_columns():
    # The index never needs the bodies: leave them in the database.
    return (load_only(Post.slug, Post.title, Post.excerpt, Post.created_at, Post.author_id),
            joinedload(Post.author, innerjoin=True).load_only(Author.name))


NEWEST_FIRST = (Post.created_at.desc(), Post.id.desc())


def _page(ids: Select, number: int, skip: int, per_page: int, *options) -> Page:
    """Page `number` of the posts whose ids `ids` selects, skipping `skip` of them; 404 past
    the end.

    A deferred join: OFFSET skips index entries only (the ids come from an index that holds the
    ordering columns and id), and just the page's rows are read from the table. A plain OFFSET
    would read and discard every skipped row: 60 ms instead of 1 ms at page 5,000 of 100,000
    (docs/performance.md).
    """
    page_ids = ids.order_by(*NEWEST_FIRST).offset(skip).limit(per_page + 1).subquery("page_ids")
    rows = db.session.execute(
        db.select(Post).join(page_ids, Post.id == page_ids.c.id).options(*options)
        .order_by(*NEWEST_FIRST)
    ).scalars().all()
    if not rows and number > 1:
        abort(404)
    return Page(posts=rows[:per_page], number=number, has_previous=number > 1,
                has_next=len(rows) > per_page)


def skipped_before(number: int, per_page: int) -> int:
    """How many posts come before page `number` (from 1); 404 for a page that cannot exist."""
    if number < 1 or number * per_page + 1 > MAX_ROWS:
        abort(404)
    return (number - 1) * per_page


def index_page(number: int, per_page: int, version: int | None = None) -> Page:
    """Posts newest first, page `number` (from 1); 404 for a page past the end.

    Given the content version the request has read, a deep page starts from the nearest anchor
    (blog/posts/anchors.py) instead of skipping every post before it.
    """
    ids, skip = db.select(Post.id), skipped_before(number, per_page)
    if version is not None:
        anchor, skip = anchors_of(current_app).nearest(skip, version)
        if anchor is not None:
            ids = ids.where(tuple_(Post.created_at, Post.id) <= anchor)
    return _page(ids, number, skip, per_page, *_listing_columns())


def post_by_slug(slug: str) -> Post:
    """The post at this slug with its author, or 404."""
    post = db.session.execute(
        db.select(Post).options(joinedload(Post.author)).filter_by(slug=slug)
    ).scalar_one_or_none()
    if post is None:
        abort(404)
    return post


def owned_post(slug: str) -> Post:
    """The post at this slug if the current author wrote it: 404 if missing, 403 if not theirs."""
    post = post_by_slug(slug)
    if post.author_id != g.user.id:
        abort(403)
    return post


def posts_of(author: Author, number: int, per_page: int = DASHBOARD_PAGE_SIZE) -> Page:
    """One author's posts, newest first, page `number` (from 1), for the dashboard."""
    return _page(db.select(Post.id).where(Post.author_id == author.id), number,
                 skipped_before(number, per_page), per_page,
                 load_only(Post.slug, Post.title, Post.created_at, Post.updated_at))
