"""The API's views under /api/v1: thin, reading with blog/api/queries.py and directory.py and
answering with blog/api/shapes.py. Every one is a public page (ETag, 304, the page cache)."""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import jsonify
from flask import request

from blog.api import directory
from blog.api.cors import bodiless
from blog.api.cors import preflight
from blog.api.openapi import openapi_document
from blog.api.params import exact_key
from blog.api.params import posts_key
from blog.api.params import posts_query
from blog.api.params import single_values
from blog.api.problems import not_found
from blog.api.queries import moved_post_slug
from blog.api.queries import posts_page
from blog.api.queries import public_post
from blog.api.shapes import author_shape
from blog.api.shapes import page_detail
from blog.api.shapes import page_item
from blog.api.shapes import post_detail
from blog.api.shapes import posts_list
from blog.api.shapes import site_shape
from blog.api.shapes import tag_shape
from blog.caching import keys
from blog.caching.public import known_content_version
from blog.caching.public import public_page
from blog.public_url import public_url_for
from blog.site.store import current_site

API_ROOT = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=API_ROOT)
# CORS preflight for every route of the blueprint, before Flask's automatic OPTIONS answer.
bp.before_request(preflight)


def _no_parameters() -> None:
    single_values(request.args, ())


@bp.get("/posts")
@public_page(key=posts_key)
def posts() -> Response:
    """Public posts newest first, by page number or after a cursor, by tag and author."""
    query = posts_query(request.args)
    body, links = posts_list(query, posts_page(query, known_content_version()))
    response = jsonify(body)
    if links:
        response.headers["Link"] = links
    return response


@bp.get("/posts/<slug:slug>")
@public_page(key=exact_key)
def post(slug: str) -> Response:
    """One public post with its HTML; an earlier address is a 301 to the current one."""
    _no_parameters()
    found = public_post(slug)
    if found is None:
        current = moved_post_slug(slug)
        if current is None:
            raise not_found("No public post has this slug.")
        return bodiless(301, Location=public_url_for("api.post", slug=current))
    keys.shows_posts([found])
    return jsonify(post_detail(found))


@bp.get("/tags")
@public_page(key=exact_key)
def tags() -> Response:
    """Every tag a public post has, with how many, by slug."""
    _no_parameters()
    keys.shows(keys.TAGS)
    return jsonify({"items": [tag_shape(tag) for tag in directory.tags_with_counts()]})


@bp.get("/tags/<slug:slug>")
@public_page(key=exact_key)
def tag(slug: str) -> Response:
    """One tag with public posts, and how many."""
    _no_parameters()
    found = directory.tag_with_count(slug)
    if found is None:
        raise not_found("No public post has this tag.")
    # Its count changes with the tags' list (a directory row carries no id).
    keys.shows(keys.TAGS)
    return jsonify(tag_shape(found))


@bp.get("/authors")
@public_page(key=exact_key)
def authors() -> Response:
    """Every author with public posts, with how many, by slug."""
    _no_parameters()
    keys.shows(keys.AUTHORS)
    return jsonify({"items": [author_shape(author)
                              for author in directory.authors_with_counts()]})


@bp.get("/authors/<slug:slug>")
@public_page(key=exact_key)
def author(slug: str) -> Response:
    """One author with public posts (authors who published nothing are not revealed)."""
    _no_parameters()
    found = directory.author_with_count(slug)
    if found is None:
        raise not_found("No author with public posts has this slug.")
    keys.shows(keys.AUTHORS)
    return jsonify(author_shape(found))


@bp.get("/pages")
@public_page(key=exact_key)
def pages() -> Response:
    """Every published page of the site, by slug."""
    _no_parameters()
    keys.shows(keys.PAGES)
    return jsonify({"items": [page_item(page) for page in directory.published_pages()]})


@bp.get("/pages/<slug:slug>")
@public_page(key=exact_key)
def page(slug: str) -> Response:
    """One published page with its HTML."""
    _no_parameters()
    found = directory.page_by_slug(slug)
    if found is None:
        raise not_found("No published page has this slug.")
    keys.shows(keys.page_key(found.id))
    return jsonify(page_detail(found))


@bp.get("/site")
@public_page(key=exact_key)
def site() -> Response:
    """The site's settings, its address and the API's entry points."""
    _no_parameters()
    return jsonify(site_shape(current_site()))


@bp.get("/openapi.json")
@public_page(key=exact_key)
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API."""
    _no_parameters()
    return jsonify(openapi_document())
