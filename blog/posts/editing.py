"""Creating, changing, publishing and deleting posts; each function is one committed transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from blog import audit
from blog.caching.version import lock_content_version
from blog.content.render import RenderedBody
from blog.extensions import db
from blog.media.usage import record_image_uses
from blog.media.usage import with_image_sizes
from blog.models import DRAFT
from blog.models import Author
from blog.models import Post
from blog.models import PostAutosave
from blog.models import PostRedirect
from blog.posts import permissions
from blog.posts.revisions import keep_revision
from blog.posts.slugs import SlugRefused
from blog.posts.slugs import base_slug
from blog.posts.slugs import chosen_slug
from blog.posts.slugs import unique_slug
from blog.posts.tags import TagName
from blog.posts.tags import set_post_tags
from blog.posts.transitions import Transition
from blog.posts.transitions import apply_transition

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
    # Normalised tags in the author's order (blog/posts/tags.py); None leaves them as they are
    # (a tool's POST written before tags, which has no such field).
    tags: tuple[TagName, ...] | None = None


class EditConflict(Exception):
    """The post changed since the version the save was made from: nothing was saved."""


def create_post(author: Author, text: PostText, rendered: RenderedBody, publish: bool,
                transition: Transition | None = None) -> Post:
    """Save a new post, published or as a draft (or as the transition says: submitted,
    scheduled), at the address asked for or a unique one made from its title (retried on a slug
    race), with its first revision. SlugRefused when the address asked for is taken."""
    transition = transition or _plain(author, publish, None)
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
        post = Post(slug=slug, slug_chosen=bool(text.slug), author_id=author.id, status=DRAFT,
                    published_at=None)
        _apply(post, text, rendered)
        db.session.add(post)
        try:
            db.session.flush()
            apply_transition(post, transition)
            if text.tags:
                set_post_tags(post, list(text.tags))
            keep_revision(post, transition.actor)
            db.session.commit()
            return post
        except IntegrityError:
            db.session.rollback()
            if attempt == SLUG_ATTEMPTS - 1 or text.slug:
                raise
    raise AssertionError("unreachable")


def update_post(post: Post, text: PostText, rendered: RenderedBody, publish: bool,
                transition: Transition | None = None, expected_version: int | None = None
                ) -> Post:
    """Save the post's new text, keep a revision, and publish it, keep or return it to draft
    (unpublish), or do what the transition says. One committed transaction.

    A new address asked for moves the post; a post that has ever been public keeps answering at
    its old one with a redirect. SlugRefused (nothing saved) when the address is taken. Any
    autosaved text of the post is done with. EditConflict (nothing saved) when the post is no
    longer at expected_version, the version the text was written from.
    """
    transition = transition or _plain(post.author, publish, post)
    guard_version(post, expected_version)
    if text.slug and text.slug != post.slug:
        _lock_addresses()
        _move(post, _refusing_rolls_back(chosen_slug, text.slug, post.id))
        post.slug_chosen = True
    elif not text.slug and _address_follows_title(post, text.title):
        _lock_addresses()
        _move(post, unique_slug(text.title))
    _apply(post, text, rendered)
    apply_transition(post, transition)

    def finish() -> None:
        # Its first statement flushes the post: a conflict shows there.
        db.session.execute(db.delete(PostAutosave).where(PostAutosave.post_id == post.id))
        if text.tags is not None:
            # With the post's new state: the copies in post_tags are right from the start.
            set_post_tags(post, list(text.tags))
        keep_revision(post, transition.actor)

    _commit_or_conflict(finish)
    return post


def change_state(post: Post, transition: Transition, expected_version: int | None = None) -> Post:
    """Move the post to another state without changing its words (send back, unpublish, publish
    from the review queue). One committed transaction; EditConflict as update_post."""
    guard_version(post, expected_version)
    apply_transition(post, transition)
    _commit_or_conflict()
    return post


def delete_post(post: Post, by: Author | None = None) -> None:
    """Delete the post for good (its earlier addresses, autosaves and revisions go with it),
    logged in the same transaction."""
    audit.record(by or post.author, "delete", post)
    db.session.delete(post)
    db.session.commit()


def guard_version(post: Post, expected_version: int | None) -> None:
    """EditConflict (the transaction rolled back) unless the post is at expected_version (None:
    the caller sent none, as tools written before versions do)."""
    if expected_version is not None and expected_version != post.version:
        db.session.rollback()
        raise EditConflict


def _commit_or_conflict(before_commit=None) -> None:
    try:
        if before_commit is not None:
            before_commit()
        db.session.commit()
    except StaleDataError:
        # Another save changed the row between our read and our write (the version counter's
        # WHERE matched nothing): nothing of this one stays.
        db.session.rollback()
        raise EditConflict from None


def _plain(actor: Author, publish: bool, post: Post | None) -> Transition:
    # A save that only says publish or not (autosave's first draft, tools, older callers).
    return Transition(permissions.form_transition(post, "publish" if publish else "draft"), actor)


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
    post.search_text = rendered.search_text
    post.excerpt = rendered.excerpt
    post.reading_minutes = rendered.reading_minutes
    post.feature_image_id = text.feature_image_id
    # In this transaction: an image is public exactly while a published post uses it.
    record_image_uses(post, rendered.html)
    post.body = with_image_sizes(rendered.html, post.images)


def _lock_addresses() -> None:
    # No other writer chooses or moves an address until the commit. (A published post's change
    # bumps the version too, in the flush; a draft's leaves readers' caches alone.)
    lock_content_version(db.session)


def _address_follows_title(post: Post, title: str) -> bool:
    # A post never published whose author left the address to the blog: its address was made
    # from the title as it was then (a first autosave may have caught half a title), so it is
    # made again from the new one. Nobody was ever sent to the old one.
    if post.published_at is not None or post.slug_chosen:
        return False
    base = base_slug(title)
    return re.fullmatch(rf"{re.escape(base)}(-[0-9]+)?", post.slug) is None


def _move(post: Post, slug: str) -> None:
    old = post.slug
    # Taking back one of its own earlier addresses: that redirect ends.
    db.session.execute(db.delete(PostRedirect).where(PostRedirect.slug == slug,
                                                     PostRedirect.post_id == post.id))
    post.slug = slug
    # A draft never published was never linked to: its old address is simply free again.
    if post.published_at is not None and not post.is_scheduled:
        db.session.add(PostRedirect(slug=old, post_id=post.id))
