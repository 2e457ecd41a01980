"""Logs on standard output: a line per request and per login event, and never a secret."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from blog.settings import ConfigurationError
from blog.settings import sqlalchemy_database_uri
from tests.blog_process import free_port
from tests.conftest import CLIENT_SECRET
from tests.conftest import AuthActions
from tests.html_forms import csrf_token_in

TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def stored_tokens(database_url: str) -> list[str]:
    """The access and ID tokens the blog keeps for its login sessions."""
    engine = create_engine(sqlalchemy_database_uri(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT access_token, id_token FROM login_sessions"))
            return [token for row in rows for token in row if token]
    finally:
        engine.dispose()


@pytest.fixture
def logged_visit(serve_provider, start_blog_process, database_url):
    """A web process through a refused login, a login and a logout; what each step exposed.

    Returns (standard output, everything the process wrote, the secret values seen on the way).
    """
    port = free_port()
    issuer = serve_provider([f"http://127.0.0.1:{port}"])
    web = start_blog_process(port, issuer)
    browser = requests.Session()
    secrets = [CLIENT_SECRET, "test-secret-key-shared-by-all-web-processes",
               "forged-code-4f1c", "forged-state-9d2e"]

    refused = browser.get(web.url + "/oidc/callback?code=forged-code-4f1c&state=forged-state-9d2e")
    assert refused.status_code == 400

    authorize = browser.get(web.url + "/login", allow_redirects=False)
    secrets.append(browser.cookies["blog_session"])  # holds the state, nonce and code_verifier
    callback = AuthActions(client=None, provider=None).approve(authorize.headers["Location"])
    query = parse_qs(urlsplit(callback).query)
    secrets += [query["code"][0], query["state"][0]]
    assert browser.get(callback, allow_redirects=False).status_code == 302
    secrets.append(browser.cookies["blog_session"])
    secrets += stored_tokens(database_url)

    token = csrf_token_in(browser.get(web.url + "/dashboard").text)
    secrets.append(token)
    logout = browser.post(web.url + "/logout", data={"csrf_token": token})
    assert logout.status_code == 200
    web.stop()
    return web.stdout(), web.output(), secrets


def test_each_request_is_one_access_line_with_its_path_but_no_query(logged_visit):
    stdout, _everything, _secrets = logged_visit
    assert re.search(r'"GET /oidc/callback" 400 ', stdout)
    assert re.search(r'"GET /oidc/callback" 302 ', stdout)
    assert re.search(r'"GET /login" 302 ', stdout)
    assert re.search(r'"POST /logout" 200 ', stdout)
    assert "/oidc/callback?" not in stdout


def test_login_logout_and_refusals_are_events_with_time_and_level(logged_visit):
    stdout, _everything, _secrets = logged_visit
    assert re.search(rf"^{TIMESTAMP} WARNING \[blog\] login refused: state missing", stdout, re.M)
    assert re.search(rf"^{TIMESTAMP} INFO \[blog\] login: author \d+ \(http://127", stdout, re.M)
    assert re.search(rf"^{TIMESTAMP} INFO \[blog\] logout: author \d+$", stdout, re.M)


def test_no_token_code_secret_or_cookie_value_is_logged(logged_visit):
    _stdout, everything, secrets = logged_visit
    assert len(secrets) >= 11
    for secret in secrets:
        assert secret not in everything


def test_app_events_go_to_standard_output(auth, capsys):
    auth.login("alice")
    assert re.search(rf"^{TIMESTAMP} INFO \[blog\] login: author", capsys.readouterr().out, re.M)


def test_authlib_stays_above_debug_even_when_everything_else_logs_debug(make_app):
    root = logging.getLogger()
    authlib = logging.getLogger("authlib")
    saved = root.level, authlib.level
    try:
        root.setLevel(logging.DEBUG)
        authlib.setLevel(logging.NOTSET)
        make_app()
        assert authlib.getEffectiveLevel() == logging.INFO
    finally:
        root.setLevel(saved[0])
        authlib.setLevel(saved[1])


def test_an_unknown_log_level_is_refused(make_app):
    with pytest.raises(ConfigurationError, match="LOG_LEVEL"):
        make_app(LOG_LEVEL="CHATTY")
