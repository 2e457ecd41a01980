"""No lost update: a save made from an older version of a post gets both texts back, not a win.

Every change of a post adds one to its version (blog.models.Post.version); the post form and the
editor's autosave carry the version they were loaded at. When it is no longer the post's, the
later save is refused: the conflict page shows what is saved now beside what this person wrote,
and offers their text again in the form, now at the current version, to save on purpose.
"""

from __future__ import annotations

from flask import render_template

from blog.extensions import db
from blog.models import Post
from blog.models import PostRevision
from blog.posts.forms import PostForm


def conflict_page(post: Post, form: PostForm):
    """The 409 page for a save of `form` that lost the race for `post` (nothing was saved)."""
    db.session.refresh(post)
    saved_by = db.session.execute(
        db.select(PostRevision.saved_by_name).where(PostRevision.post_id == post.id)
        .order_by(PostRevision.id.desc()).limit(1)
    ).scalar_one_or_none()
    # Their text stays in the form exactly as sent; only the version moves on.
    form.version.data = str(post.version)
    return render_template("posts/conflict.html", post=post, form=form, saved_by=saved_by,
                           preview=None), 409
