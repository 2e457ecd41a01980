"""The development provider's sign-in page: users, cancel, CSRF and authorization errors."""

import re

import pytest

from tests.devidp.flows import CALLBACK
from tests.devidp.flows import csrf_token
from tests.devidp.flows import log_in
from tests.devidp.flows import new_http_session
from tests.devidp.flows import open_sign_in
from tests.devidp.flows import redirect_params
from tests.devidp.flows import submit
from tests.devidp.flows import userinfo


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
        with new_http_session() as stranger:
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
