"""The audit log: who published, unpublished, scheduled, deleted or restored a post or a page,
or whose role changed, and when. Entries are added to the caller's transaction, never committed
here."""

from __future__ import annotations

from flask import current_app

from blog.extensions import db
from blog.models import AuditEntry
from blog.models import Author
from blog.models import Post

# What the log records (the view shows them in these words).
ACTIONS = {
    "publish": "published",
    "unpublish": "unpublished",
    "schedule": "scheduled",
    "submit": "submitted for review",
    "send_back": "sent back",
    "delete": "deleted",
    "restore": "restored a revision of",
    "role": "changed the role of",
    "site": "changed the site settings, now titled",
    # The site's pages (blog/pages): no post_id; the subject is the title, the detail the address.
    "page_create": "created the page",
    "page_edit": "changed the page",
    "page_publish": "published the page",
    "page_unpublish": "unpublished the page",
    "page_delete": "deleted the page",
}
AUDIT_PAGE_SIZE = 100
PROVIDER = "the identity provider"


def record(actor: Author | None, action: str, post: Post | None = None, subject: str = "",
           detail: str = "") -> None:
    """Add an entry to the session: it commits, or rolls back, with the change it describes."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.session.add(AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.name if actor is not None else PROVIDER,
        action=action,
        post_id=post.id if post is not None else None,
        subject=(subject or (post.title if post is not None else ""))[:300],
        detail=detail,
    ))


def record_role_change(author: Author, before: str | None, after: str) -> None:
    """Log a role the provider's claims changed (not an author's first one)."""
    if before is not None and before != after:
        current_app.logger.info("role of author %s changed from %s to %s", author.id, before,
                                after)
        record(None, "role", subject=author.name, detail=f"{before} → {after}")


def audit_page(number: int) -> tuple[list[AuditEntry], bool]:
    """Entries newest first, page `number` (from 1), and whether an older page exists."""
    rows = list(db.session.execute(
        db.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE + 1)
    ).scalars())
    return rows[:AUDIT_PAGE_SIZE], len(rows) > AUDIT_PAGE_SIZE
