"""The built-in development OpenID Provider, used over real HTTP as the blog uses any provider."""

import base64
import hashlib
import logging
import re
import secrets
import time
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet
from joserfc.jwk import RSAKey
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from blog.devidp import create_provider_app
from tests.live_server import LiveServer

CLIENT_ID = "blog-test"
SECRET = "test-client-secret"
CALLBACK = "http://rp.test/oidc/callback"
HOME = "http://rp.test/"
CLIENTS = [
    {
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [HOME],
    },
    {
        "client_id": "blog-dev",
        "client_secret": "dev-secret",
        "redirect_uris": [],
        "post_logout_redirect_uris": [],
        "same_origin_paths": ["/oidc/callback", "/"],
    },
]


@pytest.fixture
def provider_app():
    return create_provider_app(CLIENTS, secret_key="test-secret-key")


@pytest.fixture
def provider(provider_app):
    return provider_app.extensions["devidp"]


@pytest.fixture
def idp(provider_app):
    with LiveServer(provider_app) as server:
        yield server


@pytest.fixture
def embedded(provider_app):
    """The provider mounted under /devidp of a site, as the blog mounts it in development."""
    with LiveServer(DispatcherMiddleware(NotFound(), {"/devidp": provider_app})) as server:
        yield server


def _session():
    session = requests.Session()
    session.trust_env = False  # never send loopback traffic through a configured proxy
    return session


@pytest.fixture
def browser():
    with _session() as session:
        yield session


@pytest.fixture
def backchannel():
    with _session() as session:
        yield session


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def open_sign_in(browser, issuer, **overrides):
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid email profile",
        "state": "state-123",
        "nonce": secrets.token_urlsafe(8),
    }
    params.update(overrides)
    params = {name: value for name, value in params.items() if value is not None}
    return browser.get(f"{issuer}/authorize", params=params, allow_redirects=False)


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the sign-in page has no CSRF token"
    return match.group(1)


def submit(browser, page, **form):
    form.setdefault("csrf_token", csrf_token(page.text))
    form = {name: value for name, value in form.items() if value is not None}
    return browser.post(page.url, data=form, allow_redirects=False)


def redirect_params(response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}


def redeem(backchannel, issuer, code, *, verifier=None, auth="basic", **overrides):
    client_id = overrides.pop("client_id", CLIENT_ID)
    secret = overrides.pop("client_secret", SECRET)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    data.update(code_verifier=verifier, **overrides)
    data = {name: value for name, value in data.items() if value is not None}
    if auth == "basic":
        return backchannel.post(f"{issuer}/token", data=data, auth=(client_id, secret))
    data.update(client_id=client_id, client_secret=secret)
    return backchannel.post(f"{issuer}/token", data=data)


def refresh(backchannel, issuer, refresh_token, *, auth="basic", **overrides):
    client_id = overrides.pop("client_id", CLIENT_ID)
    secret = overrides.pop("client_secret", SECRET)
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token, **overrides}
    data = {name: value for name, value in data.items() if value is not None}
    if auth == "basic":
        return backchannel.post(f"{issuer}/token", data=data, auth=(client_id, secret))
    data.update(client_id=client_id, client_secret=secret)
    return backchannel.post(f"{issuer}/token", data=data)


def sign_in(browser, issuer, user="alice", **params) -> dict[str, str]:
    return redirect_params(submit(browser, open_sign_in(browser, issuer, **params), user=user))


def log_in(browser, backchannel, issuer, user="alice", **params) -> dict:
    """A whole code flow with PKCE; returns the token response."""
    verifier, challenge = pkce_pair()
    params.update(code_challenge=challenge, code_challenge_method="S256")
    code = sign_in(browser, issuer, user, **params)["code"]
    response = redeem(backchannel, issuer, code, verifier=verifier)
    assert response.status_code == 200, response.text
    return response.json()


def decode_id_token(backchannel, issuer, id_token):
    keys = KeySet.import_key_set(backchannel.get(f"{issuer}/jwks").json())
    return jwt.decode(id_token, keys, algorithms=["RS256"])


def userinfo(backchannel, issuer, access_token):
    headers = {"Authorization": f"Bearer {access_token}"}
    return backchannel.get(f"{issuer}/userinfo", headers=headers)


# --- discovery and keys ---


def test_discovery_describes_a_code_flow_provider(idp, backchannel):
    metadata = backchannel.get(f"{idp.url}/.well-known/openid-configuration").json()
    assert metadata["issuer"] == idp.url
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert metadata["subject_types_supported"] == ["public"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert metadata["scopes_supported"] == ["openid", "email", "profile"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["prompt_values_supported"] == ["none", "login", "consent", "create"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
    }
    assert {"sub", "iss", "aud", "nonce", "name", "email"} <= set(metadata["claims_supported"])


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("authorization_endpoint", "/authorize"),
        ("token_endpoint", "/token"),
        ("userinfo_endpoint", "/userinfo"),
        ("jwks_uri", "/jwks"),
        ("end_session_endpoint", "/end-session"),
    ],
)
def test_discovery_endpoints_are_absolute_under_the_issuer(idp, embedded, backchannel, name, path):
    for issuer in (idp.url, f"{embedded.url}/devidp"):
        metadata = backchannel.get(f"{issuer}/.well-known/openid-configuration").json()
        assert metadata["issuer"] == issuer
        assert metadata[name] == issuer + path


def test_jwks_publishes_one_public_signing_key(idp, backchannel):
    (key,) = backchannel.get(f"{idp.url}/jwks").json()["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert key["kid"]
    assert "d" not in key and "p" not in key


def test_rotate_key_publishes_only_the_new_key(idp, provider, browser, backchannel):
    (old,) = backchannel.get(f"{idp.url}/jwks").json()["keys"]
    new_kid = provider.rotate_key()
    (new,) = backchannel.get(f"{idp.url}/jwks").json()["keys"]
    assert new["kid"] == new_kid != old["kid"]
    id_token = log_in(browser, backchannel, idp.url)["id_token"]
    assert decode_id_token(backchannel, idp.url, id_token).header["kid"] == new_kid


def test_sign_uses_the_current_key_and_the_given_header(provider):
    key = RSAKey.import_key(provider.current_jwk_set()["keys"][0])
    token = jwt.decode(provider.sign({"sub": "x"}, {"kid": "unknown-kid"}), key)
    assert token.header["kid"] == "unknown-kid"
    assert token.claims == {"sub": "x"}


# --- the code flow ---


def test_code_flow_with_pkce_gives_a_verifiable_id_token(idp, browser, backchannel):
    tokens = log_in(browser, backchannel, idp.url, nonce="n-0S6_WzA2Mj")
    token = decode_id_token(backchannel, idp.url, tokens["id_token"])
    claims = token.claims
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": idp.url},
        aud={"essential": True, "value": CLIENT_ID},
        sub={"essential": True},
        nonce={"essential": True, "value": "n-0S6_WzA2Mj"},
    ).validate(claims)
    assert claims["azp"] == CLIENT_ID
    assert claims["exp"] - claims["iat"] == 300
    assert claims["auth_time"] <= claims["iat"]
    digest = hashlib.sha256(tokens["access_token"].encode()).digest()[:16]
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_token_response_is_an_uncacheable_bearer_token_with_a_refresh_token(
    idp, browser, backchannel
):
    verifier, challenge = pkce_pair()
    code = sign_in(browser, idp.url, code_challenge=challenge, code_challenge_method="S256")["code"]
    response = redeem(backchannel, idp.url, code, verifier=verifier)
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert (body["token_type"].lower(), body["expires_in"]) == ("bearer", 3600)
    assert body["refresh_token"] not in (body["access_token"], "")


def test_userinfo_describes_the_id_token_subject(idp, browser, backchannel):
    tokens = log_in(browser, backchannel, idp.url)
    claims = decode_id_token(backchannel, idp.url, tokens["id_token"]).claims
    info = userinfo(backchannel, idp.url, tokens["access_token"]).json()
    assert info == {
        "sub": claims["sub"],
        "name": "Alice",
        "preferred_username": "alice",
        "email": "alice@example.test",
        "email_verified": True,
    }


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic Zm9vOmJhcg=="])
def test_userinfo_needs_a_valid_bearer_token(idp, backchannel, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = backchannel.get(f"{idp.url}/userinfo", headers=headers)
    assert response.status_code == 401
    # Authentication schemes are case-insensitive (RFC 9110 §11.1); Authlib writes "bearer".
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


@pytest.mark.parametrize("auth", ["basic", "post"])
def test_both_client_secret_methods_authenticate(idp, browser, backchannel, auth):
    code = sign_in(browser, idp.url)["code"]
    assert redeem(backchannel, idp.url, code, auth=auth).status_code == 200


@pytest.mark.parametrize("auth", ["basic", "post"])
def test_wrong_client_secret_is_refused(idp, browser, backchannel, auth):
    code = sign_in(browser, idp.url)["code"]
    response = redeem(backchannel, idp.url, code, auth=auth, client_secret="wrong")
    # 401 either way: Authlib answers as for Basic whenever Basic is an accepted method.
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


@pytest.mark.parametrize(
    ("verifier", "error"),
    [("x" * 43, "invalid_grant"), (None, "invalid_request"), ("short", "invalid_request")],
)
def test_code_with_pkce_needs_the_right_verifier(idp, browser, backchannel, verifier, error):
    _, challenge = pkce_pair()
    code = sign_in(browser, idp.url, code_challenge=challenge, code_challenge_method="S256")["code"]
    response = redeem(backchannel, idp.url, code, verifier=verifier)
    assert (response.status_code, response.json()["error"]) == (400, error)


@pytest.mark.parametrize(
    "overrides",
    [
        {"redirect_uri": "http://rp.test/other"},
        {"client_id": "blog-dev", "client_secret": "dev-secret"},
    ],
)
def test_code_is_bound_to_its_client_and_redirect_uri(idp, browser, backchannel, overrides):
    code = sign_in(browser, idp.url)["code"]
    response = redeem(backchannel, idp.url, code, **overrides)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_grant")


def test_code_is_single_use_and_a_replay_revokes_its_tokens(idp, browser, backchannel):
    code = sign_in(browser, idp.url)["code"]
    access_token = redeem(backchannel, idp.url, code).json()["access_token"]
    replay = redeem(backchannel, idp.url, code)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")
    assert userinfo(backchannel, idp.url, access_token).status_code == 401


def test_code_expires_after_a_minute(idp, provider, browser, backchannel):
    code = sign_in(browser, idp.url)["code"]
    provider.store.clock = lambda: time.time() + 61
    assert redeem(backchannel, idp.url, code).json()["error"] == "invalid_grant"


def test_access_token_expires_after_an_hour(idp, provider, browser, backchannel):
    access_token = log_in(browser, backchannel, idp.url)["access_token"]
    provider.store.clock = lambda: time.time() + 3601
    assert userinfo(backchannel, idp.url, access_token).status_code == 401


# --- refresh tokens ---


@pytest.mark.parametrize("auth", ["basic", "post"])
def test_a_refresh_token_gives_new_tokens_for_the_same_user(idp, browser, backchannel, auth):
    tokens = log_in(browser, backchannel, idp.url, "bob")
    response = refresh(backchannel, idp.url, tokens["refresh_token"], auth=auth)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    new = response.json()
    assert (new["token_type"].lower(), new["expires_in"]) == ("bearer", 3600)
    assert new["access_token"] != tokens["access_token"]
    assert new["refresh_token"] != tokens["refresh_token"]
    before = userinfo(backchannel, idp.url, tokens["access_token"]).json()
    assert userinfo(backchannel, idp.url, new["access_token"]).json() == before


def test_a_refresh_token_rotates_and_works_only_once(idp, browser, backchannel):
    first = log_in(browser, backchannel, idp.url)["refresh_token"]
    second = refresh(backchannel, idp.url, first).json()["refresh_token"]
    again = refresh(backchannel, idp.url, first)
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
    # The rotated token is still good; it too works once.
    assert refresh(backchannel, idp.url, second).status_code == 200
    assert refresh(backchannel, idp.url, second).json()["error"] == "invalid_grant"


def test_a_refresh_token_is_bound_to_its_client(idp, browser, backchannel):
    refresh_token = log_in(browser, backchannel, idp.url)["refresh_token"]
    stolen = refresh(
        backchannel, idp.url, refresh_token, client_id="blog-dev", client_secret="dev-secret"
    )
    assert (stolen.status_code, stolen.json()["error"]) == (400, "invalid_grant")
    # Another client presenting it does not spend it for its owner.
    assert refresh(backchannel, idp.url, refresh_token).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "status", "error"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"refresh_token": None}, 400, "invalid_request"),
        ({"refresh_token": "not-a-refresh-token"}, 400, "invalid_grant"),
    ],
)
def test_a_bad_refresh_request_is_refused(idp, browser, backchannel, overrides, status, error):
    refresh_token = log_in(browser, backchannel, idp.url)["refresh_token"]
    response = refresh(backchannel, idp.url, overrides.pop("refresh_token", refresh_token),
                       **overrides)
    assert (response.status_code, response.json()["error"]) == (status, error)


def test_a_narrower_scope_can_be_asked_for_without_losing_the_rest(idp, browser, backchannel):
    refresh_token = log_in(browser, backchannel, idp.url)["refresh_token"]
    narrow = refresh(backchannel, idp.url, refresh_token, scope="openid").json()
    assert "email" not in userinfo(backchannel, idp.url, narrow["access_token"]).json()
    full = refresh(backchannel, idp.url, narrow["refresh_token"]).json()
    assert "email" in userinfo(backchannel, idp.url, full["access_token"]).json()


def test_a_wider_scope_is_refused(idp, browser, backchannel):
    refresh_token = log_in(browser, backchannel, idp.url, scope="openid")["refresh_token"]
    response = refresh(backchannel, idp.url, refresh_token, scope="openid email")
    assert (response.status_code, response.json()["error"]) == (400, "invalid_scope")


@pytest.mark.parametrize(("age", "status"), [(8 * 3600 - 60, 200), (8 * 3600 + 1, 400)])
def test_a_refresh_token_expires_after_eight_hours(idp, provider, browser, backchannel, age,
                                                   status):
    refresh_token = log_in(browser, backchannel, idp.url)["refresh_token"]
    provider.store.clock = lambda: time.time() + age
    response = refresh(backchannel, idp.url, refresh_token)
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"] == "invalid_grant"


def test_a_replayed_code_revokes_the_tokens_its_refreshes_issued(idp, browser, backchannel):
    code = sign_in(browser, idp.url)["code"]
    first = redeem(backchannel, idp.url, code).json()
    refreshed = refresh(backchannel, idp.url, first["refresh_token"]).json()
    assert redeem(backchannel, idp.url, code).json()["error"] == "invalid_grant"
    assert userinfo(backchannel, idp.url, refreshed["access_token"]).status_code == 401
    assert refresh(backchannel, idp.url, refreshed["refresh_token"]).json()["error"] == (
        "invalid_grant"
    )


def test_authorization_response_names_the_issuer(idp, browser):
    params = sign_in(browser, idp.url, state="s-1")
    assert (params["state"], params["iss"]) == ("s-1", idp.url)


def test_a_replayed_nonce_is_refused(idp, browser):
    sign_in(browser, idp.url, nonce="once")
    params = redirect_params(open_sign_in(browser, idp.url, nonce="once", prompt="none"))
    assert (params["error"], params["state"]) == ("invalid_request", "state-123")


# --- the sign-in page ---


def test_sign_in_page_offers_development_users(idp, browser):
    page = open_sign_in(browser, idp.url)
    assert page.status_code == 200
    assert "<title>Development sign-in</title>" in page.text
    assert "built-in development provider" in page.text
    for name in ("alice", "bob"):
        assert f'<button type="submit" name="user" value="{name}">{name}</button>' in page.text
    assert 'id="user-name" name="user" type="text"' in page.text
    assert "Cancel" in page.text and "<script" not in page.text


def test_sign_in_page_cannot_be_framed(idp, browser):
    page = open_sign_in(browser, idp.url)
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "no-store" in page.headers["Cache-Control"]


def test_prompt_create_offers_to_create_an_account(idp, browser):
    page = open_sign_in(browser, idp.url, prompt="create")
    assert "<h1>Create a development account</h1>" in page.text


@pytest.mark.parametrize("name", ["carol", "a.b_c-1", "X" * 40])
def test_any_valid_user_name_can_sign_in(idp, browser, backchannel, name):
    info = userinfo(
        backchannel, idp.url, log_in(browser, backchannel, idp.url, name)["access_token"]
    )
    assert (info.json()["preferred_username"], info.json()["name"]) == (name, name.title())


@pytest.mark.parametrize("name", ["", "a" * 41, "al ice", "<b>x</b>", "ålice", "a/b"])
def test_an_invalid_user_name_is_refused_on_the_page(idp, browser, name):
    response = submit(browser, open_sign_in(browser, idp.url), user=name)
    assert response.status_code == 400 and "Location" not in response.headers
    assert 'role="alert"' in response.text and "<b>x</b>" not in response.text


def test_subjects_are_stable_opaque_and_distinct(idp, browser, backchannel):
    def subject(user):
        return userinfo(
            backchannel, idp.url, log_in(browser, backchannel, idp.url, user)["access_token"]
        ).json()["sub"]

    first, again, other = subject("alice"), subject("alice"), subject("bob")
    assert first == again != other
    assert re.fullmatch(r"[0-9a-f]{32}", first)


def test_cancel_answers_access_denied_with_state(idp, browser):
    page = open_sign_in(browser, idp.url, state="keep-me")
    params = redirect_params(submit(browser, page, decision="deny"))
    assert (params["error"], params["state"], params["iss"]) == (
        "access_denied",
        "keep-me",
        idp.url,
    )
    assert "code" not in params


@pytest.mark.parametrize("token", [None, "forged", "from-another-browser"])
def test_sign_in_post_without_our_csrf_token_is_refused(idp, browser, token):
    page = open_sign_in(browser, idp.url)
    if token == "from-another-browser":
        with _session() as stranger:
            token = csrf_token(open_sign_in(stranger, idp.url).text)
    response = browser.post(
        page.url, data={"user": "alice", "csrf_token": token}, allow_redirects=False
    )
    assert response.status_code == 400 and "Location" not in response.headers


@pytest.mark.parametrize(
    "redirect_uri",
    ["http://evil.test/oidc/callback", CALLBACK + "?next=x", "http://rp.test/other", None],
)
def test_unregistered_redirect_uri_gets_an_error_page(idp, browser, redirect_uri):
    response = open_sign_in(browser, idp.url, redirect_uri=redirect_uri)
    assert response.status_code == 400 and "Location" not in response.headers
    assert "Sign-in request refused" in response.text


@pytest.mark.parametrize("client_id", ["nobody", None])
def test_unknown_client_gets_an_error_page(idp, browser, client_id):
    response = open_sign_in(browser, idp.url, client_id=client_id)
    assert response.status_code == 400 and "Location" not in response.headers


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"prompt": "none"}, "login_required"),
        ({"code_challenge": "c" * 43, "code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "c" * 43, "code_challenge_method": None}, "invalid_request"),
    ],
)
def test_other_authorization_errors_redirect_with_state(idp, browser, overrides, error):
    params = redirect_params(open_sign_in(browser, idp.url, state="st", **overrides))
    assert (params["error"], params["state"], params["iss"]) == (error, "st", idp.url)


# --- the provider's own session ---


def test_provider_remembers_the_last_user_in_its_own_cookie(idp, browser):
    sign_in(browser, idp.url, "bob")
    assert set(browser.cookies.keys()) == {"devidp_session"}
    assert "Continue as bob" in open_sign_in(browser, idp.url).text


def test_prompt_login_ignores_the_remembered_user(idp, browser):
    sign_in(browser, idp.url)
    assert "Continue as" not in open_sign_in(browser, idp.url, prompt="login").text


def test_prompt_none_signs_the_remembered_user_in_silently(idp, browser, backchannel):
    sign_in(browser, idp.url)
    params = redirect_params(open_sign_in(browser, idp.url, prompt="none"))
    assert redeem(backchannel, idp.url, params["code"]).status_code == 200


def test_end_session_clears_the_provider_session(idp, browser):
    sign_in(browser, idp.url)
    response = browser.get(f"{idp.url}/end-session", allow_redirects=False)
    assert response.status_code == 200 and "You are signed out" in response.text
    assert "Continue as" not in open_sign_in(browser, idp.url).text


@pytest.mark.parametrize(
    ("client_id", "uri", "redirected"),
    [
        (CLIENT_ID, HOME, True),
        (CLIENT_ID, "http://evil.test/", False),
        ("blog-dev", HOME, False),
        ("nobody", HOME, False),
        (None, HOME, False),
    ],
)
def test_end_session_redirects_only_where_the_client_allows(
    idp, browser, client_id, uri, redirected
):
    params = {"client_id": client_id, "post_logout_redirect_uri": uri, "state": "bye"}
    response = browser.get(f"{idp.url}/end-session", params=params, allow_redirects=False)
    if redirected:
        assert response.headers["Location"] == HOME + "?state=bye"
    else:
        assert response.status_code == 200 and "Location" not in response.headers


def test_end_session_identifies_the_client_by_id_token_hint(idp, browser, backchannel):
    hint = log_in(browser, backchannel, idp.url)["id_token"]
    params = {"id_token_hint": hint, "post_logout_redirect_uri": HOME}
    response = browser.get(f"{idp.url}/end-session", params=params, allow_redirects=False)
    assert response.headers["Location"] == HOME


@pytest.mark.parametrize("hint", ["forged", "other-client"])
def test_end_session_with_a_bad_hint_signs_out_without_redirecting(idp, provider, browser, hint):
    sign_in(browser, idp.url)
    forged_key = RSAKey.generate_key(2048, auto_kid=True)
    claims = {"iss": idp.url, "aud": CLIENT_ID, "sub": "x", "iat": int(time.time())}
    token = (
        jwt.encode({"alg": "RS256"}, claims, forged_key)
        if hint == "forged"
        else provider.sign(claims)
    )
    params = {
        "id_token_hint": token,
        "client_id": "blog-dev" if hint == "other-client" else CLIENT_ID,
        "post_logout_redirect_uri": HOME,
    }
    response = browser.get(f"{idp.url}/end-session", params=params, allow_redirects=False)
    assert response.status_code == 400 and "Location" not in response.headers
    assert "Continue as" not in open_sign_in(browser, idp.url).text


# --- mounted inside the blog: same-origin redirect URIs ---


def test_embedded_provider_accepts_its_own_origin_as_redirect_uri(embedded, browser, backchannel):
    issuer, callback = f"{embedded.url}/devidp", f"{embedded.url}/oidc/callback"
    response = submit(
        browser,
        open_sign_in(browser, issuer, client_id="blog-dev", redirect_uri=callback),
        user="alice",
    )
    assert response.headers["Location"].startswith(callback + "?")
    code = redirect_params(response)["code"]
    tokens = redeem(
        backchannel,
        issuer,
        code,
        redirect_uri=callback,
        client_id="blog-dev",
        client_secret="dev-secret",
    ).json()
    assert decode_id_token(backchannel, issuer, tokens["id_token"]).claims["iss"] == issuer


@pytest.mark.parametrize(
    "template",
    [
        "http://evil.test/oidc/callback",
        "{origin}/elsewhere",
        "{origin}/oidc/callback?next=x",
        "{origin}/oidc/callback#top",
        "http://localhost:{other_port}/oidc/callback",
        "http://127.0.0.2.example:{port}/oidc/callback",
        "https://127.0.0.1:{port}/oidc/callback",
    ],
)
def test_same_origin_rule_rejects_anything_else(embedded, browser, template):
    port = urlsplit(embedded.url).port
    uri = template.format(origin=embedded.url, port=port, other_port=port + 1)
    response = open_sign_in(
        browser, f"{embedded.url}/devidp", client_id="blog-dev", redirect_uri=uri
    )
    assert response.status_code == 400 and "Location" not in response.headers


@pytest.mark.parametrize("host", ["localhost", "[::1]", "127.0.0.1"])
def test_same_origin_rule_takes_every_loopback_name_for_the_same_port(embedded, browser, host):
    # The blog's browser may be at localhost:5000 while its provider is reached at 127.0.0.1:5000.
    callback = f"http://{host}:{urlsplit(embedded.url).port}/oidc/callback"
    response = submit(
        browser,
        open_sign_in(browser, f"{embedded.url}/devidp", client_id="blog-dev",
                     redirect_uri=callback),
        user="alice",
    )
    assert response.headers["Location"].startswith(callback + "?")


@pytest.mark.parametrize(("path", "redirected"), [("/", True), ("/elsewhere", False)])
def test_same_origin_rule_applies_to_logout(embedded, browser, path, redirected):
    params = {"client_id": "blog-dev", "post_logout_redirect_uri": embedded.url + path}
    response = browser.get(
        f"{embedded.url}/devidp/end-session", params=params, allow_redirects=False
    )
    assert ("Location" in response.headers) == redirected


# --- configuration and logging ---


@pytest.mark.parametrize(
    ("clients", "options"),
    [
        (CLIENTS, {"secret_key": ""}),
        ([{**CLIENTS[0], "client_secret": ""}], {}),
        ([{**CLIENTS[0], "redirect_uris": ["http://rp.test/cb#frag"]}], {}),
        ([{**CLIENTS[1], "same_origin_paths": "/"}], {}),
        ([CLIENTS[0], CLIENTS[0]], {}),
        (CLIENTS, {"users": ("alice", "not valid")}),
    ],
)
def test_factory_refuses_a_malformed_configuration(clients, options):
    with pytest.raises(ValueError):
        create_provider_app(clients, **{"secret_key": "k", **options})


def test_nothing_secret_is_logged(idp, browser, backchannel, caplog):
    caplog.set_level(logging.DEBUG)
    verifier, challenge = pkce_pair()
    code = sign_in(browser, idp.url, code_challenge=challenge, code_challenge_method="S256")["code"]
    tokens = redeem(backchannel, idp.url, code, verifier=verifier).json()
    userinfo(backchannel, idp.url, tokens["access_token"])
    refreshed = refresh(backchannel, idp.url, tokens["refresh_token"]).json()
    browser.get(f"{idp.url}/end-session", params={"id_token_hint": tokens["id_token"]})
    # urllib3 is the test's own HTTP client logging the URLs it requests, not the provider.
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("urllib3"))
    assert logged.count("Issue token") == 2  # Authlib's debug lines are there, but redacted
    secrets_sent = (code, tokens["access_token"], tokens["refresh_token"], tokens["id_token"],
                    refreshed["access_token"], refreshed["refresh_token"], SECRET, verifier)
    for secret in secrets_sent:
        assert secret not in logged
