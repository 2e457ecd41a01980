"""A page of search results: one statement for the page, one more for the count when the page
alone does not tell it, on whichever database the blog runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from markupsafe import Markup

from blog import clock
from blog.extensions import db
from blog.search import postgres
from blog.search import sqlite
from blog.search.highlight import marked_html
from blog.search.query import SearchQuery

# Readers look at the first pages of results; deeper ones cost more and serve nobody.
MAX_PAGES = 50
# The work of a search is bounded whatever the query: only the posts most recently written among
# those that match are ranked (ranking all 100,000 posts with "the" took 0.2 s on SQLite,
# docs/performance.md), and the count is "more than 1,000" beyond this.
RANKED_CANDIDATES = 2000
COUNT_CAP = 1000


@dataclass(frozen=True)
class Hit:
    """One matching post as the results show it: title and snippet are escaped, with <mark>s."""

    slug: str
    title: Markup
    snippet: Markup
    excerpt: str
    published_at: datetime
    author: str
    author_slug: str


@dataclass(frozen=True)
class SearchPage:
    """One page of results; total is how many match, at most COUNT_CAP (more_than_cap says
    whether more do)."""

    hits: list[Hit]
    number: int
    has_previous: bool
    has_next: bool
    total: int
    more_than_cap: bool


def _backend():
    return postgres if db.session.get_bind().dialect.name == "postgresql" else sqlite


def search_page(query: SearchQuery, number: int, per_page: int) -> SearchPage:
    """Page `number` (from 1) of the public posts matching query, best first, among the
    RANKED_CANDIDATES most recently written matches; 404 for a page that cannot exist or past
    the end (as the index's pages)."""
    if number < 1 or number > MAX_PAGES:
        abort(404)
    backend, now, skip = _backend(), clock.now(), (number - 1) * per_page
    rows = db.session.execute(backend.page_statement(query, now, skip, per_page + 1,
                                                     RANKED_CANDIDATES)).all()
    if not rows and number > 1:
        abort(404)
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    if has_next or number > 1:
        total = db.session.execute(backend.count_statement(query, now,
                                                           RANKED_CANDIDATES)).scalar()
    else:
        total = len(rows)
    hits = [Hit(slug=row.slug, title=marked_html(row.title), snippet=marked_html(row.snippet),
                excerpt=row.excerpt, published_at=row.published_at, author=row.author,
                author_slug=row.author_slug)
            for row in rows]
    return SearchPage(hits=hits, number=number, has_previous=number > 1,
                      has_next=has_next and number < MAX_PAGES, total=min(total, COUNT_CAP),
                      more_than_cap=total > COUNT_CAP)
