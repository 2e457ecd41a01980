"""Author pages, tag pages and the list of tags (public), and the author's own bio form."""

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
from blog.posts.bio import BioForm
from blog.posts.bio import save_bio
from blog.posts.listings import author_by_slug
from blog.posts.listings import author_posts_page
from blog.posts.listings import tag_by_slug
from blog.posts.listings import tag_posts_page
from blog.posts.listings import tags_with_counts
from blog.posts.tags import register_tag_listeners

bp = Blueprint("listings", __name__)
# Every app that saves posts has this blueprint: post_tags' copies of each post's state follow it.
bp.record_once(lambda state: register_tag_listeners())


def page_number(args) -> int:
    """The ?page= number (1 when missing or not a number); the page cache keys on it too."""
    return args.get("page", 1, type=int)


def query_args(endpoint: str, args: dict) -> dict:
    """Those of args that are not part of the endpoint's path: what a GET form (the pager's
    jump) must send as hidden fields, since a form's action loses its query string."""
    in_path = set()
    for rule in current_app.url_map.iter_rules(endpoint):
        in_path.update(rule.arguments)
    return {name: value for name, value in args.items() if name not in in_path}


bp.add_app_template_global(query_args, "pager_query_args")


@bp.get("/authors/<slug:slug>")
@public_page(key=page_number)
def author(slug: str):
    """An author's page: name, picture, bio and public posts, paginated; 404 for an author
    with no public post (accounts that published nothing are not revealed)."""
    person = author_by_slug(slug)
    if person is None:
        abort(404)
    page = author_posts_page(person, page_number(request.args),
                             current_app.config["POSTS_PER_PAGE"],
                             version=known_content_version())
    keys.shows(keys.author_key(person.id))
    keys.shows_posts(page.posts)
    return render_template("listings/author.html", author=person, page=page)


@bp.get("/tags")
@public_page()
def tags():
    """Every tag a public post has, with how many public posts have it."""
    keys.shows(keys.TAGS)
    return render_template("listings/tags.html", tags=tags_with_counts())


@bp.get("/tags/<slug:slug>")
@public_page(key=page_number)
def tag(slug: str):
    """A tag's public posts, newest first, paginated; 404 for a tag no public post has."""
    found = tag_by_slug(slug)
    if found is None:
        abort(404)
    page = tag_posts_page(found, page_number(request.args), current_app.config["POSTS_PER_PAGE"],
                          version=known_content_version())
    keys.shows(keys.tag_key(found.id))
    keys.shows_posts(page.posts)
    return render_template("listings/tag.html", tag=found, page=page)


@bp.route("/dashboard/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The author's bio, as their author page shows it."""
    form = BioForm(data={"bio": g.user.bio})
    if form.validate_on_submit():
        save_bio(g.user, form.bio.data or "")
        flash("Your bio is saved.", "success")
        return redirect(url_for("listings.profile"))
    status = 400 if form.errors else 200
    return render_template("listings/profile.html", form=form), status
