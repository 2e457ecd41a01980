"""Logging in through the provider: the authorization request, the callback, the author profile."""

from __future__ import annotations

from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest

from blog.extensions import db
from blog.models import Author
from blog.models import LoginSession
from tests.helpers import BLOG_ORIGIN
from tests.helpers import CLIENT_ID


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_login_sends_an_authorization_code_request_with_pkce_state_and_nonce(auth, provider):
    authorize_url = auth.start("/login")
    query = query_of(authorize_url)
    assert authorize_url.startswith(provider.url + "/authorize?")
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == f"{BLOG_ORIGIN}/oidc/callback"
    assert set(query["scope"].split()) == {"openid", "email", "profile"}
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert len(query["state"]) >= 20
    assert len(query["nonce"]) >= 20
    assert "prompt" not in query


def test_register_asks_the_provider_for_its_sign_up_screen(auth):
    assert query_of(auth.start("/register"))["prompt"] == "create"


def test_register_is_a_plain_login_when_the_provider_has_no_sign_up_screen(auth, provider):
    provider.faults.discovery_changes = {"prompt_values_supported": ["none", "login", "consent"]}
    assert "prompt" not in query_of(auth.start("/register"))


def test_login_lands_on_the_dashboard_showing_the_providers_name(auth, client):
    response = auth.login("alice")
    assert response.headers["Location"] == "/dashboard"
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Alice" in page.text
    assert "Log out" in page.text
    assert "Log in" not in page.text


def test_register_logs_in_just_like_login(auth, client):
    response = auth.login("carol", path="/register")
    assert response.headers["Location"] == "/dashboard"
    assert "Carol" in client.get("/dashboard").text


def test_login_stores_the_author_profile_keyed_by_issuer_and_subject(auth, app, provider):
    auth.login("alice")
    with app.app_context():
        author = db.session.execute(db.select(Author)).scalar_one()
        assert author.issuer == provider.url
        assert author.subject
        assert author.name == "Alice"
        assert author.email == "alice@example.test"


def test_logging_in_again_updates_the_same_author(auth, app, provider):
    auth.login("alice")
    provider.faults.userinfo_changes = {"name": "Alice Liddell"}
    auth.login("alice")
    with app.app_context():
        authors = db.session.execute(db.select(Author)).scalars().all()
        assert [author.name for author in authors] == ["Alice Liddell"]


def test_two_people_become_two_authors(auth, make_author, app):
    auth.login("alice")
    make_author("bob")
    with app.app_context():
        names = set(db.session.execute(db.select(Author.name)).scalars())
    assert names == {"Alice", "Bob"}


@pytest.mark.parametrize("target", ["/some-post", "/some-post/edit?x=1", "/"])
def test_login_returns_to_a_same_site_next_path(auth, target):
    response = auth.login(path=f"/login?next={target}")
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
    "http://localhost/some-post",
])
def test_login_ignores_a_next_that_leaves_the_site(auth, target):
    from urllib.parse import quote

    response = auth.login(path=f"/login?next={quote(target, safe='')}")
    assert response.headers["Location"] == "/dashboard"


def test_visiting_a_page_for_authors_returns_there_after_login(auth, client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard"
    callback = auth.approve(auth.start(response.headers["Location"]))
    assert auth.finish(callback).headers["Location"] == "/dashboard"


def test_login_starts_a_fresh_session(auth, client):
    with client.session_transaction() as session:
        session["left-over"] = "from before login"
    auth.login("alice")
    with client.session_transaction() as session:
        assert "left-over" not in session
        assert not any(key.startswith("_state_") for key in session)


def test_login_keeps_only_a_hash_of_the_session_token_on_the_server(auth, client, app):
    auth.login("alice")
    with client.session_transaction() as session:
        cookie_token = session["login"]
    with app.app_context():
        stored = db.session.execute(db.select(LoginSession.id)).scalar_one()
    assert cookie_token not in stored
    assert len(stored) == 64


def test_a_login_after_key_rotation_fetches_the_new_keys(auth, make_author, provider):
    auth.login("alice")
    jwks_fetches = provider.faults.requests.count("/jwks")
    provider.keys.rotate_key()
    make_author("bob")
    assert provider.faults.requests.count("/jwks") == jwks_fetches + 1


def test_the_callback_cannot_be_replayed_in_the_same_browser(auth, client):
    callback = auth.approve(auth.start())
    assert auth.finish(callback).status_code == 302
    client.post("/logout", data={"csrf_token": auth.csrf_token()})
    replay = auth.finish(callback)
    assert replay.status_code == 400
    assert client.get("/dashboard").status_code == 302


def test_logging_in_again_replaces_the_browsers_session(auth, app):
    auth.login("alice")
    auth.login("bob")
    with app.app_context():
        sessions = db.session.execute(db.select(LoginSession)).scalars().all()
        assert [login.author.name for login in sessions] == ["Bob"]
