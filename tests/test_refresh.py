"""Refresh tokens: an expired access token is renewed, a refused refresh ends the session."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests

from blog.auth.profile import ACCESS_TOKEN_EXPIRY_MARGIN
from blog.extensions import db
from blog.models import LoginSession
from blog.models import utcnow
from tests.helpers import CLIENT_ID
from tests.helpers import CLIENT_SECRET

REFRESH_TOKEN_LIFETIME = 8 * 3600


@pytest.fixture
def provider_clock(provider):
    """provider_clock(seconds) moves the provider's clock ahead; it is put back after the test."""
    store = provider.keys.store
    original = store.clock

    def advance(seconds: int) -> None:
        store.clock = lambda: original() + seconds

    yield advance
    store.clock = original


def stored_login(app) -> LoginSession | None:
    """The only LoginSession row, detached from the session so it can be read afterwards."""
    with app.app_context():
        login = db.session.execute(db.select(LoginSession)).scalar_one_or_none()
        if login is not None:
            db.session.expunge(login)
        return login


def expire_access_token(app) -> None:
    """Make the blog see a stale profile and an access token that has run out."""
    with app.app_context():
        for login in db.session.execute(db.select(LoginSession)).scalars():
            login.profile_checked_at -= timedelta(seconds=app.config["PROFILE_MAX_AGE"] + 1)
            login.access_token_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()


def test_an_expired_access_token_is_renewed_with_the_refresh_token(auth, client, app, provider):
    auth.login("alice")
    before = stored_login(app)
    assert before.refresh_token
    provider.faults.userinfo_changes = {"name": "Alice Liddell"}
    expire_access_token(app)
    provider.faults.requests.clear()

    page = client.get("/dashboard")

    assert page.status_code == 200
    assert "Alice Liddell" in page.text
    assert [p for p in provider.faults.requests if p in ("/token", "/userinfo")] == [
        "/token",
        "/userinfo",
    ]
    after = stored_login(app)
    assert after.access_token not in (before.access_token, None)
    assert after.refresh_token not in (before.refresh_token, None)
    assert after.access_token_expires_at > utcnow()


@pytest.mark.parametrize("refusal", ["expired", "already-used"])
def test_a_refused_refresh_token_ends_the_session(
    auth, client, app, provider, provider_clock, refusal
):
    auth.login("alice")
    if refusal == "expired":
        provider_clock(REFRESH_TOKEN_LIFETIME + 1)
    else:
        # Someone else redeemed it first, so the provider has rotated it away.
        spent = requests.post(
            f"{provider.url}/token",
            data={"grant_type": "refresh_token", "refresh_token": stored_login(app).refresh_token},
            auth=(CLIENT_ID, CLIENT_SECRET),
            timeout=10,
        )
        assert spent.status_code == 200, spent.text
    expire_access_token(app)
    provider.faults.requests.clear()

    response = client.get("/dashboard")

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert stored_login(app) is None
    # Ended by the refused refresh itself, not by a later userinfo call.
    assert [p for p in provider.faults.requests if p in ("/token", "/userinfo")] == ["/token"]


@pytest.mark.parametrize("trouble", [
    (503, "busy", "text/plain"),
    (400, '{"error": "temporarily_unavailable"}', "application/json"),
    (400, '{"error": "server_error"}', "application/json"),
], ids=["HTTP 503", "temporarily_unavailable", "server_error"])
def test_the_cached_profile_is_kept_while_the_provider_cannot_refresh(
    auth, client, app, provider, trouble
):
    auth.login("alice")
    before = stored_login(app)
    provider.faults.canned["/token"] = trouble
    expire_access_token(app)

    page = client.get("/dashboard")

    assert page.status_code == 200
    assert "Alice" in page.text
    after = stored_login(app)
    assert (after.access_token, after.refresh_token) == (before.access_token, before.refresh_token)

    # The failed attempt spent nothing: once the provider is back, the refresh token works.
    del provider.faults.canned["/token"]
    expire_access_token(app)
    assert client.get("/dashboard").status_code == 200
    assert stored_login(app).refresh_token != before.refresh_token


def test_only_one_request_of_a_session_refreshes_a_stale_profile(auth, app):
    from blog.auth.profile import claim_refresh

    auth.login("alice")
    expire_access_token(app)
    with app.app_context():
        first = db.session.execute(db.select(LoginSession)).scalar_one()
        with app.app_context():
            # A second request that read the same stale row before the first one claimed it.
            second = db.session.execute(db.select(LoginSession)).scalar_one()
        assert claim_refresh(first) is True
        assert claim_refresh(second) is False


def test_an_expired_access_token_without_a_refresh_token_keeps_the_session(auth, client, app,
                                                                           provider):
    # Providers that issue no refresh token (oidc-provider without offline_access, Okta, Auth0):
    # an expired token is not a revoked one, and ending the session would lose a form being sent.
    auth.login("alice")
    with app.app_context():
        db.session.execute(db.update(LoginSession).values(refresh_token=None))
        db.session.commit()
    expire_access_token(app)
    provider.faults.requests.clear()
    token = auth.csrf_token("/dashboard")
    response = client.post("/dashboard", data={"csrf_token": token, "title": "Written slowly",
                                               "body": "<p>An hour of work.</p>"})
    assert response.headers["Location"] == "/written-slowly"
    assert provider.faults.requests == []
    assert stored_login(app) is not None


def test_a_token_in_its_last_seconds_counts_as_expired_so_a_late_refusal_cannot_end_the_session(
        auth, client, app, provider):
    # The provider may already refuse it: it counts the token's life from before the blog got it.
    auth.login("alice")
    with app.app_context():
        db.session.execute(db.update(LoginSession).values(refresh_token=None))
        db.session.commit()
    expire_access_token(app)
    with app.app_context():
        db.session.execute(db.update(LoginSession).values(
            access_token_expires_at=utcnow() + ACCESS_TOKEN_EXPIRY_MARGIN - timedelta(seconds=1)))
        db.session.commit()
    provider.faults.requests.clear()

    assert client.get("/dashboard").status_code == 200
    assert provider.faults.requests == []
    assert stored_login(app) is not None
