"""Creating, changing, publishing and deleting posts; each function is one committed transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from blog.caching.version import lock_content_version
from blog.content.render import RenderedBody
from blog.extensions import db
from blog.media.usage import record_image_uses
from blog.models import DRAFT
from blog.models import PUBLISHED
from blog.models import Author
from blog.models import Post
from blog.models import PostAutosave
from blog.models import PostRedirect
from blog.models import utcnow
from blog.posts.slugs import SlugRefused
from blog.posts.slugs import chosen_slug
from blog.posts.slugs import unique_slug

# With creates serialized (below) a slug is taken only by a writer that skips the content version
# (a bulk import, say); the unique constraint decides, and the loser chooses again.
SLUG_ATTEMPTS = 8


@dataclass(frozen=True)
class PostText:
    """What the post form carries: the author's words, the address they asked for (or "") and
    the id of the feature image, one of the author's uploads (or None)."""

    title: str
    source: str
    source_format: str
    summary: str = ""
    slug: str = ""
    feature_image_id: int | None = None


def create_post(author: Author, text: PostText, rendered: RenderedBody, publish: bool) -> Post:
    """Save a new post, published or as a draft, at the address asked for or a unique one made
    from its title (retried on a slug race). SlugRefused when the address asked for is taken."""
    for attempt in range(SLUG_ATTEMPTS):
        # The content version's row lock, held until the commit, makes concurrent creates
        # choose their slugs one after another, each seeing the slugs committed before it.
        # Retrying after a collision instead let one writer of a race through per round: the
        # 9th of 9 equal titles at once ran out of attempts and its text was lost.
        _lock_addresses()
        if text.slug:
            slug = _refusing_rolls_back(chosen_slug, text.slug, None)
        else:
            slug = unique_slug(text.title)
        post = Post(slug=slug, author_id=author.id, status=DRAFT, published_at=None)
        _apply(post, text, rendered)
        if publish:
            _publish(post)
        db.session.add(post)
        try:
            db.session.commit()
            return post
        except IntegrityError:
            db.session.rollback()
            if attempt == SLUG_ATTEMPTS - 1 or text.slug:
                raise
    raise AssertionError("unreachable")


def update_post(post: Post, text: PostText, rendered: RenderedBody, publish: bool) -> Post:
    """Save the post's new text; publish it, or keep or return it to draft (unpublish).

    A new address asked for moves the post; a post that has ever been public keeps answering at
    its old one with a redirect. SlugRefused (nothing saved) when the address is taken. Any
    autosaved text of the post is done with.
    """
    if text.slug and text.slug != post.slug:
        _lock_addresses()
        _move(post, _refusing_rolls_back(chosen_slug, text.slug, post.id))
    _apply(post, text, rendered)
    if publish:
        _publish(post)
    else:
        post.status = DRAFT
    db.session.execute(db.delete(PostAutosave).where(PostAutosave.post_id == post.id))
    db.session.commit()
    return post


def delete_post(post: Post) -> None:
    """Delete the post for good (its earlier addresses and autosaves go with it)."""
    db.session.delete(post)
    db.session.commit()


def _refusing_rolls_back(choose, *args) -> str:
    try:
        return choose(*args)
    except SlugRefused:
        # The lock is let go at once, and nothing of this save stays in the session.
        db.session.rollback()
        raise


def _apply(post: Post, text: PostText, rendered: RenderedBody) -> None:
    post.title = text.title.strip()
    post.source = text.source
    post.source_format = text.source_format
    post.summary = text.summary.strip()
    post.body = rendered.html
    post.excerpt = rendered.excerpt
    post.reading_minutes = rendered.reading_minutes
    post.feature_image_id = text.feature_image_id
    # In this transaction: an image is public exactly while a published post uses it.
    record_image_uses(post, rendered.html)


def _publish(post: Post) -> None:
    post.status = PUBLISHED
    # The first publication dates the post; publishing again after an unpublish keeps it.
    if post.published_at is None:
        post.published_at = utcnow()


def _lock_addresses() -> None:
    # No other writer chooses or moves an address until the commit. (A published post's change
    # bumps the version too, in the flush; a draft's leaves readers' caches alone.)
    lock_content_version(db.session)


def _move(post: Post, slug: str) -> None:
    old = post.slug
    # Taking back one of its own earlier addresses: that redirect ends.
    db.session.execute(db.delete(PostRedirect).where(PostRedirect.slug == slug,
                                                     PostRedirect.post_id == post.id))
    post.slug = slug
    # A draft never published was never linked to: its old address is simply free again.
    if post.published_at is not None:
        db.session.add(PostRedirect(slug=old, post_id=post.id))
