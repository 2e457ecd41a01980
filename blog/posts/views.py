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
from blog.caching import keys
from blog.caching.public import known_content_version
from blog.caching.public import public_page
from blog.content.display import body_for_page
from blog.content.render import preview_body
from blog.media.views import body_image_url
from blog.models import Post
from blog.pages.queries import page_or_earlier_address
from blog.pages.queries import redirected_page_slug
from blog.posts import permissions
from blog.posts.autosave import pending_autosave
from blog.posts.conflicts import conflict_page
from blog.posts.editing import EditConflict
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
from blog.posts.queries import allowed_post
from blog.posts.queries import drafts_of
from blog.posts.queries import index_page
from blog.posts.queries import published_posts_of
from blog.posts.queries import redirected_slug
from blog.posts.queries import visible_post
from blog.posts.schedule import local_time
from blog.posts.schedule import zone_name
from blog.posts.slugs import SlugConverter
from blog.posts.slugs import SlugRefused
from blog.posts.tags import tags_text
from blog.posts.transitions import Transition

bp = Blueprint("posts", __name__)
# Registered before the routes below use it (the blueprint replays these in order).
bp.record_once(lambda state: state.app.url_map.converters.setdefault("slug", SlugConverter))
# Templates show only the buttons and links a person may use (the views check them all again).
bp.add_app_template_global(permissions.may, "may")
bp.add_app_template_global(local_time, "local_time")
bp.add_app_template_global(zone_name, "zone_name")
# Stored bodies as pages show them (blog/content/display.py).
bp.add_app_template_filter(body_for_page, "page_body")


def _page_number(args) -> int:
    # ?page=two reads as page 1, the way it always has; the page cache keys on the same number.
    return args.get("page", 1, type=int)


@bp.get("/")
@public_page(key=_page_number)
def index():
    """The public index: newest published posts first, paginated with ?page=."""
    page = index_page(_page_number(request.args), current_app.config["POSTS_PER_PAGE"],
                      version=known_content_version())
    keys.shows(keys.POSTS)
    keys.shows_posts(page.posts)
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
    if kept.tags is not None:
        form.tags.data = kept.tags
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


def _checked_transition(form: PostForm, post: Post | None) -> Transition | None:
    """What pressing the form's button does to post, if the user may: 403 if not (checked for
    every button on the server, whatever buttons the page showed); None for a preview."""
    if request.method != "POST" or form.action == PREVIEW:
        return None
    action = permissions.form_transition(post, form.action)
    if not permissions.may(g.user, action, post):
        abort(403)
    return Transition(action, g.user, note=form.note.data or "")


def _saved(form: PostForm, post: Post | None):
    """Save the validated form (a new post when post is None): the post, or a conflict page;
    None when nothing was saved (invalid, a preview, or an address taken: the form says why)."""
    transition = _checked_transition(form, post)
    if not form.validate_on_submit() or transition is None:
        return None
    transition = Transition(transition.action, g.user, transition.note, form.publish_at_utc)
    publish = form.action == PUBLISH
    try:
        if post is None:
            return create_post(g.user, form.text(), form.rendering(), publish, transition)
        return update_post(post, form.text(), form.rendering(), publish, transition,
                           expected_version=form.expected_version())
    except SlugRefused as refusal:
        form.slug.errors = [*form.slug.errors, str(refusal)]
        return None
    except EditConflict:
        return conflict_page(post, form)


AFTER_SAVE_MESSAGES = {
    permissions.PUBLISH: "Published “{title}”.",
    permissions.SCHEDULE: "Scheduled: “{title}” appears to readers at the time you chose.",
    permissions.SUBMIT: "Submitted for review. The editors see it now; you will find their "
                        "answer here.",
    permissions.UNPUBLISH: "Unpublished: it is a draft again, seen by you and the editors.",
    permissions.SEND_BACK: "Sent back to its writer with your note.",
}


def _after_save(post: Post, action: str):
    message = AFTER_SAVE_MESSAGES.get(action)
    if message is None:
        message = ("Your changes are published." if post.is_published
                   else "Draft saved. Only you and the editors can see it.")
    flash(message.format(title=post.title), "success")
    if post.is_published:
        return redirect(url_for("posts.show", slug=post.slug))
    return redirect(url_for("posts.edit", slug=post.slug))


def _writers_only():
    # A person the provider gives no role may read, not write: say whom to ask.
    if not permissions.may(g.user, permissions.WRITE):
        return render_template("posts/no_role.html"), 403
    return None


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
    refused = _writers_only()
    if refused is not None:
        return refused
    form = _submitted_form()
    if form is None:
        abort(400)
    post = _saved(form, None)
    if isinstance(post, Post):
        return _after_save(post, permissions.form_transition(None, form.action))
    _give_back_kept_text(form, None, "Publish")
    return _editor_page("posts/dashboard.html", form, drafts=drafts_of(g.user),
                        page=published_posts_of(g.user, _page_number(request.args)))


@bp.get("/<slug:slug>")
@public_page()
def show(slug: str):
    """One post: published, or a draft to its author; else a page of the site (published, or a
    draft to the editors); else an earlier address of a post, then of a page, redirects."""
    post = visible_post(slug)
    if post is not None:
        keys.shows_posts([post])
        return render_template("posts/show.html", post=post)
    # Past the post: one statement says whether anything else is or was here.
    found = page_or_earlier_address(slug)
    if found.page is not None:
        keys.shows(keys.page_key(found.page.id))
        return render_template("pages/show.html", page=found.page)
    current = ((redirected_slug(slug) if found.post_was_here else None)
               or (redirected_page_slug(slug) if found.page_was_here else None))
    if current is None:
        abort(404)
    return redirect(url_for("posts.show", slug=current), 301)


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
            # An address the blog made for a post never published is left empty: it follows
            # the title until the author types one or publishes.
            "summary": post.summary, "version": str(post.version),
            "slug": post.slug if post.published_at is not None or post.slug_chosen else "",
            "publish_at": local_time(post.published_at) if post.is_scheduled else "",
            "feature_image": body_image_url(post.feature_image) if post.feature_image else "",
            "tags": tags_text(post)}


@bp.route("/<slug:slug>/edit", methods=["GET", "POST"])
@keeps_text_across_login
@login_required
def edit(slug: str):
    """Change a post's words and address, and its state (publish, schedule, submit for review,
    send back, unpublish), as the user's role allows (blog/posts/permissions.py)."""
    post = allowed_post(slug, permissions.EDIT if request.method == "GET"
                        else permissions.HISTORY)
    form = _submitted_form(data=_edit_data(post))
    if form is None:
        abort(400)
    action = permissions.form_transition(post, form.action) if request.method == "POST" else None
    saved = _saved(form, post)
    if isinstance(saved, Post):
        return _after_save(saved, action)
    if saved is not None:
        return saved
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
    """GET asks for confirmation; POST deletes. Its author may, and editors."""
    post = allowed_post(slug, permissions.DELETE)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        title = post.title
        delete_post(post, by=g.user)
        flash(f"Deleted “{title or 'Untitled draft'}”.", "success")
        return redirect(url_for("posts.dashboard"))
    return render_template("posts/confirm_delete.html", form=form, post=post)
