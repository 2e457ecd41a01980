"""Reading the author and tag listings: an author's or a tag's public posts, the tags in use,
the newest public posts for feeds. Public posts only (blog.models.public_posts).

Each page is one statement (with its count when this process has not counted the listing at
this public version yet: blog/posts/counts.py), besides finding the author or tag itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from blog.models import public_post_tags
from blog.models import public_posts
from blog.posts.queries import NEWEST_FIRST
from blog.posts.queries import Page
from blog.posts.queries import listing_columns
from blog.posts.queries import page_of
from blog.posts.queries import skipped_before

# A slug longer than any stored one names nothing: answered without a query.
SLUG_LOOKUP_MAX_LENGTH = 100
TAG_NEWEST_FIRST = (post_tags.c.published_at.desc(), post_tags.c.post_id.desc())


@dataclass(frozen=True)
class TagCount:
    """A tag in use, and how many public posts have it."""

    slug: str
    name: str
    count: int


def author_by_slug(slug: str) -> Author | None:
    """The author whose page is at this slug, or None (whether or not they published)."""
    if len(slug) > SLUG_LOOKUP_MAX_LENGTH:
        return None
    return db.session.execute(db.select(Author).filter_by(slug=slug)).scalar_one_or_none()


def tag_by_slug(slug: str) -> Tag | None:
    """The tag at this slug, or None (whether or not a public post has it)."""
    if len(slug) > SLUG_LOOKUP_MAX_LENGTH:
        return None
    return db.session.execute(db.select(Tag).filter_by(slug=slug)).scalar_one_or_none()


def author_posts_page(author: Author, number: int, per_page: int,
                      version: str | None = None) -> Page:
    """The author's public posts newest first, page `number` (from 1), with its last page.

    404 past the end, and for an author with no public post at all: the blog does not reveal
    who has an account. `version` (the public version the request read) lets the count be kept.
    """
    where = (Post.author_id == author.id, public_posts())
    # Ids and count from the index (author_id, status, published_at, id) alone.
    page = page_of(db.select(Post.id).where(*where), number, skipped_before(number, per_page),
                 per_page, *listing_columns(),
                 count=db.select(func.count()).select_from(Post).where(*where),
                 counted=(version, ("author", author.id)) if version is not None else None)
    if not page.posts:
        abort(404)
    return page


def tag_posts_page(tag: Tag, number: int, per_page: int, version: str | None = None) -> Page:
    """The tag's public posts newest first, page `number` (from 1), with its last page; 404
    past the end and for a tag no public post has (a draft's tags are not revealed)."""
    where = (post_tags.c.tag_id == tag.id, public_post_tags())
    # Ids and count from the index (tag_id, status, published_at, post_id) alone; the posts
    # shown are checked against public_posts() themselves too.
    ids = db.select(post_tags.c.post_id.label("id")).where(*where)
    page = page_of(ids, number, skipped_before(number, per_page), per_page, *listing_columns(),
                 order=TAG_NEWEST_FIRST,
                 count=db.select(func.count()).select_from(post_tags).where(*where),
                 counted=(version, ("tag", tag.id)) if version is not None else None,
                 recheck=True)
    if not page.posts:
        abort(404)
    return page


def tags_with_counts() -> list[TagCount]:
    """Every tag at least one public post has, with the number of them, by slug (one
    statement; drafts, posts in review and scheduled posts are never counted)."""
    # Counted on the index (tag_id, status, published_at, post_id) alone, then joined to the
    # few tags: joining every row to its tag first would cost several times more.
    counts = (db.select(post_tags.c.tag_id, func.count().label("count"))
              .where(public_post_tags()).group_by(post_tags.c.tag_id).subquery("tag_counts"))
    rows = db.session.execute(
        db.select(Tag.slug, Tag.name, counts.c.count)
        .join(counts, counts.c.tag_id == Tag.id).order_by(Tag.slug)
    ).all()
    return [TagCount(slug=slug, name=name, count=count) for slug, name, count in rows]


def newest_public_posts(limit: int, author: Author | None = None,
                        tag: Tag | None = None) -> list[Post]:
    """The `limit` newest public posts (of the author, with the tag, when given), whole (bodies
    included), with their authors and tags: two statements (the posts, then their tags)."""
    query = db.select(Post).where(public_posts())
    if author is not None:
        query = query.where(Post.author_id == author.id)
    if tag is not None:
        tagged = (db.select(post_tags.c.post_id).where(post_tags.c.tag_id == tag.id,
                                                       public_post_tags())
                  .order_by(*TAG_NEWEST_FIRST).limit(limit).subquery())
        query = query.join(tagged, tagged.c.post_id == Post.id)
    return list(db.session.execute(
        query.options(joinedload(Post.author, innerjoin=True), selectinload(Post.tags))
        .order_by(*NEWEST_FIRST).limit(limit)
    ).scalars())
