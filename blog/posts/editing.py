"""Creating, changing and deleting posts; each function is one committed transaction."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from blog.caching.version import bump_content_version
from blog.content.excerpts import plain_excerpt
from blog.content.sanitize import sanitize_body
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.posts.slugs import unique_slug

# With creates serialized (below) a slug is taken only by a writer that skips the content version
# (a bulk import, say); the unique constraint decides, and the loser chooses again.
SLUG_ATTEMPTS = 8


def create_post(author: Author, title: str, body: str) -> Post:
    """Save a new post with a sanitized body and a unique slug; retry on a slug race."""
    title = title.strip()
    clean_body = sanitize_body(body)
    for attempt in range(SLUG_ATTEMPTS):
        # A new post bumps the content version in its transaction anyway, which locks that one
        # row until the commit (PostgreSQL's row lock; SQLite's write lock). Taken before the slug
        # is chosen, the lock makes concurrent creates choose one after another, each seeing the
        # slugs committed before it (each statement reads the latest commits). Retrying after a
        # collision instead let one writer of a race through per round: the 9th of 9 equal titles
        # at once ran out of attempts and its text was lost.
        bump_content_version(db.session)
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
