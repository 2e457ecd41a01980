"""The development provider's refresh tokens: rotation, binding, scope and expiry."""

import time

import pytest

from tests.devidp.flows import log_in
from tests.devidp.flows import redeem
from tests.devidp.flows import refresh
from tests.devidp.flows import sign_in
from tests.devidp.flows import userinfo


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
