"""Revisions: the text every save leaves, bounded per post; history, comparison and restoring.

Functions here add to the caller's transaction (restore_revision commits: one transaction).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import load_only

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import PostRevision

# difflib's matcher is quadratic in the worst case: texts longer than this many lines are shown
# side by side instead of compared (scripts/bench_diff.py measures it).
DIFF_MAX_LINES = 4000


def keep_revision(post: Post, saved_by: Author) -> None:
    """Add the post's text as it is now as a revision, and let the oldest go beyond
    REVISIONS_PER_POST (the post must have an id: flush a new one first)."""
    db.session.add(PostRevision(post_id=post.id, saved_by_id=saved_by.id,
                                saved_by_name=saved_by.name, title=post.title,
                                source=post.source, source_format=post.source_format,
                                summary=post.summary))
    db.session.flush()
    newest = (select(PostRevision.id).where(PostRevision.post_id == post.id)
              .order_by(PostRevision.id.desc()).limit(current_app.config["REVISIONS_PER_POST"]))
    db.session.execute(db.delete(PostRevision).where(
        PostRevision.post_id == post.id, PostRevision.id.not_in(newest.scalar_subquery())))


def history_of(post: Post) -> list[PostRevision]:
    """The post's revisions, newest first (without their texts)."""
    return list(db.session.execute(
        db.select(PostRevision).where(PostRevision.post_id == post.id)
        .options(load_only(PostRevision.saved_by_name, PostRevision.saved_at,
                              PostRevision.title))
        .order_by(PostRevision.id.desc())
    ).scalars())


def revision_of(post: Post, revision_id: int) -> PostRevision | None:
    """One revision of this post (None for a revision of another post, or none)."""
    return db.session.execute(
        db.select(PostRevision).filter_by(id=revision_id, post_id=post.id)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class DiffLine:
    """One line of a comparison: "+" added, "-" removed, " " kept, "@" a hunk's heading."""

    kind: str
    text: str


def compare(older: PostRevision, newer: PostRevision) -> list[DiffLine] | None:
    """The lines that changed from older to newer (title first), with three lines of context;
    None when the texts are too long to compare within the bound."""
    before = [f"# {older.title}", "", *older.source.splitlines()]
    after = [f"# {newer.title}", "", *newer.source.splitlines()]
    if len(before) + len(after) > DIFF_MAX_LINES:
        return None
    lines = []
    for line in list(difflib.unified_diff(before, after, lineterm="", n=3))[2:]:
        kind = line[:1] if line[:1] in "+- " else "@"
        lines.append(DiffLine(kind, line[1:] if kind != "@" else line))
    return lines
