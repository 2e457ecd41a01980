"""The API's reads of what posts are filed under and who wrote them, and of the site's pages:
the tags and authors with public posts (and how many), the published pages. One statement each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from blog.models import public_post_tags
from blog.models import public_posts
from blog.pages.model import Page
from blog.pages.model import public_pages
from blog.posts.listings import TagCount
from blog.posts.listings import tags_with_counts

__all__ = ["AuthorCount", "TagCount", "author_with_count", "authors_with_counts",
           "page_by_slug", "published_pages", "tag_with_count", "tags_with_counts"]


@dataclass(frozen=True)
class AuthorCount:
    """An author with public posts, and how many."""

    slug: str
    name: str
    bio: str
    picture_url: str | None
    count: int


@dataclass(frozen=True)
class PageSummary:
    """A published page as lists show it."""

    slug: str
    title: str
    published_at: datetime | None
    updated_at: datetime


def tag_with_count(slug: str) -> TagCount | None:
    """The tag at this slug and its number of public posts; None when no public post has it."""
    row = db.session.execute(
        select(Tag.slug, Tag.name, func.count().label("count"))
        .join(post_tags, post_tags.c.tag_id == Tag.id)
        .where(Tag.slug == slug, public_post_tags()).group_by(Tag.id, Tag.slug, Tag.name)
    ).first()
    return TagCount(*row) if row is not None else None


def _author_counts():
    # Counted on the index (author_id, status, published_at, id), then joined to the authors.
    counts = (select(Post.author_id, func.count().label("count")).where(public_posts())
              .group_by(Post.author_id).subquery("author_counts"))
    return (select(Author.slug, Author.name, Author.bio, Author.picture_url, counts.c.count)
            .join(counts, counts.c.author_id == Author.id))


def authors_with_counts() -> list[AuthorCount]:
    """Every author with at least one public post, with the number of them, by slug."""
    rows = db.session.execute(_author_counts().order_by(Author.slug)).all()
    return [AuthorCount(*row) for row in rows]


def author_with_count(slug: str) -> AuthorCount | None:
    """The author at this slug with their number of public posts; None without any."""
    # One author's range of the index only, not every author's counts.
    row = db.session.execute(
        select(Author.slug, Author.name, Author.bio, Author.picture_url, func.count())
        .join(Post, Post.author_id == Author.id).where(Author.slug == slug, public_posts())
        .group_by(Author.id, Author.slug, Author.name, Author.bio, Author.picture_url)
    ).first()
    return AuthorCount(*row) if row is not None else None


def published_pages() -> list[PageSummary]:
    """Every published page, by slug (no bodies)."""
    rows = db.session.execute(
        select(Page.slug, Page.title, Page.published_at, Page.updated_at)
        .where(public_pages()).order_by(Page.slug)).all()
    return [PageSummary(*row) for row in rows]


def page_by_slug(slug: str) -> Page | None:
    """The published page at this slug, with its body; None for a draft or no page."""
    return db.session.execute(
        select(Page).where(Page.slug == slug, public_pages())).scalar_one_or_none()
