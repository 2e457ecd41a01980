"""The blog blueprint's views: index, post pages, the dashboard, writing, editing and deleting."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from blog.auth.guards import login_required
from blog.caching.public import known_content_version
from blog.caching.public import public_page
from blog.content.render import preview_body
from blog.media.views import body_image_url
from blog.models import Post
from blog.posts.autosave import pending_autosave
from blog.posts.editing import create_post
from blog.posts.editing import delete_post
from blog.posts.editing import update_post
from blog.posts.forms import ACTIONS
from blog.posts.forms import PREVIEW
from blog.posts.forms import PUBLISH
from blog.posts.forms import ConfirmForm
from blog.posts.forms import PostForm
from blog.posts.kept import keeps_text_across_login
from blog.posts.kept import take_kept_text
from blog.posts.kept import where_kept_text_goes
from blog.posts.queries import drafts_of
from blog.posts.queries import index_page
from blog.posts.queries import owned_post
from blog.posts.queries import published_posts_of
from blog.posts.queries import redirected_slug
from blog.posts.queries import visible_post
from blog.posts.slugs import SlugConverter
from blog.posts.slugs import SlugRefused

bp = Blueprint("posts", __name__)
# Registered before the routes below use it (the blueprint replays these in order).
bp.record_once(lambda state: state.app.url_map.converters.setdefault("slug", SlugConverter))


def _page_number(args) -> int:
    # ?page=two reads as page 1, the way it always has; the page cache keys on the same number.
    return args.get("page", 1, type=int)


@bp.get("/")
@public_page(key=_page_number)
def index():
    """The public index: newest published posts first, paginated with ?page=."""
    page = index_page(_page_number(request.args), current_app.config["POSTS_PER_PAGE"],
                      version=known_content_version())
    return render_template("posts/index.html", page=page)


KEPT_MESSAGE = ("You were logged out before your text was saved. It was kept: here it is again. "
                "Check it and press “{button}”.")


def _give_back_kept_text(form: PostForm, slug: str | None, button: str) -> bool:
    # Only on a GET: a POST's own text wins over anything kept earlier.
    if request.method != "GET":
        return False
    kept = take_kept_text(slug)
    if kept is None:
        return False
    form.title.data, form.body.data, form.summary.data = kept.title, kept.body, kept.summary
    if kept.source_format is not None:
        form.format.data = kept.source_format
    flash(KEPT_MESSAGE.format(button=button), "success")
    return True


def _give_back_autosaved_text(form: PostForm, post: Post, button: str):
    # Changes to a published post that were autosaved but never saved (the tab was closed).
    pending = pending_autosave(post) if request.method == "GET" else None
    if pending is not None:
        form.title.data, form.body.data = pending.title, pending.source
        form.format.data, form.summary.data = pending.source_format, pending.summary
        flash(f"Here are the changes you had not saved yet (autosaved "
              f"{pending.saved_at.strftime('%-d %b, %H:%M')} UTC). Press “{button}” to publish "
              "them, or discard them.", "success")
    return pending


def _submitted_form(**kwargs) -> PostForm | None:
    """The post form, validated for the button pressed when this is a POST; None for an
    unknown button (the view answers 400)."""
    form = PostForm(**kwargs)
    if request.method == "POST":
        form.action = request.form.get("action", PUBLISH)
        if form.action not in ACTIONS:
            return None
    return form


def _saved(form: PostForm, post: Post | None) -> Post | None:
    """Save the validated form (a new post when post is None); None when nothing was saved
    (invalid, a preview, or an address taken: the form then says why)."""
    if not form.validate_on_submit() or form.action == PREVIEW:
        return None
    publish = form.action == PUBLISH
    try:
        if post is None:
            return create_post(g.user, form.text(), form.rendering(), publish)
        return update_post(post, form.text(), form.rendering(), publish)
    except SlugRefused as refusal:
        form.slug.errors = [*form.slug.errors, str(refusal)]
        return None


def _after_save(post: Post, was_published: bool):
    if post.is_published:
        flash(f"Published “{post.title}”." if not was_published else "Your changes are published.",
              "success")
        return redirect(url_for("posts.show", slug=post.slug))
    flash("Unpublished: it is a draft again, seen by you alone." if was_published
          else "Draft saved. Only you can see it.", "success")
    return redirect(url_for("posts.edit", slug=post.slug))


def _editor_page(template: str, form: PostForm, **context):
    preview = None
    if request.method == "POST" and form.action == PREVIEW and not form.body.errors:
        preview = preview_body(form.body.data or "", form.format.data)
    status = 400 if form.errors else 200
    return render_template(template, form=form, preview=preview, **context), status


@bp.route("/dashboard", methods=["GET", "POST"])
@keeps_text_across_login
@login_required
def dashboard():
    """The author's drafts and published posts, and the form to write a new one."""
    form = _submitted_form()
    if form is None:
        abort(400)
    post = _saved(form, None)
    if post is not None:
        return _after_save(post, was_published=False)
    _give_back_kept_text(form, None, "Publish")
    return _editor_page("posts/dashboard.html", form, drafts=drafts_of(g.user),
                        page=published_posts_of(g.user, _page_number(request.args)))


@bp.get("/<slug:slug>")
@public_page()
def show(slug: str):
    """One post: published, or a draft to its author; an earlier address redirects."""
    post = visible_post(slug)
    if post is None:
        current = redirected_slug(slug)
        if current is None:
            abort(404)
        return redirect(url_for("posts.show", slug=current), 301)
    return render_template("posts/show.html", post=post)


@bp.get("/dashboard/kept")
@login_required
def kept():
    """Where the login sends an author whose text was kept: on to the form that gets it back."""
    slug = where_kept_text_goes(g.user.id)
    if slug is None:
        return redirect(url_for("posts.dashboard"))
    return redirect(url_for("posts.edit", slug=slug))


def _edit_data(post: Post) -> dict:
    return {"title": post.title, "body": post.source, "format": post.source_format,
            "summary": post.summary, "slug": post.slug,
            "feature_image": body_image_url(post.feature_image) if post.feature_image else ""}


@bp.route("/<slug:slug>/edit", methods=["GET", "POST"])
@keeps_text_across_login
@login_required
def edit(slug: str):
    """Change a post's words and address, publish or unpublish it; only its author may."""
    post = owned_post(slug)
    form = _submitted_form(data=_edit_data(post))
    if form is None:
        abort(400)
    was_published = post.is_published
    saved = _saved(form, post)
    if saved is not None:
        return _after_save(saved, was_published)
    button = "Publish" if not post.is_published else "Update"
    pending = _give_back_autosaved_text(form, post, button)
    kept = _give_back_kept_text(form, post.slug, button)
    saved_at = None
    if request.method == "GET" and not kept:
        # The form shows what the server has; the editor's script compares its browser copy.
        saved_at = pending.saved_at if pending is not None else post.updated_at
    return _editor_page("posts/edit.html", form, post=post, pending=pending, saved_at=saved_at)


@bp.route("/<slug:slug>/delete", methods=["GET", "POST"])
@login_required
def delete(slug: str):
    """GET asks for confirmation; POST deletes. Only the post's author may."""
    post = owned_post(slug)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        title = post.title
        delete_post(post)
        flash(f"Deleted “{title or 'Untitled draft'}”.", "success")
        return redirect(url_for("posts.dashboard"))
    return render_template("posts/confirm_delete.html", form=form, post=post)
