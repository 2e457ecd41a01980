"""The editors' page views under /dashboard/pages: the list, the form (new and edit, with
preview, conflicts and text kept across a login) and the confirmed delete. Readers' /<slug> is
posts.show (blog/posts/views.py), which falls back to pages."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from blog.auth.guards import login_required
from blog.content.render import preview_body
from blog.extensions import db
from blog.pages.editing import EditConflict
from blog.pages.editing import create_page
from blog.pages.editing import delete_page
from blog.pages.editing import update_page
from blog.pages.forms import ACTIONS
from blog.pages.forms import PREVIEW
from blog.pages.forms import PUBLISH
from blog.pages.forms import PageForm
from blog.pages.kept import keeps_page_text_across_login
from blog.pages.kept import kept_form_name
from blog.pages.kept import page_id_of
from blog.pages.kept import where_kept_page_text_goes
from blog.pages.model import Page
from blog.pages.navigation import NavigationFull
from blog.pages.navigation import in_navigation
from blog.pages.queries import editable_page
from blog.pages.queries import every_page
from blog.posts import permissions
from blog.posts.forms import ConfirmForm
from blog.posts.kept import take_kept_text
from blog.posts.slugs import SlugRefused
from blog.site.store import current_site

bp = Blueprint("pages", __name__)

KEPT_MESSAGE = ("You were logged out before your page was saved. It was kept: here it is "
                "again. Check it and press a button to save it.")


def _editors_only() -> None:
    # Contributors and authors write posts, not the site's pages.
    if not permissions.may(g.user, permissions.PAGES):
        abort(403)


@bp.get("/dashboard/pages")
@login_required
def index():
    """Every page, drafts too, with links to write, edit and delete them."""
    _editors_only()
    return render_template("pages/index.html", pages=every_page(),
                           navigation=current_site().navigation)


def _edit_data(page: Page) -> dict:
    return {"title": page.title, "slug": page.slug, "format": page.source_format,
            "body": page.source, "version": str(page.version),
            "in_navigation": in_navigation(current_site().navigation, page.slug)}


def _form(page: Page | None) -> PageForm:
    form = PageForm(data=_edit_data(page) if page is not None else None)
    # Only admins change the site's settings; the checkbox is theirs alone (checked here too).
    form.may_navigate = permissions.may(g.user, permissions.SITE_SETTINGS)
    if request.method == "POST":
        form.action = request.form.get("action", PUBLISH)
        if form.action not in ACTIONS:
            abort(400)
    return form


def _saved(form: PageForm, page: Page | None):
    """The saved page, a conflict page, or None (not saved: the form says why, or a preview)."""
    if request.method != "POST" or not form.validate_on_submit() or form.action == PREVIEW:
        return None
    publish = form.action == PUBLISH
    try:
        if page is None:
            return create_page(g.user, form.text(), form.rendering(), publish)
        return update_page(page, form.text(), form.rendering(), publish, g.user,
                           expected_version=form.expected_version())
    except SlugRefused as refusal:
        form.slug.errors = [*form.slug.errors, str(refusal)]
    except NavigationFull as refusal:
        form.in_navigation.errors = [*form.in_navigation.errors, str(refusal)]
    except EditConflict:
        return _conflict_page(page, form)
    return None


def _conflict_page(page: Page, form: PageForm):
    # Their text stays in the form as sent; only the version moves on, to save it on purpose.
    db.session.refresh(page)
    form.version.data = str(page.version)
    return render_template("pages/conflict.html", page=page, form=form, preview=None), 409


def _after_save(page: Page, was_published: bool):
    if page.is_published:
        flash(f"Published “{page.title}”." if not was_published
              else "Your changes are published.", "success")
        return redirect(url_for("posts.show", slug=page.slug))
    flash("Unpublished: readers get “not found” at its address." if was_published
          else "Draft saved. Only the editors can see it.", "success")
    return redirect(url_for("pages.edit", page_id=page.id))


def _give_back_kept_text(form: PageForm, page: Page | None) -> None:
    if request.method != "GET":
        return
    kept = take_kept_text(kept_form_name(page.id if page is not None else None))
    if kept is None:
        return
    form.title.data, form.body.data = kept.title, kept.body
    if kept.source_format is not None:
        form.format.data = kept.source_format
    flash(KEPT_MESSAGE, "success")


def _form_page(form: PageForm, page: Page | None):
    preview = None
    if form.action == PREVIEW and request.method == "POST" and not form.body.errors:
        preview = preview_body(form.body.data or "", form.format.data)
    _give_back_kept_text(form, page)
    return render_template("pages/edit.html", form=form, page=page, preview=preview), (
        400 if form.errors else 200)


@bp.route("/dashboard/pages/new", methods=["GET", "POST"])
@keeps_page_text_across_login
@login_required
def new():
    """Write a new page: save it as a draft, or publish it."""
    _editors_only()
    form = _form(None)
    saved = _saved(form, None)
    if isinstance(saved, Page):
        return _after_save(saved, was_published=False)
    return _form_page(form, None)


@bp.route("/dashboard/pages/<int:page_id>", methods=["GET", "POST"])
@keeps_page_text_across_login
@login_required
def edit(page_id: int):
    """Change a page's words and address; publish, update or unpublish it."""
    _editors_only()
    page = editable_page(page_id)
    was_published = page.is_published
    form = _form(page)
    saved = _saved(form, page)
    if isinstance(saved, Page):
        return _after_save(saved, was_published)
    if saved is not None:
        return saved
    return _form_page(form, page)


@bp.route("/dashboard/pages/<int:page_id>/delete", methods=["GET", "POST"])
@login_required
def delete(page_id: int):
    """GET asks for confirmation; POST (with its CSRF token) deletes."""
    _editors_only()
    page = editable_page(page_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        title = page.title
        delete_page(page, by=g.user)
        flash(f"Deleted the page “{title}”.", "success")
        return redirect(url_for("pages.index"))
    return render_template("pages/confirm_delete.html", form=form, page=page)


@bp.get("/dashboard/pages/kept")
@login_required
def kept():
    """Where the login sends a writer whose page text was kept: on to the form that gives it
    back (the new-post form, by the posts' rule, for one who may not edit pages)."""
    target = where_kept_page_text_goes()
    if target is None or not permissions.may(g.user, permissions.PAGES):
        return redirect(url_for("posts.kept"))
    page_id = page_id_of(target)
    if page_id is None:
        return redirect(url_for("pages.new"))
    return redirect(url_for("pages.edit", page_id=page_id))

