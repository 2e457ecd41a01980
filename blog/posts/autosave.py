"""Autosave: what an author is typing, saved every few seconds without a page load.

A new post becomes a draft at its first autosave. A draft is saved in place: nobody else sees it.
A published post is not changed under its readers while its author types: the text waits in
post_autosaves until the author presses Update (or Unpublish), or discards it, and the editor
offers it again if the tab was closed first. Each function is one committed transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError

from blog.content.markup_budget import MarkupTooComplex
from blog.content.render import render_body
from blog.extensions import db
from blog.media.usage import record_image_uses
from blog.media.usage import with_image_sizes
from blog.models import PUBLISHED
from blog.models import Author
from blog.models import Post
from blog.models import PostAutosave
from blog.models import utcnow
from blog.posts.editing import EditConflict
from blog.posts.editing import PostText
from blog.posts.editing import create_post
from blog.posts.editing import guard_version
from blog.posts.tags import set_post_tags


class AutosaveRefused(ValueError):
    """Text an autosave cannot store (too large); the message says why."""


def autosave_new(author: Author, text: PostText) -> tuple[Post, str | None]:
    """Make a draft of a new post from its first autosave: (the draft, a warning or None)."""
    rendered, warning = _render_or_warn(text)
    return create_post(author, _without_address(text), rendered, publish=False), warning


def autosave(post: Post, text: PostText, expected_version: int | None = None
             ) -> tuple[datetime, str | None]:
    """Save what the author is typing into the post: (when, a warning or None).

    Its address is left alone (it changes when the author saves with the button). A post not
    public yet is saved in place, which moves its version on (the answer says the new one);
    EditConflict (nothing saved) when it is no longer at expected_version.
    """
    rendered, warning = _render_or_warn(text)
    now = utcnow()
    guard_version(post, expected_version)
    # Scheduled posts too are kept from changing under their author: they go public by the clock.
    if post.status != PUBLISHED:
        post.title = text.title.strip()
        post.source, post.source_format = text.source, text.source_format
        post.summary = text.summary.strip()
        post.body, post.excerpt = rendered.html, rendered.excerpt
        post.search_text = rendered.search_text
        post.reading_minutes = rendered.reading_minutes
        post.updated_at = now
        # The images it now shows are in use: not purged while the draft waits.
        record_image_uses(post, rendered.html)
        post.body = with_image_sizes(rendered.html, post.images)
    else:
        pending = db.session.get(PostAutosave, post.id)
        if pending is None:
            pending = PostAutosave(post_id=post.id)
            db.session.add(pending)
        pending.title, pending.source = text.title, text.source
        pending.source_format, pending.summary = text.source_format, text.summary
        pending.saved_at = now
    try:
        if post.status != PUBLISHED and text.tags is not None:
            # Its first query flushes the post: a conflict shows here too.
            set_post_tags(post, list(text.tags))
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict from None
    return now, warning


def pending_autosave(post: Post) -> PostAutosave | None:
    """The autosaved text of a published post that its author has not saved yet, if any."""
    if post.status != PUBLISHED:
        return None
    return db.session.get(PostAutosave, post.id)


def discard_autosave(post: Post) -> None:
    """Forget the autosaved text of the post."""
    db.session.execute(db.delete(PostAutosave).where(PostAutosave.post_id == post.id))
    db.session.commit()


def _render_or_warn(text: PostText):
    try:
        return render_body(text.source, text.source_format, text.summary), None
    except MarkupTooComplex as refusal:
        # The words are kept all the same; the draft shows nothing until the body is simpler.
        return render_body("", text.source_format, text.summary), str(refusal)


def _without_address(text: PostText) -> PostText:
    return PostText(title=text.title, source=text.source, source_format=text.source_format,
                    summary=text.summary, tags=text.tags)
