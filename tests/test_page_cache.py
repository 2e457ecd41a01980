"""The rendered-page cache: bounded, never stale, and shared by no one across processes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import template_rendered

from blog.caching.pages import CachedPage
from blog.caching.pages import PageCache
from blog.extensions import db
from blog.models import LoginSession
from tests.helpers import AuthActions
from tests.helpers import seed_posts
from tests.helpers import slug_from


@pytest.fixture
def two_workers(make_app):
    """Two app instances on one database, as two gunicorn workers are."""
    return make_app(), make_app()


@pytest.fixture
def alice_on(make_auth):
    """Log Alice in on a given app instance."""

    def login(app) -> AuthActions:
        actions = make_auth(app)
        actions.login("alice")
        return actions

    return login


def test_a_post_written_through_one_worker_shows_at_once_on_the_other(two_workers, alice_on):
    first, second = two_workers
    reader = second.test_client()
    assert "No posts yet" in reader.get("/").text
    slug = slug_from(alice_on(first).write_post(title="Written on the first worker"))
    assert "Written on the first worker" in reader.get("/").text
    assert reader.get(f"/{slug}").status_code == 200


def test_an_edit_through_one_worker_shows_at_once_on_the_other(two_workers, alice_on):
    first, second = two_workers
    alice = alice_on(first)
    slug = slug_from(alice.write_post(title="Before", body="<p>Old words</p>"))
    reader = second.test_client()
    assert "Old words" in reader.get(f"/{slug}").text
    assert "Before" in reader.get("/").text
    alice.client.post(f"/{slug}/edit", data={"csrf_token": alice.csrf_token(), "title": "After",
                                              "body": "<p>New words</p>"})
    assert "New words" in reader.get(f"/{slug}").text
    assert "After" in reader.get("/").text


def test_a_delete_through_one_worker_shows_at_once_on_the_other(two_workers, alice_on):
    first, second = two_workers
    alice = alice_on(first)
    slug = slug_from(alice.write_post(title="Short-lived"))
    reader = second.test_client()
    assert reader.get(f"/{slug}").status_code == 200
    assert "Short-lived" in reader.get("/").text
    alice.client.post(f"/{slug}/delete", data={"csrf_token": alice.csrf_token()})
    assert reader.get(f"/{slug}").status_code == 404
    assert "Short-lived" not in reader.get("/").text


def test_a_new_author_name_shows_at_once_on_every_worker(two_workers, alice_on, provider):
    first, second = two_workers
    alice = alice_on(first)
    slug = slug_from(alice.write_post(title="Signed"))
    reader = second.test_client()
    assert "Alice" in reader.get(f"/{slug}").text
    # The provider now says she is called something else; her next request refreshes it.
    provider.faults.userinfo_changes = {"name": "Alice Liddell"}
    with first.app_context():
        for login in db.session.execute(db.select(LoginSession)).scalars():
            login.profile_checked_at -= timedelta(seconds=first.config["PROFILE_MAX_AGE"] + 1)
        db.session.commit()
    assert alice.client.get("/dashboard").status_code == 200
    assert "Alice Liddell" in reader.get(f"/{slug}").text
    assert "Alice Liddell" in reader.get("/").text


@pytest.fixture
def rendered_templates(app):
    """Names of the templates the app renders during the test."""
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    yield rendered
    template_rendered.disconnect(record, app)


def test_a_cached_page_is_served_without_rendering(app, client, rendered_templates):
    seed_posts(app, 3)
    client.get("/")
    assert rendered_templates == ["posts/index.html"]
    assert "Post 3" in client.get("/").text
    assert rendered_templates == ["posts/index.html"]


def test_a_reader_with_other_cookies_is_served_from_the_cache(app, client, rendered_templates):
    seed_posts(app, 3)
    client.set_cookie("analytics_id", "abc123")
    client.get("/")
    assert "Post 3" in client.get("/").text
    assert rendered_templates == ["posts/index.html"]


def test_without_a_page_cache_every_page_is_still_right(make_app):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=0)
    seed_posts(app, 3)
    reader = app.test_client()
    assert "Post 3" in reader.get("/").text
    assert "Post 3" in reader.get("/").text
    assert len(app.extensions["blog_caching"].pages) == 0


def test_equivalent_page_numbers_share_one_cached_page(app, client):
    seed_posts(app, 15)
    for path in ["/", "/?page=1", "/?page=one", "/?page=1&utm_source=feed"]:
        assert client.get(path).status_code == 200
    assert len(app.extensions["blog_caching"].pages) == 1


def test_the_app_keeps_no_more_pages_than_configured(make_app):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=2)
    seed_posts(app, 40)
    reader = app.test_client()
    for page in range(1, 5):
        reader.get(f"/?page={page}")
    assert len(app.extensions["blog_caching"].pages) == 2


def page(body: bytes) -> CachedPage:
    return CachedPage((), body)


def test_the_least_recently_used_page_goes_first():
    cache = PageCache(max_entries=2, max_bytes=1000)
    cache.put("a", 1, page(b"A"))
    cache.put("b", 1, page(b"B"))
    assert cache.get("a", 1).body == b"A"
    cache.put("c", 1, page(b"C"))
    assert cache.get("b", 1) is None
    assert (cache.get("a", 1).body, cache.get("c", 1).body) == (b"A", b"C")


def test_pages_are_evicted_to_stay_within_the_byte_bound():
    cache = PageCache(max_entries=100, max_bytes=10)
    for key in "abcd":
        cache.put(key, 1, page(b"xxxx"))
    assert cache.size <= 10
    assert len(cache) == 2
    assert cache.get("d", 1).body == b"xxxx"


def test_headers_count_towards_the_byte_bound():
    assert CachedPage((("ETag", '"1-a"'),), b"body").size == len("ETag") + len('"1-a"') + 4


def test_a_page_larger_than_the_whole_cache_is_not_kept():
    cache = PageCache(max_entries=100, max_bytes=10)
    cache.put("small", 1, page(b"tiny"))
    cache.put("huge", 1, page(b"x" * 11))
    assert cache.get("huge", 1) is None
    assert cache.get("small", 1).body == b"tiny"


def test_a_page_rendered_for_another_version_is_never_returned():
    cache = PageCache(max_entries=10, max_bytes=1000)
    cache.put("index", 7, page(b"old"))
    assert cache.get("index", 8) is None
    cache.put("index", 8, page(b"new"))
    assert cache.get("index", 8).body == b"new"
    assert cache.size == 3
