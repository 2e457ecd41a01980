"""The development provider's authorization code flow: codes, PKCE, tokens, userinfo."""

import base64
import hashlib
import time

import pytest
from joserfc import jwt

from tests.devidp.flows import CLIENT_ID
from tests.devidp.flows import decode_id_token
from tests.devidp.flows import log_in
from tests.devidp.flows import open_sign_in
from tests.devidp.flows import pkce_pair
from tests.devidp.flows import redeem
from tests.devidp.flows import redirect_params
from tests.devidp.flows import sign_in
from tests.devidp.flows import userinfo


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



def test_authorization_response_names_the_issuer(idp, browser):
    params = sign_in(browser, idp.url, state="s-1")
    assert (params["state"], params["iss"]) == ("s-1", idp.url)


def test_a_replayed_nonce_is_refused(idp, browser):
    sign_in(browser, idp.url, nonce="once")
    params = redirect_params(open_sign_in(browser, idp.url, nonce="once", prompt="none"))
    assert (params["error"], params["state"]) == ("invalid_request", "state-123")
