"""The search page runs a fixed, small number of SQL statements at any size and page: the
content version, the page of results, and the count when the page alone does not tell it."""

from __future__ import annotations

import pytest

from blog.demo import seed_demo
from blog.extensions import db
from blog.models import Post
from tests.helpers import BUDGET
from tests.helpers import statements_for

SEARCHES = ["/search?q=the", "/search?q=the&page=3", '/search?q="the+first"', "/search?q=sou*"]


def test_a_search_costs_the_same_at_any_size_and_page(uncached_app, record_queries):
    client = uncached_app.test_client()
    with uncached_app.app_context():
        seed_demo(40, 3)
    small = [statements_for(client, uncached_app, record_queries, path) for path in SEARCHES]
    with uncached_app.app_context():
        seed_demo(600, 3)
    large = [statements_for(client, uncached_app, record_queries, path) for path in SEARCHES]
    assert small == large and max(large) <= BUDGET
    # Several pages of results: the version, the page and the count.
    assert statements_for(client, uncached_app, record_queries, "/search?q=the") == 3


@pytest.mark.parametrize("path, statements", [
    ("/search", 1),  # the version only: no query, no search
    ("/search?q=%21%21", 1),  # no words either
    ("/search?q=nomatchanywhere", 2),  # the page says it all: nothing
    ("/search?q=unique", 2),  # one page of results, counted as it is read
])
def test_a_search_that_needs_no_count_runs_none(uncached_app, record_queries, path,
                                                statements):
    with uncached_app.app_context():
        seed_demo(30, 2)
        db.session.execute(db.update(Post).where(Post.id == 1).values(title="Unique"))
        db.session.commit()
    client = uncached_app.test_client()
    assert statements_for(client, uncached_app, record_queries, path) == statements


def test_a_cached_search_costs_only_the_version_check(app, record_queries):
    with app.app_context():
        seed_demo(30, 2)
    client = app.test_client()
    client.get("/search?q=the")
    assert statements_for(client, app, record_queries, "/search?q=THE") == 1


def test_a_refused_search_runs_no_search(uncached_app, record_queries):
    with record_queries(uncached_app) as statements:
        assert uncached_app.test_client().get("/search?q=" + "x" * 500).status_code == 400
    assert len(statements) <= 1
