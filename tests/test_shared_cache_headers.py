"""What public answers tell shared caches: s-maxage and stale-while-revalidate, and surrogate keys
naming the posts, authors, tags and lists they show; never anything for a personal answer."""

from __future__ import annotations

import pytest

from blog.caching.public import PRIVATE_CACHE_CONTROL
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import Tag
from blog.settings import ConfigurationError
from tests.helpers import PUBLIC_CACHE_CONTROL
from tests.page_helpers import make_page


@pytest.fixture
def shown(app, auth):
    """Alice's published post tagged "Trains", and the ids its keys use."""
    auth.login("alice")
    response = auth.publish("Night trains", "All *aboard*.", tags="Trains")
    slug = response.headers["Location"].lstrip("/")
    auth.logout()
    with app.app_context():
        post = db.session.execute(db.select(Post).where(Post.slug == slug)).scalar_one()
        tag = db.session.execute(db.select(Tag)).scalar_one()
        author = db.session.get(Author, post.author_id)
        return {"slug": slug, "post": post.id, "author": author.id, "author_slug": author.slug,
                "tag": tag.id, "tag_slug": tag.slug}


def surrogate_keys(response) -> set[str]:
    """The answer's surrogate keys."""
    return set(response.headers.get("Surrogate-Key", "").split())


# Each public answer, and what its keys must name besides "site" ({post} and the like are ids).
TAGGED = [
    ("/", {"posts", "post:{post}", "author:{author}"}),
    ("/{slug}", {"post:{post}", "author:{author}"}),
    ("/authors/{author_slug}", {"author:{author}", "post:{post}"}),
    ("/tags/{tag_slug}", {"tag:{tag}", "post:{post}", "author:{author}"}),
    ("/tags", {"tags"}),
    ("/search?q=trains", {"search"}),
    ("/feed.atom", {"posts", "post:{post}", "author:{author}"}),
    ("/authors/{author_slug}/feed.atom", {"author:{author}", "post:{post}"}),
    ("/tags/{tag_slug}/feed.atom", {"tag:{tag}", "post:{post}", "author:{author}"}),
    ("/sitemap.xml", {"sitemap"}),
    ("/robots.txt", set()),
    ("/api/v1/posts", {"posts", "post:{post}", "author:{author}"}),
    ("/api/v1/posts?tag={tag_slug}", {"tag:{tag}", "post:{post}", "author:{author}"}),
    ("/api/v1/posts?author={author_slug}", {"author:{author}", "post:{post}"}),
    ("/api/v1/posts/{slug}", {"post:{post}", "author:{author}"}),
    ("/api/v1/tags", {"tags"}),
    ("/api/v1/tags/{tag_slug}", {"tags"}),
    ("/api/v1/authors", {"authors"}),
    ("/api/v1/authors/{author_slug}", {"authors"}),
    ("/api/v1/pages", {"pages"}),
    ("/api/v1/site", set()),
]


@pytest.mark.parametrize(("path", "expected"), TAGGED, ids=[path for path, _ in TAGGED])
def test_a_public_answer_names_what_it_shows(app, shown, path, expected):
    response = app.test_client().get(path.format(**shown))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert surrogate_keys(response) == {"site", *(key.format(**shown) for key in expected)}


def test_a_site_page_names_itself(editorial_app):
    page_id = make_page(editorial_app, "About")
    response = editorial_app.test_client().get("/about")
    assert surrogate_keys(response) == {"site", f"page:{page_id}"}


@pytest.mark.parametrize("cached", [True, False], ids=["page cache", "no page cache"])
def test_a_revalidation_keeps_the_shared_headers(make_app, cached):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=1000 if cached else 0)
    reader = app.test_client()
    first = reader.get("/")
    again = reader.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert surrogate_keys(again) == surrogate_keys(first) == {"site", "posts"}


def test_caches_that_are_purged_may_keep_pages_a_day(make_app):
    app = make_app(CACHE_PURGE_URLS="http://127.0.0.1:9/")
    cache_control = app.test_client().get("/").headers["Cache-Control"]
    assert cache_control == "public, max-age=0, s-maxage=86400, stale-while-revalidate=30"


def test_the_operator_sets_both_durations(make_app):
    app = make_app(SHARED_CACHE_MAX_AGE="600", SHARED_CACHE_STALE_SECONDS="5")
    cache_control = app.test_client().get("/").headers["Cache-Control"]
    assert cache_control == "public, max-age=0, s-maxage=600, stale-while-revalidate=5"


@pytest.mark.parametrize("value", ["ftp://cache.example/", "varnish:6081", "http:///purge"])
def test_a_purge_address_that_is_not_http_is_refused_at_start(make_app, value):
    with pytest.raises(ConfigurationError, match="CACHE_PURGE_URLS"):
        make_app(CACHE_PURGE_URLS=value)


def test_an_authors_page_has_no_keys_and_is_never_shared(app, auth, shown):
    auth.login("bob")
    for path in ["/", f"/{shown['slug']}", "/dashboard", "/api/v1/posts"]:
        response = auth.client.get(path)
        if path.startswith("/api/"):
            # The API drops the cookie: the author gets the readers' answer, keys and all.
            assert response.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL, path
            continue
        assert response.headers["Cache-Control"] == PRIVATE_CACHE_CONTROL, path
        assert "Surrogate-Key" not in response.headers, path


def test_a_page_with_a_flashed_message_has_no_keys(app, client, shown):
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "For this reader only")]
    response = client.get("/")
    assert "For this reader only" in response.text
    assert response.headers["Cache-Control"] == PRIVATE_CACHE_CONTROL
    assert "Surrogate-Key" not in response.headers


def test_a_missing_page_is_not_shared(app, shown):
    response = app.test_client().get("/no-such-post")
    assert response.status_code == 404
    assert "s-maxage" not in response.headers.get("Cache-Control", "")
    assert "Surrogate-Key" not in response.headers
