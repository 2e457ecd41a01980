"""Author pages, tag pages and /tags run at most three SQL statements at any size and depth
(the public version, the author or tag, the page with its count), and one when cached."""

from __future__ import annotations

import pytest

from tests.helpers import BUDGET
from tests.helpers import seed_demo_blog
from tests.helpers import statements_for


def deepest(client, path: str) -> int:
    """The number of the last page of a listing, read from its jump form."""
    page = client.get(path).text
    return int(page.split('name="page" min="1" max="', 1)[1].split('"', 1)[0])


def test_author_and_tag_pages_cost_three_statements_at_any_size_and_depth(uncached_app,
                                                                         record_queries):
    client = uncached_app.test_client()
    author, tag, _ = seed_demo_blog(uncached_app, 40)
    small = [statements_for(client, uncached_app, record_queries, path)
             for path in (f"/authors/{author}", f"/tags/{tag}", "/tags")]
    seed_demo_blog(uncached_app, 900)
    paths = []
    for base in (f"/authors/{author}", f"/tags/{tag}"):
        last = deepest(client, base)
        paths += [base, f"{base}?page=2", f"{base}?page={last // 2}", f"{base}?page={last}"]
    large = [statements_for(client, uncached_app, record_queries, path) for path in paths]
    # The public version, the author or tag, the page (with its count, the first time this
    # process renders the listing at this version); /tags: the version, then the tags.
    assert small == [3, 3, 2]
    assert set(large) <= {2, 3} and max(large) <= BUDGET
    assert statements_for(client, uncached_app, record_queries, "/tags") == 2


def test_a_listing_is_counted_once_per_version(uncached_app, record_queries):
    client = uncached_app.test_client()
    author, _, _ = seed_demo_blog(uncached_app, 60)
    with record_queries(uncached_app) as first:
        client.get(f"/authors/{author}")
    with record_queries(uncached_app) as second:
        client.get(f"/authors/{author}?page=2")
    assert any("count(" in statement.lower() for statement, _ in first)
    assert not any("count(" in statement.lower() for statement, _ in second)
    # The index too: its last page is known from the count, and a new version counts again.
    with record_queries(uncached_app) as index:
        client.get("/")
    assert any("count(" in statement.lower() for statement, _ in index)
    seed_demo_blog(uncached_app, 5)
    with record_queries(uncached_app) as again:
        client.get(f"/authors/{author}?page=2")
    assert any("count(" in statement.lower() for statement, _ in again)


@pytest.mark.parametrize("kind", ["author", "tag", "tags"])
def test_a_cached_listing_costs_only_the_version_check(app, client, record_queries, kind):
    author, tag, _ = seed_demo_blog(app, 30)
    path = {"author": f"/authors/{author}", "tag": f"/tags/{tag}", "tags": "/tags"}[kind]
    assert client.get(path).status_code == 200
    assert statements_for(client, app, record_queries, path) == 1
    etag = client.get(path).headers["ETag"]
    assert statements_for(client, app, record_queries, path,
                          headers={"If-None-Match": etag}) == 1


def test_pages_past_the_end_and_unknown_slugs_stay_within_the_budget(uncached_app,
                                                                    record_queries):
    author, tag, _ = seed_demo_blog(uncached_app, 30)
    client = uncached_app.test_client()
    for path in (f"/authors/{author}?page=999", f"/tags/{tag}?page=999", "/authors/nobody",
                 "/tags/nothing", f"/tags/{tag}?page=-3"):
        with record_queries(uncached_app) as statements:
            assert client.get(path).status_code == 404
        assert len(statements) <= BUDGET, path


def test_the_index_pager_numbers_its_pages_within_its_budget(uncached_app, record_queries):
    seed_demo_blog(uncached_app, 95)
    client = uncached_app.test_client()
    page = client.get("/?page=3").text
    assert '<a href="/?page=10"><span class="visually-hidden">Page </span>10</a>' in page
    assert 'name="page" min="1" max="10" value="3"' in page
    assert statements_for(client, uncached_app, record_queries, "/?page=5") == 2
