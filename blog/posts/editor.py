"""The editor's background requests: live preview and autosave, answered in JSON.

The page's script (blog/static/js/editor.js) posts the form as it is, CSRF token included, every
few seconds; without JavaScript the form's Preview button and the kept-drafts login
(blog/posts/kept.py) do the same work with page loads.
"""

from __future__ import annotations

import functools

from flask import Blueprint
from flask import current_app
from flask import g
from flask import jsonify
from flask import redirect
from flask import request
from flask import url_for

from blog.auth.guards import login_required
from blog.content.display import body_for_page
from blog.content.markup_budget import MarkupTooComplex
from blog.content.render import SOURCE_FORMATS
from blog.content.render import preview_body
from blog.content.sanitize import CONTROL_CHARACTERS
from blog.extensions import db
from blog.posts.autosave import autosave
from blog.posts.autosave import autosave_new
from blog.posts.autosave import discard_autosave
from blog.posts.editing import EditConflict
from blog.posts.editing import PostText
from blog.posts.forms import SUMMARY_MAX_LENGTH
from blog.posts.forms import TITLE_MAX_LENGTH
from blog.posts.queries import owned_post
from blog.posts.tags import TagsRefused
from blog.posts.tags import parse_tags

bp = Blueprint("editor", __name__)


def _problem(status: int, message: str):
    return jsonify(error=message), status


def author_json_required(view):
    """Answer 401 in JSON to a browser whose login has ended (the script keeps the text and says
    so); marked like login_required so that the CSRF check waits for the login."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None:
            return _problem(401, "Your session has ended. Log in again: your text is kept in "
                                 "this browser meanwhile.")
        return view(*args, **kwargs)

    wrapped.login_required = True
    return wrapped


def _field(name: str) -> str:
    return request.form.get(name, "").translate(CONTROL_CHARACTERS)


def _posted_tags():
    # Tags the form would refuse are left as they were: the words are autosaved all the same,
    # and the form says what is wrong when the author presses a button. None: no such field.
    if "tags" not in request.form:
        return None
    try:
        return tuple(parse_tags(_field("tags")))
    except TagsRefused:
        return None


def posted_text() -> PostText:
    """The editor's fields from this request; ValueError with a message when they cannot be
    stored or rendered as they are."""
    source_format = request.form.get("format", "markdown")
    if source_format not in SOURCE_FORMATS:
        raise ValueError("Choose Markdown or HTML as the format.")
    text = PostText(title=_field("title").strip(), source=_field("body"),
                    source_format=source_format, summary=_field("summary").strip(),
                    tags=_posted_tags())
    limit = current_app.config["BODY_MAX_BYTES"]
    if len(text.source.encode()) > limit:
        raise ValueError(f"The body is over {limit / 1024:.0f} KB, the most a post may be; "
                         "shorten it to save it.")
    if len(text.title) > TITLE_MAX_LENGTH or len(text.summary) > SUMMARY_MAX_LENGTH:
        raise ValueError(f"Titles may be at most {TITLE_MAX_LENGTH} characters and summaries "
                         f"{SUMMARY_MAX_LENGTH}.")
    return text


@bp.post("/dashboard/preview")
@author_json_required
def preview():
    """The body as readers would see it, and what the sanitizer would remove from it."""
    try:
        text = posted_text()
        shown = preview_body(text.source, text.source_format)
    except (ValueError, MarkupTooComplex) as refusal:
        return _problem(422, str(refusal))
    return jsonify(html=body_for_page(shown.html), removed=shown.removed)


def _saved_answer(slug: str, saved_at, warning: str | None, version: int):
    # version: the post's, after this save; the script puts it in the form's hidden "version"
    # field, so that the author's next save is not taken for someone else's (conflicts.py).
    return jsonify(saved_at=saved_at.isoformat() + "Z", warning=warning, version=version,
                   edit_url=url_for("posts.edit", slug=slug),
                   autosave_url=url_for("editor.autosave_post", slug=slug))


@bp.post("/dashboard/autosave")
@author_json_required
def autosave_new_post():
    """The first autosave of a new post: it becomes a draft, whose URLs the script goes on with."""
    try:
        text = posted_text()
    except ValueError as refusal:
        return _problem(413, str(refusal))
    if not (text.title or text.source.strip()):
        return _problem(422, "Nothing to save yet.")
    post, warning = autosave_new(g.user, text)
    return _saved_answer(post.slug, post.updated_at, warning, post.version), 201


@bp.post("/<slug:slug>/autosave")
@author_json_required
def autosave_post(slug: str):
    """An autosave of a post its author is editing."""
    post = owned_post(slug)
    try:
        text = posted_text()
    except ValueError as refusal:
        return _problem(413, str(refusal))
    try:
        saved_at, warning = autosave(post, text, request.form.get("version", type=int))
    except EditConflict:
        db.session.refresh(post)
        return jsonify(error="Someone else saved this post meanwhile: your text is kept in this "
                             "browser. Save with the button to see both texts.",
                       version=post.version), 409
    return _saved_answer(post.slug, saved_at, warning, post.version)


@bp.post("/<slug:slug>/autosave/discard")
@login_required
def discard(slug: str):
    """Forget the autosaved changes of a published post; back to its editor as it is."""
    post = owned_post(slug)
    discard_autosave(post)
    return redirect(url_for("posts.edit", slug=post.slug))
