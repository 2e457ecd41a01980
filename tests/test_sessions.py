"""Login sessions live on the server: logout revokes them; g.user is loaded cheaply, kept fresh."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs
from urllib.parse import urlsplit

from blog.extensions import db
from blog.models import LoginSession
from tests.helpers import BLOG_ORIGIN
from tests.helpers import CLIENT_ID
from tests.html_forms import forms_in
from tests.html_forms import links_in


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def session_cookie(client):
    return client.get_cookie("blog_session").value


def test_logout_revokes_copies_of_the_session_cookie(auth, client, app):
    auth.login("alice")
    stolen = session_cookie(client)
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("blog_session", stolen)
    assert thief.get("/dashboard").status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(LoginSession)).first() is None


def test_logout_needs_the_csrf_token(auth, client):
    auth.login("alice")
    assert client.post("/logout").status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_a_get_of_logout_only_asks_for_confirmation(auth, client):
    auth.login("alice")
    page = client.get("/logout")
    assert page.status_code == 200
    assert forms_in(page.text)[-1].method == "post"
    assert client.get("/dashboard").status_code == 200


def end_session_link(response):
    """The link the logout page hands the browser over with (followed by its script)."""
    return next(link for link in links_in(response.text) if "data-autofollow" in link.attributes)


def test_logout_hands_over_to_the_providers_end_session_endpoint_by_a_link(auth, provider):
    auth.login("alice")
    response = auth.logout()
    assert response.status_code == 200
    link = end_session_link(response)
    assert link.href.startswith(provider.url + "/end-session?")
    assert query_of(link.href) == {"client_id": [CLIENT_ID],
                                   "post_logout_redirect_uri": [f"{BLOG_ORIGIN}/"]}
    # No form goes to the provider, so no page needs the provider in its form-action.
    assert not any(form.action.startswith(provider.url) for form in forms_in(response.text))


def test_the_end_session_link_never_carries_the_id_token(auth, app):
    auth.login("alice")
    with app.app_context():
        id_token = db.session.execute(db.select(LoginSession.id_token)).scalar_one()
    response = auth.logout()
    assert id_token.count(".") == 2
    assert id_token not in response.text
    assert "id_token_hint" not in end_session_link(response).href


def test_following_the_end_session_link_ends_the_provider_session_and_returns(auth, provider):
    auth.login("alice")
    link = end_session_link(auth.logout())
    answer = auth.provider_browser.get(link.href, allow_redirects=False, timeout=10)
    assert answer.status_code in (302, 303)
    assert answer.headers["Location"].startswith(f"{BLOG_ORIGIN}/")
    # The provider forgot the sign-in: the next authorization asks who it is again.
    page = auth.provider_browser.get(auth.start("/login"), timeout=10)
    assert any("user" in form.fields for form in forms_in(page.text))


def test_logout_by_post_sends_the_id_token_hint_in_a_form_body(make_app, provider, make_auth):
    app = make_app(OIDC_END_SESSION_METHOD="POST")
    actions = make_auth(app)
    actions.login("alice")
    response = actions.logout()
    assert response.status_code == 200
    form = forms_in(response.text)[-1]
    assert form.action == provider.url + "/end-session"
    assert form.method == "post"
    assert form.fields["post_logout_redirect_uri"] == f"{BLOG_ORIGIN}/"
    assert form.fields["id_token_hint"].count(".") == 2
    assert "data-autosubmit" in form.attributes
    answer = actions.provider_browser.post(form.action, data=form.fields, allow_redirects=False,
                                           timeout=10)
    assert answer.status_code in (302, 303)
    assert answer.headers["Location"].startswith(f"{BLOG_ORIGIN}/")


def test_logout_without_end_session_endpoint_redirects_to_the_index(make_app, provider, make_auth):
    provider.faults.discovery_changes = {"end_session_endpoint": None}
    app = make_app()
    actions = make_auth(app)
    actions.login("alice")
    response = actions.logout()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert actions.client.get("/dashboard").status_code == 302


def test_readers_cost_no_provider_calls(auth, client, make_author, provider):
    writer = make_author("alice")
    token = writer.csrf_token("/dashboard")
    slug_response = writer.client.post("/dashboard", data={
        "csrf_token": token, "title": "Hello", "body": "<p>Hi</p>"})
    assert slug_response.status_code == 302
    provider.faults.requests.clear()
    for path in ["/", "/?page=1", "/hello", "/static/css/blog.css", "/missing"]:
        client.get(path).close()
    assert provider.faults.requests == []


def test_a_fresh_profile_is_not_fetched_again(auth, client, provider):
    auth.login("alice")
    provider.faults.requests.clear()
    for _ in range(3):
        assert client.get("/dashboard").status_code == 200
    assert provider.faults.requests == []


def age_login_sessions(app, seconds: int) -> None:
    with app.app_context():
        for login in db.session.execute(db.select(LoginSession)).scalars():
            login.profile_checked_at -= timedelta(seconds=seconds)
        db.session.commit()


def test_a_stale_profile_is_refreshed_from_userinfo(auth, client, app, provider):
    auth.login("alice")
    provider.faults.userinfo_changes = {"name": "Alice Liddell"}
    age_login_sessions(app, app.config["PROFILE_MAX_AGE"] + 1)
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Alice Liddell" in page.text
    assert provider.faults.requests.count("/userinfo") == 2


def test_the_cached_profile_is_kept_while_the_provider_is_down(auth, client, app, provider):
    auth.login("alice")
    provider.faults.canned["/userinfo"] = (503, "down for maintenance", "text/plain")
    age_login_sessions(app, app.config["PROFILE_MAX_AGE"] + 1)
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Alice" in page.text


def test_the_session_ends_when_the_provider_rejects_the_access(auth, client, app, provider):
    auth.login("alice")
    provider.faults.canned["/userinfo"] = (401, '{"error": "invalid_token"}', "application/json")
    age_login_sessions(app, app.config["PROFILE_MAX_AGE"] + 1)
    assert client.get("/dashboard").status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(LoginSession)).first() is None


def test_an_expired_login_session_no_longer_authenticates(auth, client, app):
    auth.login("alice")
    with app.app_context():
        for login in db.session.execute(db.select(LoginSession)).scalars():
            login.expires_at -= timedelta(days=365)
        db.session.commit()
    assert client.get("/dashboard").status_code == 302
