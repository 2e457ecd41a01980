"""Several providers at once: the choice at /login, one callback for all, each provider's checks
its own, authors keyed by (issuer, subject), and the settings that configure them."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest

from blog.extensions import db
from blog.models import Author
from blog.settings import ConfigurationError
from tests.helpers import SECOND_CLIENT
from tests.helpers import AuthActions
from tests.helpers import login_of
from tests.helpers import logout_token
from tests.helpers import send_logout
from tests.helpers import two_providers


@pytest.fixture
def browser(two_provider_app, provider):
    """A browser at the two-provider blog."""
    return AuthActions(two_provider_app.test_client(), provider)


def log_in_with(browser, name: str, username: str = "alice"):
    return browser.login(username, path=f"/login?provider={name}")


def test_login_offers_each_provider_by_its_label(browser):
    page = browser.client.get("/login?next=/some-post")
    assert page.status_code == 200
    links = re.findall(r'<a class="button" href="([^"]+)">([^<]+)</a>', page.text)
    assert [label for _href, label in links] == ["Staff sign-in", "Guest authors"]
    assert [href.replace("&amp;", "&") for href, _label in links] == [
        "/login?provider=staff&next=/some-post", "/login?provider=guests&next=/some-post"]


def test_register_offers_the_choice_too(browser):
    page = browser.client.get("/register")
    assert "/register?provider=staff" in page.text


def test_an_unknown_provider_name_shows_the_choice(browser):
    page = browser.client.get("/login?provider=nobody")
    assert page.status_code == 200
    assert "Guest authors" in page.text


def test_one_provider_skips_the_choice(auth):
    assert auth.start("/login?provider=anything").startswith(auth.provider.url + "/authorize?")


@pytest.mark.parametrize("name", ["staff", "guests"])
def test_each_provider_sends_to_its_own_authorize_endpoint_with_its_client(
        browser, provider, second_provider, name):
    chosen = provider if name == "staff" else second_provider
    authorize_url = browser.start(f"/login?provider={name}")
    query = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(chosen.url + "/authorize?")
    expected = "blog-test" if name == "staff" else SECOND_CLIENT["client_id"]
    assert query["client_id"] == [expected]


def test_each_provider_asks_for_its_own_scopes(browser):
    query = parse_qs(urlsplit(browser.start("/login?provider=guests")).query)
    assert query["scope"] == ["openid profile"]


@pytest.mark.parametrize("name", ["staff", "guests"])
def test_both_providers_log_in(browser, name):
    assert log_in_with(browser, name).headers["Location"] == "/dashboard"
    assert "Hello, Alice" in browser.client.get("/dashboard").text


def test_the_same_subject_at_two_providers_is_two_authors(two_provider_app, browser, provider,
                                                          second_provider):
    # Both development providers derive subjects from the same secret: "alice" is one sub.
    log_in_with(browser, "staff")
    other = AuthActions(two_provider_app.test_client(), second_provider)
    log_in_with(other, "guests")
    with two_provider_app.app_context():
        authors = db.session.execute(db.select(Author).order_by(Author.id)).scalars().all()
    assert [author.issuer for author in authors] == [provider.url, second_provider.url]
    assert authors[0].subject == authors[1].subject


def test_a_response_naming_the_other_provider_is_refused(browser, second_provider, caplog):
    # RFC 9207, per provider: staff's state with the guests' issuer is a mix-up.
    callback = browser.approve(browser.start("/login?provider=staff"))
    mixed_up = re.sub(r"iss=[^&]+", "iss=" + second_provider.url.replace(":", "%3A")
                      .replace("/", "%2F"), callback)
    response = browser.finish(mixed_up)
    assert response.status_code == 400
    assert any("authorization response iss" in r.getMessage() for r in caplog.records)
    assert browser.client.get("/dashboard").status_code == 302


def test_a_callback_whose_state_no_provider_issued_is_refused(browser, caplog):
    browser.start("/login?provider=staff")
    response = browser.client.get("/oidc/callback?code=abc&state=forged")
    assert response.status_code == 400
    assert any("state" in r.getMessage() for r in caplog.records)


def test_a_misconfigured_provider_leaves_the_other_working(browser, second_provider):
    second_provider.faults.discovery_changes = {"issuer": "https://evil.example"}
    assert browser.client.get("/login?provider=guests").status_code == 502
    assert log_in_with(browser, "staff").headers["Location"] == "/dashboard"


def test_a_logout_token_ends_only_its_providers_sessions(two_provider_app, browser,
                                                         second_provider):
    guest = AuthActions(two_provider_app.test_client(), second_provider)
    log_in_with(browser, "staff")
    log_in_with(guest, "guests")
    with two_provider_app.app_context():
        subject = db.session.execute(db.select(Author.subject)).scalars().first()
    token = logout_token(second_provider, aud=SECOND_CLIENT["client_id"], sub=subject)
    assert send_logout(two_provider_app.test_client(), token).status_code == 200
    assert browser.client.get("/dashboard").status_code == 200
    assert guest.client.get("/dashboard").status_code == 302


def test_a_logout_token_for_the_other_providers_client_is_refused(two_provider_app, browser,
                                                                  second_provider):
    log_in_with(browser, "guests")
    subject, sid = login_of(two_provider_app, "alice")
    token = logout_token(second_provider, sub=subject, sid=sid)  # aud: the staff client
    response = send_logout(two_provider_app.test_client(), token)
    assert response.status_code == 400
    assert "aud" in response.json["error_description"]


def test_a_token_signed_by_one_provider_cannot_speak_for_the_other(two_provider_app, browser,
                                                                   provider, second_provider):
    log_in_with(browser, "staff")
    subject, sid = login_of(two_provider_app, "alice")
    forged = logout_token(second_provider, iss=provider.url, sub=subject, sid=sid)
    response = send_logout(two_provider_app.test_client(), forged)
    assert response.status_code == 400
    assert browser.client.get("/dashboard").status_code == 200


def test_logout_goes_to_the_authors_own_provider(browser, second_provider):
    log_in_with(browser, "guests")
    page = browser.logout()
    assert second_provider.url + "/end-session" in page.text
    assert "client_id=blog-guests" in page.text


def test_a_profile_refresh_asks_the_authors_own_provider(make_app, provider, second_provider):
    app = make_app(OIDC_ISSUER=None, OIDC_PROVIDERS=two_providers(provider, second_provider),
                   PROFILE_MAX_AGE=0)
    guest = AuthActions(app.test_client(), second_provider)
    log_in_with(guest, "guests")
    before = (provider.faults.requests.count("/userinfo"),
              second_provider.faults.requests.count("/userinfo"))
    assert guest.client.get("/dashboard").status_code == 200
    assert provider.faults.requests.count("/userinfo") == before[0]
    assert second_provider.faults.requests.count("/userinfo") == before[1] + 1


def entry(**changes) -> dict:
    base = {"name": "staff", "issuer": "https://id.example", "client_id": "c",
            "client_secret": "s"}
    return {key: value for key, value in {**base, **changes}.items() if value is not None}


BAD_PROVIDERS = {
    "not JSON": ("[{", "not valid JSON"),
    "not a list": (json.dumps(entry()), "list of objects"),
    "an empty list": ("[]", "list of objects"),
    "a name twice": (json.dumps([entry(), entry(issuer="https://other.example")]),
                     "name 'staff' twice"),
    "an issuer twice": (json.dumps([entry(), entry(name="guests")]), "issuer"),
    "no client_id": (json.dumps([entry(client_id=None)]), "client_id"),
    "no client_secret": (json.dumps([entry(client_secret=None)]), "client_secret"),
    "no issuer": (json.dumps([entry(issuer=None)]), "issuer"),
    "a name with spaces": (json.dumps([entry(name="Staff Login")]), "name must be"),
    "an unknown key": (json.dumps([entry(client_secert="s")]), "unknown keys"),
    "a role mapping": (json.dumps([entry(roles={"editor": "groups:writers"})]), "roles"),
    "scopes without openid": (json.dumps([entry(scopes="email profile")]), "openid"),
    "an unknown auth method": (json.dumps([entry(token_endpoint_auth_method="tls")]),
                               "token_endpoint_auth_method"),
    "private_key_jwt without a key": (
        json.dumps([entry(token_endpoint_auth_method="private_key_jwt", client_secret=None)]),
        "OIDC_CLIENT_PRIVATE_KEY"),
}


@pytest.mark.parametrize("value, message", BAD_PROVIDERS.values(), ids=BAD_PROVIDERS.keys())
def test_a_malformed_providers_setting_refuses_to_start(make_app, value, message):
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        make_app(OIDC_ISSUER=None, OIDC_PROVIDERS=value)


def test_one_issuer_and_a_providers_list_together_refuse_to_start(make_app):
    with pytest.raises(ConfigurationError, match="not both"):
        make_app(OIDC_PROVIDERS=json.dumps([entry()]))


def test_an_empty_role_mapping_is_accepted_for_later(make_app):
    make_app(OIDC_ISSUER=None, OIDC_PROVIDERS=json.dumps([entry(roles={})]))
