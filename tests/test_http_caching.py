"""HTTP caching: public pages revalidate with a cheap 304; nothing personal is ever shared."""

from __future__ import annotations

import pytest

from blog.caching.public import PRIVATE_CACHE_CONTROL
from tests.helpers import PUBLIC_CACHE_CONTROL
from tests.helpers import seed_posts
from tests.helpers import slug_from


@pytest.fixture
def post_slug(auth):
    """A post by Alice; the test client stays logged in as her (use another client to read)."""
    auth.login("alice")
    return slug_from(auth.write_post(title="Cached words", body="<p>Read me.</p>"))


@pytest.mark.parametrize("path", ["/", "/?page=2", "/post-3"])
def test_public_pages_are_shared_but_revalidated(app, path):
    seed_posts(app, 15)
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Vary"] == "Cookie"


def test_anonymous_readers_get_no_cookie(app):
    seed_posts(app, 15)
    reader = app.test_client()
    for path in ["/", "/?page=2", "/post-3"]:
        assert "Set-Cookie" not in reader.get(path).headers
    assert reader.get_cookie("blog_session") is None


@pytest.mark.parametrize("if_none_match", ['{etag}', 'W/{etag}', '"other", {etag}', '*'])
def test_a_matching_revalidation_gets_an_empty_304(app, client, if_none_match):
    seed_posts(app, 3)
    etag = client.get("/").headers["ETag"]
    response = client.get("/", headers={"If-None-Match": if_none_match.format(etag=etag)})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL


@pytest.mark.parametrize("with_session_cookie", [False, True])
def test_a_missing_post_is_not_found_whatever_etag_is_sent(app, client, with_session_cookie):
    seed_posts(app, 3)
    etag = client.get("/").headers["ETag"]
    if with_session_cookie:
        with client.session_transaction() as session:
            session["login_next"] = "/dashboard"
    response = client.get("/no-such-post", headers={"If-None-Match": etag})
    assert response.status_code == 404


def test_a_stale_etag_gets_the_whole_page(app, client):
    seed_posts(app, 3)
    response = client.get("/", headers={"If-None-Match": '"1-stale"'})
    assert response.status_code == 200
    assert "Post 3" in response.text


def test_anonymous_pages_carry_nothing_of_one_reader(app):
    seed_posts(app, 3)
    first, second = app.test_client(), app.test_client()
    assert first.get("/").data == second.get("/").data
    assert "csrf_token" not in first.get("/post-1").text


def test_a_new_post_shows_at_once_to_a_revalidating_reader(auth, app):
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    auth.login("alice")
    auth.write_post(title="Fresh off the press")
    response = reader.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Fresh off the press" in response.text


@pytest.mark.parametrize("change", ["create", "edit", "delete"])
def test_every_post_change_is_a_new_etag(auth, client, app, change):
    auth.login("alice")
    slug = slug_from(auth.write_post(title="First"))
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    token = auth.csrf_token()
    if change == "create":
        auth.write_post(title="Second")
    elif change == "edit":
        client.post(f"/{slug}/edit", data={"csrf_token": token, "title": "First, edited",
                                           "body": "<p>New</p>"})
    else:
        client.post(f"/{slug}/delete", data={"csrf_token": token})
    response = reader.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_logging_in_and_out_changes_no_etag(auth, app):
    seed_posts(app, 3)
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    auth.login("alice")
    auth.logout()
    assert reader.get("/", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("path", ["/", "/{slug}", "/dashboard", "/{slug}/edit"])
def test_an_authors_pages_are_never_shared(post_slug, client, path):
    response = client.get(path.format(slug=post_slug))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PRIVATE_CACHE_CONTROL
    assert "ETag" not in response.headers


def test_an_authors_pages_stay_private_when_no_cookie_is_rewritten(make_app, make_auth):
    app = make_app(SESSION_REFRESH_EACH_REQUEST=False)
    alice = make_auth(app)
    alice.login("alice")
    alice.client.get("/")  # the first page after login stores a CSRF token in the cookie
    response = alice.client.get("/")
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == PRIVATE_CACHE_CONTROL


def test_an_author_is_never_answered_304(post_slug, app, client):
    etag = app.test_client().get("/").headers["ETag"]
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Log out" in response.text


def test_a_page_with_a_flashed_message_is_private_and_not_kept(app, client):
    seed_posts(app, 3)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "A message for this reader only")]
    response = client.get("/")
    assert "A message for this reader only" in response.text
    assert response.headers["Cache-Control"] == PRIVATE_CACHE_CONTROL
    assert "A message for this reader only" not in app.test_client().get("/").text
    assert "A message for this reader only" not in client.get("/").text


def test_a_response_that_sets_a_cookie_is_private(app, client):
    seed_posts(app, 3)
    # A login that no longer exists: the blog forgets it, which rewrites the cookie.
    with client.session_transaction() as session:
        session["login"] = "a-token-for-a-session-that-is-gone"
    response = client.get("/")
    assert response.status_code == 200
    assert "Set-Cookie" in response.headers
    assert response.headers["Cache-Control"] == PRIVATE_CACHE_CONTROL
    assert "ETag" not in response.headers


def test_head_requests_are_answered_from_the_same_cache(app, client):
    seed_posts(app, 3)
    get = client.get("/")
    head = client.head("/")
    assert head.status_code == 200
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.data == b""


def test_a_reader_with_a_session_cookie_but_no_login_still_revalidates(app, client):
    seed_posts(app, 3)
    with client.session_transaction() as session:
        session["login_next"] = "/dashboard"  # left by a login that was never finished
    first = client.get("/")
    assert first.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_headers_added_by_the_apps_hooks_are_sent_with_cached_pages(app, client):
    seed_posts(app, 3)

    @app.after_request
    def add_policy(response):
        response.headers["Content-Security-Policy"] = "default-src 'self'"
        return response

    rendered, cached = client.get("/"), client.get("/")
    assert rendered.headers["Content-Security-Policy"] == "default-src 'self'"
    assert cached.headers == rendered.headers
    assert cached.data == rendered.data


def test_cached_pages_and_revalidations_cost_the_provider_nothing(app, client, provider):
    seed_posts(app, 15)
    etag = client.get("/").headers["ETag"]
    provider.faults.requests.clear()
    for path, headers in [("/", {}), ("/?page=2", {}), ("/?page=2", {}), ("/post-3", {}),
                          ("/", {"If-None-Match": etag}), ("/no-such-post", {})]:
        client.get(path, headers=headers).close()
    assert provider.faults.requests == []
