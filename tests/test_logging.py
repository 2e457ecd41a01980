"""Logs on standard output: a line per request and per login event, never a secret or a forgery."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest
import requests
from flask import request
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from blog.settings import ConfigurationError
from blog.settings import sqlalchemy_database_uri
from tests.blog_process import free_port
from tests.helpers import CLIENT_SECRET
from tests.helpers import approve_at_provider
from tests.html_forms import csrf_token_in

TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
# What an attacker would like the next line of the log to say.
FORGED_LINE = "2026-12-01T10:00:00Z INFO [blog] login: author 1 (https://idp.example)"
# Line breaks as Python, terminals and log collectors see them, and an ANSI erase-line sequence.
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\u2028", "\u2029",
          "\x1b[1A\x1b[2K", "\x00"]
RAW_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def assert_one_line_per_record(output: str, records: int) -> None:
    """As many lines as records (however a reader splits lines), none forged, no raw controls."""
    lines = output.splitlines()
    assert len(lines) == records, lines
    for line in lines:
        assert re.match(rf"{TIMESTAMP} [A-Z]+ \[", line), repr(line)
        assert not line.startswith(FORGED_LINE), repr(line)
    assert not RAW_CONTROLS.search(output), repr(output)


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

    refused = browser.get(web.url + "/oidc/callback", params={
        "code": "forged-code-4f1c", "state": "forged-state-9d2e", "iss": issuer})
    assert refused.status_code == 400

    authorize = browser.get(web.url + "/login", allow_redirects=False)
    secrets.append(browser.cookies["blog_session"])  # holds the state, nonce and code_verifier
    callback = approve_at_provider(requests.Session(), authorize.headers["Location"])
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


@pytest.mark.parametrize("separator", BREAKS)
def test_a_provider_error_in_the_callback_cannot_forge_a_log_line(client, provider, capsys,
                                                                   separator):
    response = client.get("/oidc/callback", query_string={"error": "x" + separator + FORGED_LINE,
                                                          "iss": provider.url})
    assert response.status_code == 400
    output = capsys.readouterr().out
    assert "login refused: provider refused the login: x" in output
    assert_one_line_per_record(output, records=1)


@pytest.mark.parametrize("separator", ["\n", "\r", "\u2028"])
def test_an_exception_with_a_request_value_in_its_text_is_logged_on_one_line(
        make_app, capsys, separator):
    app = make_app()

    @app.get("/page-number")
    def page_number():
        return str(int(request.args["n"]))

    app.testing = False  # let Flask log the exception and answer 500
    app.config["PROPAGATE_EXCEPTIONS"] = False
    value = "1" + separator + FORGED_LINE
    response = app.test_client().get("/page-number", query_string={"n": value})
    assert response.status_code == 500
    output = capsys.readouterr().out
    assert "Traceback" in output
    assert "ValueError: invalid literal for int()" in output
    assert_one_line_per_record(output, records=1)
