"""Several web processes (dynos) share only the database and SECRET_KEY, and that is enough."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from tests.blog_process import free_port
from tests.helpers import approve_at_provider
from tests.html_forms import csrf_token_in


def on(process, url: str) -> str:
    """The same path and query as url, at another process (as the router may choose)."""
    parts = urlsplit(url)
    return process.url + parts.path + ("?" + parts.query if parts.query else "")


def sign_in_at_provider(authorize_url: str, username: str = "alice") -> str:
    """The provider's side of the login; returns the callback URL it redirects the browser to."""
    return approve_at_provider(requests.Session(), authorize_url, username)


def test_a_login_begun_on_one_process_finishes_on_another(serve_provider, start_blog_process):
    ports = free_port(), free_port()
    issuer = serve_provider([f"http://127.0.0.1:{port}" for port in ports])
    first, second = (start_blog_process(port, issuer) for port in ports)
    browser = requests.Session()

    authorize = browser.get(first.url + "/login", allow_redirects=False)
    assert authorize.status_code == 302
    callback = sign_in_at_provider(authorize.headers["Location"])
    assert callback.startswith(first.url + "/oidc/callback?")
    finished = browser.get(on(second, callback), allow_redirects=False)
    assert finished.status_code == 302, finished.text
    assert finished.headers["Location"] == "/dashboard"

    for process in (first, second):
        page = browser.get(process.url + "/dashboard", allow_redirects=False)
        assert page.status_code == 200
        assert "Alice" in page.text


def test_logging_out_on_one_process_ends_the_session_on_all(serve_provider, start_blog_process):
    ports = free_port(), free_port()
    issuer = serve_provider([f"http://127.0.0.1:{port}" for port in ports])
    first, second = (start_blog_process(port, issuer) for port in ports)
    browser = requests.Session()
    authorize = browser.get(first.url + "/login", allow_redirects=False).headers["Location"]
    browser.get(sign_in_at_provider(authorize), allow_redirects=False)
    copied_cookie = browser.cookies["blog_session"]

    token = csrf_token_in(browser.get(second.url + "/dashboard").text)
    assert browser.post(second.url + "/logout", data={"csrf_token": token}).status_code == 200

    assert browser.get(first.url + "/dashboard", allow_redirects=False).status_code == 302
    # Not only because the browser forgot its cookie: the session is gone on the server.
    replay = requests.Session()
    replay.cookies.set("blog_session", copied_cookie)
    assert replay.get(first.url + "/dashboard", allow_redirects=False).status_code == 302


def test_a_session_outlives_the_restart_of_its_process(serve_provider, start_blog_process):
    port = free_port()
    issuer = serve_provider([f"http://127.0.0.1:{port}"])
    web = start_blog_process(port, issuer)
    browser = requests.Session()
    authorize = browser.get(web.url + "/login", allow_redirects=False).headers["Location"]
    browser.get(sign_in_at_provider(authorize), allow_redirects=False)
    web.stop()  # platforms restart dynos at least daily, on a fresh filesystem

    restarted = start_blog_process(port, issuer)
    assert browser.get(restarted.url + "/dashboard", allow_redirects=False).status_code == 200
