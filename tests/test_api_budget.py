"""API answers keep the public pages' statement budget at any size and depth: the public
version, the tag and author (one statement for both), the page with its count; one statement
when the answer is cached."""

from __future__ import annotations

from tests.helpers import BUDGET
from tests.helpers import seed_demo_blog
from tests.helpers import statements_for


def deep_cursor(client, query: str, pages: int) -> str:
    """The cursor after `pages` pages of a listing, followed from its first page."""
    cursor = None
    for _ in range(pages):
        answer = client.get(f"/api/v1/posts?{query}" + (f"&cursor={cursor}" if cursor else ""))
        cursor = answer.get_json()["next_cursor"]
    return cursor


def test_api_answers_stay_within_the_budget_at_any_depth(uncached_app, record_queries):
    client = uncached_app.test_client()
    author, tag, post = seed_demo_blog(uncached_app, 1500)
    cursor = deep_cursor(client, "limit=100", 12)
    paths = ["/api/v1/posts", "/api/v1/posts?page=2", "/api/v1/posts?limit=1&page=1400",
             f"/api/v1/posts?limit=100&cursor={cursor}", f"/api/v1/posts?tag={tag}",
             f"/api/v1/posts?author={author}&page=3",
             f"/api/v1/posts?tag={tag}&author={author}", f"/api/v1/posts/{post}",
             "/api/v1/tags", f"/api/v1/tags/{tag}", "/api/v1/authors",
             f"/api/v1/authors/{author}", "/api/v1/pages", "/api/v1/site"]
    counts = {path: statements_for(client, uncached_app, record_queries, path)
              for path in paths}
    assert max(counts.values()) <= BUDGET, counts
    # The version and the page (its count read with it): no statement per post or per tag.
    assert counts["/api/v1/posts"] == 2
    assert counts[f"/api/v1/posts?tag={tag}&author={author}"] == 3


def test_a_cursor_page_reads_no_count(uncached_app, record_queries):
    client = uncached_app.test_client()
    seed_demo_blog(uncached_app, 300)
    cursor = deep_cursor(client, "limit=50", 3)
    with record_queries(uncached_app) as statements:
        assert client.get(f"/api/v1/posts?limit=50&cursor={cursor}").status_code == 200
    assert len(statements) == 2
    assert not any("count(" in statement.lower() for statement, _ in statements)


def test_a_cached_answer_costs_only_the_version_check(app, record_queries):
    client = app.test_client()
    _, tag, post = seed_demo_blog(app, 60)
    for path in ("/api/v1/posts", f"/api/v1/posts?tag={tag}&limit=5", f"/api/v1/posts/{post}"):
        assert client.get(path).status_code == 200
        assert statements_for(client, app, record_queries, path) == 1, path
        etag = client.get(path).headers["ETag"]
        assert statements_for(client, app, record_queries, path,
                              headers={"If-None-Match": etag}) == 1, path


def test_errors_stay_within_the_budget(uncached_app, record_queries):
    client = uncached_app.test_client()
    seed_demo_blog(uncached_app, 30)
    for path in ("/api/v1/posts?page=999", "/api/v1/posts?tag=nothing",
                 "/api/v1/posts/nothing", "/api/v1/posts?cursor=forged", "/api/v1/nothing"):
        with record_queries(uncached_app) as statements:
            assert client.get(path).status_code in (400, 404)
        assert len(statements) <= BUDGET, path
