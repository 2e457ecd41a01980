"""The blog blueprint's views: index, post pages, the dashboard, edit and delete, kept text."""

from __future__ import annotations

from flask import Blueprint
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
from blog.posts.editing import create_post
from blog.posts.editing import delete_post
from blog.posts.editing import update_post
from blog.posts.forms import ConfirmForm
from blog.posts.forms import PostForm
from blog.posts.kept import keeps_text_across_login
from blog.posts.kept import take_kept_text
from blog.posts.kept import where_kept_text_goes
from blog.posts.queries import index_page
from blog.posts.queries import owned_post
from blog.posts.queries import post_by_slug
from blog.posts.queries import posts_of
from blog.posts.slugs import SlugConverter

bp = Blueprint("posts", __name__)
# Registered before the routes below use it (the blueprint replays these in order).
bp.record_once(lambda state: state.app.url_map.converters.setdefault("slug", SlugConverter))


def _page_number(args) -> int:
    # ?page=two reads as page 1, the way it always has; the page cache keys on the same number.
    return args.get("page", 1, type=int)


@bp.get("/")
@public_page(key=_page_number)
def index():
    """The public index: newest posts first, paginated with ?page=."""
    page = index_page(_page_number(request.args), current_app.config["POSTS_PER_PAGE"],
                      version=known_content_version())
    return render_template("posts/index.html", page=page)


KEPT_MESSAGE = ("You were logged out before your text was saved. It was kept: here it is again. "
                "Check it and press “{button}”.")


def _give_back_kept_text(form: PostForm, slug: str | None, button: str) -> None:
    # Only on a GET: a POST's own text wins over anything kept earlier.
    if request.method != "GET":
        return
    kept = take_kept_text(slug)
    if kept is not None:
        form.title.data, form.body.data = kept.title, kept.body
        flash(KEPT_MESSAGE.format(button=button), "success")


@bp.route("/dashboard", methods=["GET", "POST"])
@keeps_text_across_login
@login_required
def dashboard():
    """The author's own posts and the form to write a new one."""
    form = PostForm()
    if form.validate_on_submit():
        post = create_post(g.user, form.title.data, form.body.data)
        flash(f"Published “{post.title}”.", "success")
        return redirect(url_for("posts.show", slug=post.slug))
    _give_back_kept_text(form, None, "Publish")
    status = 400 if form.errors else 200
    page = posts_of(g.user, _page_number(request.args))
    return render_template("posts/dashboard.html", form=form, page=page), status


@bp.get("/<slug:slug>")
@public_page()
def show(slug: str):
    """One post."""
    return render_template("posts/show.html", post=post_by_slug(slug))


@bp.get("/dashboard/kept")
@login_required
def kept():
    """Where the login sends an author whose text was kept: on to the form that gets it back."""
    slug = where_kept_text_goes(g.user.id)
    if slug is None:
        return redirect(url_for("posts.dashboard"))
    return redirect(url_for("posts.edit", slug=slug))


@bp.route("/<slug:slug>/edit", methods=["GET", "POST"])
@keeps_text_across_login
@login_required
def edit(slug: str):
    """Change a post's title and body; only its author may."""
    post = owned_post(slug)
    form = PostForm(obj=post)
    if form.validate_on_submit():
        update_post(post, form.title.data, form.body.data)
        flash("Your changes are saved.", "success")
        return redirect(url_for("posts.show", slug=post.slug))
    _give_back_kept_text(form, post.slug, "Save changes")
    status = 400 if form.errors else 200
    return render_template("posts/edit.html", form=form, post=post), status


@bp.route("/<slug:slug>/delete", methods=["GET", "POST"])
@login_required
def delete(slug: str):
    """GET asks for confirmation; POST deletes. Only the post's author may."""
    post = owned_post(slug)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        title = post.title
        delete_post(post)
        flash(f"Deleted “{title}”.", "success")
        return redirect(url_for("posts.dashboard"))
    return render_template("posts/confirm_delete.html", form=form, post=post)
