"""The editorial views: the review queue, a post's history (compare, restore) and the audit log."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from blog.audit import ACTIONS as AUDIT_ACTIONS
from blog.audit import audit_page
from blog.auth.guards import login_required
from blog.content.render import render_body
from blog.posts import permissions
from blog.posts.editing import EditConflict
from blog.posts.editing import PostText
from blog.posts.editing import update_post
from blog.posts.forms import ConfirmForm
from blog.posts.queries import allowed_post
from blog.posts.queries import review_queue as posts_in_review
from blog.posts.revisions import compare
from blog.posts.revisions import history_of
from blog.posts.revisions import revision_of
from blog.posts.transitions import Transition

bp = Blueprint("editorial", __name__)


def _site_right(action: str) -> None:
    if not permissions.may(g.user, action):
        abort(403)


@bp.get("/review")
@login_required
def review_queue():
    """What waits for review, longest first, with the writers' notes (editors and admins)."""
    _site_right(permissions.REVIEW_QUEUE)
    return render_template("posts/review_queue.html", posts=posts_in_review())


@bp.get("/<slug:slug>/history")
@login_required
def history(slug: str):
    """The post's revisions, newest first, to compare two of them or restore one."""
    post = allowed_post(slug, permissions.HISTORY)
    return render_template("posts/history.html", post=post, revisions=history_of(post),
                           form=ConfirmForm())


@bp.get("/<slug:slug>/compare")
@login_required
def compare_revisions(slug: str):
    """What changed between two revisions (?a=older&b=newer), escaped like any text."""
    post = allowed_post(slug, permissions.HISTORY)
    older = revision_of(post, request.args.get("a", 0, type=int))
    newer = revision_of(post, request.args.get("b", 0, type=int))
    if older is None or newer is None:
        abort(404)
    if older.id > newer.id:
        older, newer = newer, older
    return render_template("posts/compare.html", post=post, older=older, newer=newer,
                           lines=compare(older, newer))


@bp.post("/<slug:slug>/revisions/<int:revision_id>/restore")
@login_required
def restore(slug: str, revision_id: int):
    """Make the revision's text the post's again (a new revision; the post keeps its state)."""
    post = allowed_post(slug, permissions.RESTORE)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    revision = revision_of(post, revision_id)
    if revision is None:
        abort(404)
    text = PostText(title=revision.title, source=revision.source,
                    source_format=revision.source_format, summary=revision.summary,
                    slug=post.slug)
    rendered = render_body(text.source, text.source_format, text.summary)
    # The post stays in its state; the audit entry goes in the restore's own transaction.
    expected = request.form.get("version", type=int)
    try:
        update_post(post, text, rendered, post.is_published,
                    Transition(permissions.RESTORE, g.user, note=f"revision {revision.id}"),
                    expected_version=expected)
    except EditConflict:
        flash("The post changed while you were looking at its history: look again.", "error")
        return redirect(url_for("editorial.history", slug=slug))
    flash(f"Restored the revision of {revision.saved_at.strftime('%-d %b %Y, %H:%M')} UTC.",
          "success")
    return redirect(url_for("posts.edit", slug=post.slug))


@bp.get("/audit")
@login_required
def audit_log():
    """Who published, unpublished, scheduled, deleted or restored what, or whose role changed,
    newest first (admins only)."""
    _site_right(permissions.AUDIT_LOG)
    number = request.args.get("page", 1, type=int)
    if number < 1 or number > 10**6:
        abort(404)
    entries, has_next = audit_page(number)
    return render_template("posts/audit_log.html", entries=entries, number=number,
                           has_next=has_next, verbs=AUDIT_ACTIONS)
