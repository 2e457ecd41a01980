"""The search page: /search?q=...&page=..., a public page like the index."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask import request

from blog.caching import keys
from blog.caching.public import public_page
from blog.search.query import MAX_WORDS
from blog.search.query import QueryRefused
from blog.search.query import SearchQuery
from blog.search.query import parse_query
from blog.search.results import search_page

bp = Blueprint("search", __name__)


def _page_number(args) -> int:
    # As the index reads it: ?page=two is page 1.
    return args.get("page", 1, type=int)


def _page_key(args) -> tuple:
    """The query in its normal spelling and the page: equivalent searches share one cached
    page. (Called outside the app: the length limit is the view's to apply.)"""
    text = args.get("q", "")
    try:
        normal = str(parse_query(text, max_chars=len(text)))
    except QueryRefused:
        normal = None  # answered with a 400, which is never kept
    return normal, _page_number(args)


@bp.get("/search")
@public_page(key=_page_key)
def search():
    """Published posts whose title, summary or text hold every word searched for, best first,
    with the words marked in a snippet; paginated with ?page=. A search over the bounds is
    answered 400 with the form and the reason."""
    max_chars = current_app.config["SEARCH_MAX_QUERY_CHARS"]
    limits = {"max_chars": max_chars, "max_words": MAX_WORDS}
    try:
        query = parse_query(request.args.get("q", ""), max_chars)
    except QueryRefused as refusal:
        return render_template("search/results.html", query=SearchQuery(()), page=None,
                               refusal=str(refusal), **limits), 400
    page = None
    # Any change to a public post or its author's name may change any search's results.
    keys.shows(keys.SEARCH)
    if query:
        page = search_page(query, _page_number(request.args),
                           current_app.config["POSTS_PER_PAGE"])
    return render_template("search/results.html", query=query, page=page, refusal=None,
                           **limits)
