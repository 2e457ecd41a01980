"""Reading posts for the pages: one SQL statement each, whatever the blog's size or the page.

Public pages show published posts only (blog.models.public_posts); a draft is seen by its author
alone. (A deep index page may first read the anchors of a new content version:
blog/posts/anchors.py.)
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask import current_app
from flask import g
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import or_
from sqlalchemy import tuple_
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import load_only

from blog import clock
from blog.extensions import db
from blog.models import DRAFT
from blog.models import PUBLISHED
from blog.models import REVIEW
from blog.models import Author
from blog.models import Image
from blog.models import Post
from blog.models import PostRedirect
from blog.models import public_posts
from blog.posts.anchors import anchors_of
from blog.posts.permissions import EDIT
from blog.posts.permissions import may
from blog.posts.permissions import may_see

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




# What pages need of a feature image, read in the post's own query (a LEFT JOIN).
FEATURE_IMAGE_COLUMNS = (Image.key, Image.format, Image.width, Image.height, Image.widths,
                         Image.alt)


def _with_feature_image():
    return joinedload(Post.feature_image).load_only(*FEATURE_IMAGE_COLUMNS)


def _listing_columns():
    # The index never needs the bodies: leave them in the database.
    return (load_only(Post.slug, Post.title, Post.excerpt, Post.published_at, Post.author_id,
                      Post.feature_image_id),
            joinedload(Post.author, innerjoin=True).load_only(Author.name),
            _with_feature_image())


NEWEST_FIRST = (Post.published_at.desc(), Post.id.desc())


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


def index_page(number: int, per_page: int, version: str | None = None) -> Page:
    """Posts newest first, page `number` (from 1); 404 for a page past the end.

    Given the content version the request has read, a deep page starts from the nearest anchor
    (blog/posts/anchors.py) instead of skipping every post before it.
    """
    ids, skip = db.select(Post.id).where(public_posts()), skipped_before(number, per_page)
    if version is not None:
        anchor, skip = anchors_of(current_app).nearest(skip, version)
        if anchor is not None:
            ids = ids.where(tuple_(Post.published_at, Post.id) <= anchor)
    return _page(ids, number, skip, per_page, *_listing_columns())


def post_by_slug(slug: str) -> Post:
    """The post at this slug with its author, whatever its status, or 404."""
    post = db.session.execute(
        db.select(Post).options(joinedload(Post.author)).filter_by(slug=slug)
    ).scalar_one_or_none()
    if post is None:
        abort(404)
    return post


def visible_post(slug: str) -> Post | None:
    """The post at this slug if this reader may see it: published (its time has come), or, not
    yet public, to its writer and the editors."""
    query = db.select(Post).options(joinedload(Post.author), _with_feature_image()).filter_by(
        slug=slug)
    if g.get("user") is None:
        query = query.where(public_posts())
    post = db.session.execute(query).scalar_one_or_none()
    if post is not None and not may_see(g.get("user"), post):
        return None
    return post


def redirected_slug(slug: str) -> str | None:
    """The current slug of the post that was once at this one, if this reader may see it."""
    post = db.session.execute(
        db.select(Post).join(PostRedirect, PostRedirect.post_id == Post.id)
        .where(PostRedirect.slug == slug).options(load_only(Post.slug, Post.status,
                                                            Post.author_id))
    ).scalar_one_or_none()
    if post is None:
        return None
    if not may_see(g.get("user"), post):
        return None
    return post.slug


def allowed_post(slug: str, action: str) -> Post:
    """The post at this slug if the current user may do action to it (blog/posts/permissions.py):
    404 if missing or not theirs to see, 403 if they see it but may not do that."""
    post = post_by_slug(slug)
    if not may_see(g.user, post):
        # A draft they may not see does not exist for them (a 403 would say that it does).
        abort(404)
    if not may(g.user, action, post):
        abort(403)
    return post


def owned_post(slug: str) -> Post:
    """The post at this slug if the current user may edit it (its author, or an editor): 404 if
    missing or unseen, 403 if not theirs to change."""
    return allowed_post(slug, EDIT)


def published_posts_of(author: Author, number: int,
                       per_page: int = DASHBOARD_PAGE_SIZE) -> Page:
    """One author's published posts, newest first, page `number` (from 1), for the dashboard."""
    return _page(db.select(Post.id).where(Post.author_id == author.id, public_posts()), number,
                 skipped_before(number, per_page), per_page,
                 load_only(Post.slug, Post.title, Post.published_at, Post.updated_at,
                           Post.status, Post.author_id))


def drafts_of(author: Author, limit: int = DASHBOARD_PAGE_SIZE) -> list[Post]:
    """One author's posts not public yet (drafts, in review, scheduled), the most recently
    changed first (at most `limit`)."""
    not_yet_public = or_(Post.status.in_((DRAFT, REVIEW)),
                         and_(Post.status == PUBLISHED, Post.published_at > clock.now()))
    return list(db.session.execute(
        db.select(Post).where(Post.author_id == author.id, not_yet_public)
        .options(load_only(Post.slug, Post.title, Post.updated_at, Post.status,
                           Post.published_at, Post.return_note, Post.author_id))
        .order_by(Post.updated_at.desc(), Post.id.desc()).limit(limit)
    ).scalars())


def review_queue(limit: int = DASHBOARD_PAGE_SIZE) -> list[Post]:
    """Posts waiting for review, the longest waiting first (at most `limit`), with their
    writers' names: one statement on the index (status, updated_at, id)."""
    return list(db.session.execute(
        db.select(Post).where(Post.status == REVIEW)
        .options(load_only(Post.slug, Post.title, Post.updated_at, Post.status,
                           Post.review_note, Post.author_id, Post.published_at),
                 joinedload(Post.author, innerjoin=True).load_only(Author.name))
        .order_by(Post.updated_at, Post.id).limit(limit)
    ).scalars())
