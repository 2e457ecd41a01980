"""What each editorial action does to a post's state, and the audit entry it leaves.

apply_transition changes the post inside the caller's transaction; blog/posts/editing.py commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blog import audit
from blog import clock
from blog.models import DRAFT
from blog.models import PUBLISHED
from blog.models import REVIEW
from blog.models import Author
from blog.models import Post
from blog.posts import permissions


@dataclass(frozen=True)
class Transition:
    """An action (blog/posts/permissions.py) someone takes on a post as they save it."""

    action: str
    actor: Author
    note: str = ""
    publish_at: datetime | None = None  # naive UTC; for SCHEDULE


def apply_transition(post: Post, transition: Transition) -> None:
    """Move the post to the state the action leads to, and log it if the audit log records it.

    The post needs an id (flushed) for its audit entry.
    """
    action, now = transition.action, clock.now()
    if action == permissions.PUBLISH:
        post.status = PUBLISHED
        # The first publication dates the post; publishing again after an unpublish keeps it.
        # A time still ahead (it was scheduled) is now.
        if post.published_at is None or post.published_at > now:
            post.published_at = now
    elif action == permissions.SCHEDULE:
        post.status, post.published_at = PUBLISHED, transition.publish_at
    elif action == permissions.UNPUBLISH:
        _return_to_draft(post, now)
    elif action == permissions.SUBMIT:
        post.status, post.review_note, post.return_note = REVIEW, transition.note.strip(), ""
    elif action == permissions.SEND_BACK:
        _return_to_draft(post, now)
        post.return_note = transition.note.strip()
    elif action == permissions.EDIT:
        if post.status == REVIEW and transition.actor.id == post.author_id:
            # Its writer saving it as a draft takes it out of the queue.
            post.status = DRAFT
    if action in audit.ACTIONS:
        detail = transition.note.strip()
        if action == permissions.SCHEDULE and transition.publish_at is not None:
            detail = f"for {transition.publish_at.isoformat(timespec='minutes')} UTC"
        audit.record(transition.actor, action, post, detail=detail)


def _return_to_draft(post: Post, now: datetime) -> None:
    # A scheduled post that never appeared was never public: it has no publication time yet.
    if post.published_at is not None and post.published_at > now:
        post.published_at = None
    post.status = DRAFT
