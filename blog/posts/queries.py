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
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import tuple_
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value

from blog import clock
from blog.extensions import db
from blog.models import DRAFT
from blog.models import PUBLISHED
from blog.models import REVIEW
from blog.models import Author
from blog.models import Image
from blog.models import Post
from blog.models import PostRedirect
from blog.models import PostTag
from blog.models import public_posts
from blog.posts.anchors import anchors_of
from blog.posts.counts import listing_counts
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
    """One page of posts, and whether pages before or after it exist.

    total and last (the number of the last page) are known on the public listings, which count
    their posts (blog/posts/counts.py); None elsewhere (the dashboard), whose pager then shows
    only its neighbours.
    """

    posts: list[Post]
    number: int
    has_previous: bool
    has_next: bool
    total: int | None = None
    last: int | None = None

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers a numbered pager shows: the first, the last, and `around` on each
        side of this one; None where numbers are left out (1 … 4 5 [6] 7 8 … 31)."""
        if self.last is None:
            return []
        shown = sorted({1, self.last, *range(max(1, self.number - around),
                                             min(self.last, self.number + around) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] == 2:
                numbers.append(number - 1)  # one number left out: show it rather than "…"
            elif numbers and number - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(number)
        return numbers


# What pages need of a feature image, read in the post's own query (a LEFT JOIN).
FEATURE_IMAGE_COLUMNS = (Image.key, Image.format, Image.width, Image.height, Image.widths,
                         Image.alt)


def _with_feature_image():
    return joinedload(Post.feature_image).load_only(*FEATURE_IMAGE_COLUMNS)


def listing_columns():
    """The loader options of a listing's cards: no bodies (they stay in the database), the
    author's name and page address, the feature image."""
    return (load_only(Post.slug, Post.title, Post.excerpt, Post.published_at, Post.author_id,
                      Post.feature_image_id),
            joinedload(Post.author, innerjoin=True).load_only(Author.name, Author.slug),
            _with_feature_image())


NEWEST_FIRST = (Post.published_at.desc(), Post.id.desc())


def page_of(ids: Select, number: int, skip: int, per_page: int, *options,
          order=NEWEST_FIRST, count: Select | None = None, counted: tuple | None = None,
          recheck: bool = False) -> Page:
    """Page `number` of the posts whose ids `ids` selects (as a column named id, in `order`),
    skipping `skip` of them; 404 past the end.

    A deferred join: OFFSET skips index entries only (the ids come from an index that holds the
    ordering columns and id), and just the page's rows are read from the table. A plain OFFSET
    would read and discard every skipped row: 60 ms instead of 1 ms at page 5,000 of 100,000
    (docs/performance.md).

    With `count` (a SELECT of the number of posts listed), the page knows its last page: from
    the process's counts when `counted` ((version, key)) has been counted at this version,
    otherwise read in the same statement as the page. recheck: apply public_posts() to the
    page's posts as well (ids read from copies of the posts' state: tag pages).
    """
    page_ids = ids.order_by(*order).offset(skip).limit(per_page + 1).subquery("page_ids")
    statement = (db.select(Post).join(page_ids, Post.id == page_ids.c.id).options(*options)
                 .order_by(*NEWEST_FIRST))
    if recheck:
        statement = statement.where(public_posts())
    total = listing_counts(current_app).get(*counted) if counted is not None else None
    if count is not None and total is None:
        rows = db.session.execute(statement.add_columns(count.scalar_subquery())).all()
        # An empty first page has nothing before it: there is nothing to count. (An empty later
        # page is a 404 below, and says nothing about the count.)
        total = rows[0][1] if rows else (0 if number == 1 else None)
        if counted is not None and total is not None:
            listing_counts(current_app).put(*counted, total)
        rows = [row[0] for row in rows]
    else:
        rows = db.session.execute(statement).scalars().all()
    if not rows and number > 1:
        abort(404)
    last = max(1, -(-total // per_page)) if total is not None else None
    return Page(posts=rows[:per_page], number=number, has_previous=number > 1,
                has_next=len(rows) > per_page, total=total, last=last)


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
    count = db.select(func.count()).select_from(Post).where(public_posts())
    return page_of(ids, number, skip, per_page, *listing_columns(), count=count,
                 counted=(version, ("index",)) if version is not None else None)


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
    # Its tags in the same statement (LEFT JOINs of at most ten rows), then set as post.tags.
    query = db.select(Post).options(
        joinedload(Post.author), _with_feature_image(),
        joinedload(Post.tag_links).joinedload(PostTag.tag)).filter_by(slug=slug)
    if g.get("user") is None:
        query = query.where(public_posts())
    post = db.session.execute(query).unique().scalar_one_or_none()
    if post is not None:
        set_committed_value(post, "tags", [link.tag for link in post.tag_links])
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
    return page_of(db.select(Post.id).where(Post.author_id == author.id, public_posts()), number,
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
