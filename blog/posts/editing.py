"""Creating, changing and deleting posts; each function is one committed transaction."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.posts.excerpts import plain_excerpt
from blog.posts.sanitize import sanitize_body
from blog.posts.slugs import unique_slug

# Concurrent creates of equal titles may pick the same slug; the unique constraint decides.
SLUG_ATTEMPTS = 8


def create_post(author: Author, title: str, body: str) -> Post:
    """Save a new post with a sanitized body and a unique slug; retry on a slug race."""
    title = title.strip()
    clean_body = sanitize_body(body)
    for attempt in range(SLUG_ATTEMPTS):
        post = Post(slug=unique_slug(title), title=title, body=clean_body,
                    excerpt=plain_excerpt(clean_body), author_id=author.id)
        db.session.add(post)
        try:
            db.session.commit()
            return post
        except IntegrityError:
            db.session.rollback()
            if attempt == SLUG_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def update_post(post: Post, title: str, body: str) -> Post:
    """Change title and body; the slug stays, so links to the post keep working."""
    post.title = title.strip()
    post.body = sanitize_body(body)
    post.excerpt = plain_excerpt(post.body)
    db.session.commit()
    return post


def delete_post(post: Post) -> None:
    """Delete the post for good."""
    db.session.delete(post)
    db.session.commit()
