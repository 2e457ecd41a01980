"""Every way a login can fail ends on a friendly page (4xx/502/503), a logged reason, no session.

The provider is real and runs the protocol; FaultyProvider alters its answers the way a broken or
hostile provider would (OpenID Connect Core 3.1.3.7 lists what the client must check).
"""

from __future__ import annotations

import re
import socket
import time

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey
from joserfc.jwk import RSAKey

from blog.extensions import db
from blog.models import Author
from blog.models import LoginSession
from tests.helpers import CLIENT_SECRET
from tests.helpers import AuthActions


def assert_not_logged_in(client, app):
    """No author session exists, in the browser or on the server."""
    assert client.get("/dashboard").status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(LoginSession)).first() is None
        assert db.session.execute(db.select(Author)).first() is None


def assert_friendly_failure(response, status: int, caplog, reason: str):
    assert response.status_code == status
    assert "You are not logged in" in response.text
    assert "Try again" in response.text
    assert "Traceback" not in response.text
    assert any(reason in record.getMessage() for record in caplog.records), \
        [record.getMessage() for record in caplog.records]


def login_with_faults(auth):
    return auth.finish(auth.approve(auth.start()))


def now() -> int:
    return int(time.time())


ID_TOKEN_FAULTS = {
    "wrong issuer": {"iss": "https://evil.example"},
    "audience not us": {"aud": "someone-else"},
    "untrusted extra audience": {"aud": ["blog-test", "someone-else"], "azp": "blog-test"},
    "several audiences without azp": {"aud": ["blog-test", "blog-test"], "azp": None},
    "azp not us": {"azp": "someone-else"},
    "expired": {"exp": now() - 3600, "iat": now() - 7200},
    "issued in the future": {"iat": now() + 3600, "exp": now() + 7200},
    "wrong nonce": {"nonce": "not-the-nonce-we-sent"},
    "no nonce": {"nonce": None},
    "no sub": {"sub": None},
    "empty sub": {"sub": ""},
    "no exp": {"exp": None},
    "no iat": {"iat": None},
    "no iss": {"iss": None},
    "no aud": {"aud": None},
    "at_hash not of the access token": {"at_hash": "not-the-access-tokens-hash"},
}


@pytest.mark.parametrize("changes", ID_TOKEN_FAULTS.values(), ids=ID_TOKEN_FAULTS.keys())
def test_an_id_token_failing_a_required_check_is_refused(auth, client, app, provider, caplog,
                                                         changes):
    provider.faults.id_token_changes = changes
    assert_friendly_failure(login_with_faults(auth), 403, caplog, "ID token refused")
    assert_not_logged_in(client, app)


# Authlib's own parse inside authorize_access_token takes the algorithms from discovery, so joserfc
# accepts "none" there with only a SecurityWarning; our validation must be the one that refuses.
@pytest.mark.filterwarnings("ignore::joserfc.errors.SecurityWarning")
def test_an_unsigned_id_token_is_refused_even_when_discovery_offers_none(auth, client, app,
                                                                         provider, caplog):
    provider.faults.discovery_changes = {"id_token_signing_alg_values_supported": ["RS256", "none"]}
    provider.faults.unsigned_id_token = True
    assert_friendly_failure(login_with_faults(auth), 403, caplog, "ID token refused")
    assert_not_logged_in(client, app)


def test_an_id_token_signed_by_another_key_under_the_providers_kid_is_refused(
        auth, client, app, provider, caplog):
    intruder = RSAKey.generate_key(2048)
    provider.faults.id_token_replacement = lambda claims, header: jwt.encode(
        {"alg": "RS256", "kid": header["kid"]}, claims, intruder)
    assert_friendly_failure(login_with_faults(auth), 403, caplog, "ID token refused")
    assert_not_logged_in(client, app)


def test_an_id_token_signed_with_the_client_secret_is_refused(auth, client, app, provider,
                                                              caplog):
    # HS256 is not in the asymmetric allowlist, even though the secret is shared with us.
    provider.faults.discovery_changes = {"id_token_signing_alg_values_supported": ["HS256"]}
    provider.faults.id_token_replacement = lambda claims, header: jwt.encode(
        {"alg": "HS256"}, claims, OctKey.import_key(CLIENT_SECRET))
    assert_friendly_failure(login_with_faults(auth), 403, caplog, "ID token refused")
    assert_not_logged_in(client, app)


def test_a_token_response_without_an_id_token_is_refused(auth, client, app, provider, caplog):
    provider.faults.drop_id_token = True
    assert_friendly_failure(login_with_faults(auth), 403, caplog, "no id_token")
    assert_not_logged_in(client, app)


def test_userinfo_about_someone_else_is_refused(auth, client, app, provider, caplog):
    provider.faults.userinfo_changes = {"sub": "somebody-else"}
    assert_friendly_failure(login_with_faults(auth), 403, caplog, "userinfo sub differs")
    assert_not_logged_in(client, app)


@pytest.mark.parametrize("missing", ["jwks_uri", "authorization_endpoint"])
def test_a_discovery_document_without_an_endpoint_needed_gives_502(auth, client, app, provider,
                                                                   caplog, missing):
    provider.faults.discovery_changes = {missing: None}
    response = login_with_faults(auth) if missing == "jwks_uri" else client.get("/login")
    assert_friendly_failure(response, 502, caplog, "provider metadata incomplete")
    assert_not_logged_in(client, app)


def test_a_discovery_document_for_another_issuer_is_refused(auth, client, app, provider, caplog):
    provider.faults.discovery_changes = {"issuer": "https://evil.example"}
    response = client.get("/login")
    assert_friendly_failure(response, 502, caplog, "discovery issuer")
    assert_not_logged_in(client, app)


def test_cancelling_at_the_provider_says_the_login_was_cancelled(auth, client, app, caplog):
    response = auth.finish(auth.deny(auth.start()))
    assert response.status_code == 403
    assert re.search(r"<title>Login cancelled ·", response.text)
    assert re.search(r"<h1[^>]*>You cancelled the login</h1>", response.text)
    assert "Login failed" not in response.text
    assert any("access_denied" in record.getMessage() for record in caplog.records)
    assert_not_logged_in(client, app)


def test_the_cancelled_page_offers_to_log_in_again(auth):
    response = auth.finish(auth.deny(auth.start()))
    assert re.search(r'<a class="button" href="/login">Log in again</a>', response.text)


@pytest.mark.parametrize("query", ["code=abc&state=forged", "code=abc", ""],
                         ids=["forged state", "no state", "nothing"])
def test_a_callback_without_this_browsers_state_is_refused(auth, client, app, provider, caplog,
                                                           query):
    auth.start()
    # With the right iss (RFC 9207), so that the state is the only thing wrong.
    response = client.get("/oidc/callback", query_string=f"{query}&iss={provider.url}")
    assert_friendly_failure(response, 400, caplog, "state")
    assert_not_logged_in(client, app)


def test_a_callback_replayed_in_another_browser_is_refused(auth, app, provider, caplog):
    callback = auth.approve(auth.start())
    other_browser = app.test_client()
    from urllib.parse import urlsplit

    parts = urlsplit(callback)
    response = other_browser.get(f"{parts.path}?{parts.query}")
    assert_friendly_failure(response, 400, caplog, "state")
    assert other_browser.get("/dashboard").status_code == 302


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_provider_gives_503(make_app, caplog):
    app = make_app(OIDC_ISSUER=f"http://127.0.0.1:{closed_port()}")
    response = app.test_client().get("/login")
    assert_friendly_failure(response, 503, caplog, "provider unreachable")


@pytest.mark.parametrize("path, status, body, content_type", [
    ("/.well-known/openid-configuration", 200, "<html>maintenance</html>", "text/html"),
    ("/.well-known/openid-configuration", 500, "oops", "text/plain"),
], ids=["discovery not JSON", "discovery 500"])
def test_a_broken_discovery_document_gives_502(auth, client, provider, caplog, path, status,
                                               body, content_type):
    provider.faults.canned[path] = (status, body, content_type)
    assert_friendly_failure(client.get("/login"), 502, caplog, "provider")


@pytest.mark.parametrize("path, status, body, content_type, reason", [
    ("/token", 200, "<html>gateway</html>", "text/html", "unreadable"),
    ("/token", 500, "internal error", "text/plain", "HTTP 500"),
    ("/token", 400, '{"error": "invalid_grant"}', "application/json", "invalid_grant"),
    ("/jwks", 200, "not json", "text/plain", "unreadable"),
    ("/jwks", 503, "busy", "text/plain", "HTTP 503"),
    ("/userinfo", 502, "bad gateway", "text/plain", "HTTP 502"),
    ("/userinfo", 200, "[1, 2]", "application/json", "not a JSON object"),
], ids=["token not JSON", "token 500", "token error", "jwks not JSON", "jwks 503",
        "userinfo 502", "userinfo not an object"])
def test_a_provider_answering_garbage_during_the_callback_fails_cleanly(
        auth, client, app, provider, caplog, path, status, body, content_type, reason):
    authorize_url = auth.start()
    callback = auth.approve(authorize_url)
    provider.faults.canned[path] = (status, body, content_type)
    response = auth.finish(callback)
    assert response.status_code in (400, 502)
    assert_friendly_failure(response, response.status_code, caplog, reason)
    assert_not_logged_in(client, app)


def test_a_token_endpoint_that_does_not_answer_gives_503(auth, client, app, provider, caplog):
    provider.faults.discovery_changes = {"token_endpoint": f"http://127.0.0.1:{closed_port()}/t"}
    response = login_with_faults(auth)
    assert_friendly_failure(response, 503, caplog, "provider unreachable")
    assert_not_logged_in(client, app)


@pytest.mark.parametrize("path", ["/token", "/userinfo"])
def test_a_provider_answer_broken_off_during_the_callback_gives_503(auth, client, app, provider,
                                                                     caplog, path):
    callback = auth.approve(auth.start())
    provider.faults.broken_off.add(path)
    response = auth.finish(callback)
    assert_friendly_failure(response, 503, caplog, "provider unreachable")
    assert_not_logged_in(client, app)


def test_a_logins_calls_to_a_slow_provider_share_one_timeout(make_app, provider, caplog):
    # Each answer alone comes within OIDC_TIMEOUT, all of them together do not: the worker is
    # held for at most the timeout, not for the timeout once per call.
    app = make_app(OIDC_TIMEOUT=1)
    auth = AuthActions(app.test_client(), provider)
    callback = auth.approve(auth.start())
    provider.faults.delays = dict.fromkeys(("/token", "/jwks", "/userinfo"), 0.6)
    response = auth.finish(callback)
    assert_friendly_failure(response, 503, caplog, "provider unreachable")
    assert_not_logged_in(auth.client, app)


def test_an_authorization_response_from_another_issuer_is_refused(auth, client, app, caplog):
    # RFC 9207: a mixed-up response names the wrong issuer in iss.
    callback = auth.approve(auth.start())
    tampered = callback.replace("iss=", "iss=https%3A%2F%2Fevil.example&was=")
    response = auth.finish(tampered)
    assert_friendly_failure(response, 400, caplog, "authorization response iss")
    assert_not_logged_in(client, app)


def test_an_authorization_response_without_the_promised_iss_is_refused(auth, client, app,
                                                                       caplog):
    from urllib.parse import parse_qsl
    from urllib.parse import urlencode
    from urllib.parse import urlsplit

    callback = urlsplit(auth.approve(auth.start()))
    query = urlencode([(key, value) for key, value in parse_qsl(callback.query) if key != "iss"])
    response = client.get(f"{callback.path}?{query}")
    assert_friendly_failure(response, 400, caplog, "authorization response iss")
    assert_not_logged_in(client, app)


def test_a_failed_login_leaves_an_existing_session_alone(auth, client, provider, caplog):
    auth.login("alice")
    provider.faults.id_token_changes = {"aud": "someone-else"}
    response = auth.finish(auth.approve(auth.start()))
    assert response.status_code == 403
    assert "You are still logged in as Alice" in response.text
    assert client.get("/dashboard").status_code == 200
