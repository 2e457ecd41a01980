"""Reader pages and the dashboard run a fixed, small number of SQL statements at any size."""

from __future__ import annotations

from datetime import datetime

import pytest

from blog.demo import seed_demo
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from tests.helpers import BUDGET
from tests.helpers import statements_for
from tests.helpers import write_posts


def seed(app, posts: int) -> None:
    """Add demo posts (by demo authors) straight into the app's database."""
    with app.app_context():
        seed_demo(posts, 3)




def test_a_rendered_index_page_costs_the_same_at_any_size_and_depth(uncached_app,
                                                                    record_queries):
    client = uncached_app.test_client()
    seed(uncached_app, 25)
    small = [statements_for(client, uncached_app, record_queries, f"/?page={n}")
             for n in (1, 3)]
    seed(uncached_app, 600)
    large = [statements_for(client, uncached_app, record_queries, f"/?page={n}")
             for n in (1, 3, 40, 63)]
    assert set(small + large) == {2}  # the content version, then the page with its authors


def test_a_rendered_post_page_costs_two_statements(uncached_app, record_queries):
    seed(uncached_app, 30)
    client = uncached_app.test_client()
    with uncached_app.app_context():
        slug = db.session.execute(db.select(Post.slug).limit(1)).scalar_one()
    assert statements_for(client, uncached_app, record_queries, f"/{slug}") == 2


def test_a_page_past_the_end_is_not_found_within_the_budget(uncached_app, record_queries):
    seed(uncached_app, 30)
    with record_queries(uncached_app) as statements:
        assert uncached_app.test_client().get("/?page=99").status_code == 404
    assert len(statements) <= BUDGET


@pytest.mark.parametrize("path", ["/", "/?page=2"])
def test_a_cached_index_page_costs_only_the_version_check(app, client, record_queries, path):
    seed(app, 30)
    client.get(path)
    assert statements_for(client, app, record_queries, path) == 1


def test_a_cached_post_page_costs_only_the_version_check(app, client, record_queries):
    seed(app, 5)
    with app.app_context():
        slug = db.session.execute(db.select(Post.slug).limit(1)).scalar_one()
    client.get(f"/{slug}")
    assert statements_for(client, app, record_queries, f"/{slug}") == 1


def test_a_revalidation_costs_only_the_version_check(app, client, record_queries):
    seed(app, 30)
    etag = client.get("/?page=2").headers["ETag"]
    assert statements_for(client, app, record_queries, "/?page=2",
                          headers={"If-None-Match": etag}) == 1


def test_a_revalidation_of_a_page_not_kept_renders_it_within_the_budget(uncached_app,
                                                                       record_queries):
    seed(uncached_app, 30)
    client = uncached_app.test_client()
    etag = client.get("/?page=2").headers["ETag"]
    assert statements_for(client, uncached_app, record_queries, "/?page=2",
                          headers={"If-None-Match": etag}) == 2




@pytest.mark.parametrize("path", ["/feed.atom", "/sitemap.xml"])
def test_the_feed_and_sitemap_cost_the_same_at_any_size(uncached_app, record_queries, path):
    client = uncached_app.test_client()
    seed(uncached_app, 5)
    small = statements_for(client, uncached_app, record_queries, path)
    seed(uncached_app, 300)
    # The version; then the feed's posts with their authors, or the sitemap's counts per part
    # and its list of addresses.
    assert [small, statements_for(client, uncached_app, record_queries, path)] == (
        [2, 2] if path == "/feed.atom" else [3, 3])


def test_a_sitemap_index_and_its_parts_hold_the_budget(make_app, record_queries):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=0, SITEMAP_MAX_URLS=50, SITEMAP_PART_IDS=40)
    seed(app, 200)
    client = app.test_client()
    index = client.get("/sitemap.xml").text
    # The site's pages, five parts of posts, the authors' part, and the tags' parts.
    assert index.count("<sitemap>") >= 1 + 5 + 1 + 1
    for path in ("/sitemap.xml", "/sitemap-pages.xml", "/sitemap-posts-1.xml",
                 "/sitemap-posts-5.xml", "/sitemap-authors-1.xml", "/sitemap-tags-1.xml"):
        assert statements_for(client, app, record_queries, path) == 2, path


@pytest.mark.parametrize("path", ["/feed.atom", "/sitemap.xml", "/robots.txt"])
def test_a_cached_feed_or_sitemap_costs_only_the_version_check(app, client, record_queries,
                                                               path):
    seed(app, 30)
    client.get(path)
    assert statements_for(client, app, record_queries, path) == 1


def test_the_dashboard_costs_the_same_at_any_size_and_page(auth, client, app, record_queries):
    auth.login("alice")
    write_posts(app, "Alice", 3)
    small = statements_for(client, app, record_queries, "/dashboard")
    seed(app, 200)
    with app.app_context():
        alice = db.session.execute(db.select(Author).filter_by(name="Alice")).scalar_one()
        db.session.execute(db.update(Post).where(Post.id % 2 == 0).values(author_id=alice.id))
        db.session.commit()
    large = [statements_for(client, app, record_queries, f"/dashboard?page={n}")
             for n in (1, 2)]
    # The login session with its author, the drafts, the page of published posts.
    assert [small, *large] == [3, 3, 3]


def test_the_dashboard_is_paginated(auth, client, app):
    from blog.posts.queries import DASHBOARD_PAGE_SIZE

    auth.login("alice")
    write_posts(app, "Alice", DASHBOARD_PAGE_SIZE + 5)
    first = client.get("/dashboard").text
    assert first.count('class="my-post-title"') == DASHBOARD_PAGE_SIZE
    assert 'href="/dashboard?page=2"' in first
    second = client.get("/dashboard?page=2").text
    assert second.count('class="my-post-title"') == 5
    assert client.get("/dashboard?page=3").status_code == 404


@pytest.fixture
def hundred_thousand_posts(editorial_app, make_member):
    """100,000 demo posts, a seventh of them in review, a thirteenth scheduled, and Carol (an
    editor) the writer of every third one: (Carol's browser, the app)."""
    carol = make_member("carol", "editor")
    seed(editorial_app, 100_000)
    with editorial_app.app_context():
        carol_id = db.session.execute(db.select(Author.id).filter_by(name="Carol")).scalar_one()
        db.session.execute(db.update(Post).where(Post.id % 7 == 0).values(status="review"))
        db.session.execute(db.update(Post).where(Post.id % 13 == 0)
                           .values(status="published", published_at=datetime(2999, 1, 1)))
        db.session.execute(db.update(Post).where(Post.id % 3 == 0).values(author_id=carol_id))
        # Bulk UPDATEs bypass the ORM: the copies of the posts' state in post_tags follow by hand.
        db.session.execute(db.update(post_tags).values(
            status=db.select(Post.status).where(Post.id == post_tags.c.post_id)
            .scalar_subquery(),
            published_at=db.select(Post.published_at).where(Post.id == post_tags.c.post_id)
            .scalar_subquery()))
        db.session.commit()
    return carol, editorial_app


def test_the_editorial_pages_and_public_pages_hold_their_budgets_at_100000_posts(
        hundred_thousand_posts, record_queries):
    # One test for the three, because seeding 100,000 posts takes most of a minute.
    carol, app = hundred_thousand_posts
    dashboard = [statements_for(carol.client, app, record_queries, f"/dashboard?page={n}")
                 for n in (1, 2, 50)]
    # The login session with its author, the posts not yet public, the page of published ones.
    assert dashboard == [3, 3, 3]
    # The login session with its author, then the queue with its writers' names.
    assert statements_for(carol.client, app, record_queries, "/review") == 2
    reader = app.test_client()
    # The public version (the clock's part read with it), then the page; then the cache.
    assert statements_for(reader, app, record_queries, "/?page=30") == 2
    assert statements_for(reader, app, record_queries, "/?page=30") == 1
    # Author and tag pages, near the start and deep: the version, the author or tag, the page
    # (with its count the first time).
    with app.app_context():
        carol_slug = db.session.execute(db.select(Author.slug).filter_by(name="Carol")).scalar()
        tag = db.session.execute(db.select(Tag.slug).order_by(Tag.id).limit(1)).scalar_one()
    for path in (f"/authors/{carol_slug}", f"/authors/{carol_slug}?page=2000", f"/tags/{tag}",
                 f"/tags/{tag}?page=1500", "/tags", "/feed.atom", "/sitemap.xml",
                 "/sitemap-posts-3.xml"):
        assert statements_for(reader, app, record_queries, path) <= BUDGET, path
        assert statements_for(reader, app, record_queries, path) == 1, path
