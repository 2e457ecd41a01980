"""The development provider's own session: remembered users, prompts, end-session."""

import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.devidp.flows import CLIENT_ID
from tests.devidp.flows import HOME
from tests.devidp.flows import decode_id_token
from tests.devidp.flows import log_in
from tests.devidp.flows import new_http_session
from tests.devidp.flows import open_sign_in
from tests.devidp.flows import redeem
from tests.devidp.flows import redirect_params
from tests.devidp.flows import sign_in


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


def id_token_sid(browser, backchannel, issuer, user="alice", **params) -> str:
    token = log_in(browser, backchannel, issuer, user, **params)["id_token"]
    return decode_id_token(backchannel, issuer, token).claims["sid"]


def test_id_tokens_name_the_provider_session(idp, browser, backchannel):
    assert id_token_sid(browser, backchannel, idp.url)


def test_continuing_the_remembered_sign_in_keeps_its_sid(idp, browser, backchannel):
    first = id_token_sid(browser, backchannel, idp.url)
    assert id_token_sid(browser, backchannel, idp.url) == first


def test_a_fresh_sign_in_is_a_new_provider_session(idp, browser, backchannel):
    first = id_token_sid(browser, backchannel, idp.url)
    assert id_token_sid(browser, backchannel, idp.url, prompt="login") != first
    assert id_token_sid(new_http_session(), backchannel, idp.url) != first
