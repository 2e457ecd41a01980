"""Reading posts for the pages: each function is one SQL statement, whatever the blog's size."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask import g
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import load_only

from blog.extensions import db
from blog.models import Author
from blog.models import Post


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
            joinedload(Post.author).load_only(Author.name))


def index_page(number: int, per_page: int) -> Page:
    """Posts newest first, page `number` (from 1); 404 for a page past the end."""
    if number < 1:
        abort(404)
    rows = db.session.execute(
        db.select(Post).options(*_listing_columns())
        .order_by(Post.created_at.desc(), Post.id.desc())
        .offset((number - 1) * per_page).limit(per_page + 1)
    ).scalars().all()
    if not rows and number > 1:
        abort(404)
    return Page(posts=rows[:per_page], number=number, has_previous=number > 1,
                has_next=len(rows) > per_page)


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


def posts_of(author: Author) -> list[Post]:
    """All of one author's posts, newest first, for the dashboard."""
    return list(db.session.execute(
        db.select(Post).options(load_only(Post.slug, Post.title, Post.created_at,
                                          Post.updated_at))
        .filter_by(author_id=author.id)
        .order_by(Post.created_at.desc(), Post.id.desc())
    ).scalars())
