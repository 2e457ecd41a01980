"""Behind the platform's TLS-terminating router: https URLs, Secure cookies, security headers."""

from __future__ import annotations

from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest

from blog.settings import ConfigurationError
from tests.helpers import ROUTED_ORIGIN
from tests.helpers import ROUTER_HEADERS
from tests.html_forms import forms_in
from tests.html_forms import links_in


def redirect_uri_of(response) -> str:
    return parse_qs(urlsplit(response.headers["Location"]).query)["redirect_uri"][0]


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize(("mode", "hops"), [
    ({"TESTING": False, "PUBLIC_URL": "http://localhost"}, 1), ({"TESTING": True}, 1),
    ({"DEBUG": True}, 0)])
def test_production_and_testing_trust_one_proxy_and_debug_mode_none(make_app, mode, hops):
    assert make_app(**mode).config["TRUSTED_PROXY_HOPS"] == hops


def test_the_login_redirect_uri_is_https_when_the_router_says_so(routed_client):
    response = routed_client.get("/login")
    assert response.status_code == 302
    assert redirect_uri_of(response) == f"{ROUTED_ORIGIN}/oidc/callback"


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(make_app):
    client = make_app(TESTING=False, PUBLIC_URL="http://localhost",
                      TRUSTED_PROXY_HOPS=0).test_client()
    response = client.get("/login", environ_base=ROUTER_HEADERS)
    assert redirect_uri_of(response) == "http://localhost/oidc/callback"
    assert "Strict-Transport-Security" not in response.headers


def test_the_session_cookie_is_secure_and_http_only_in_production(routed_client):
    cookie = routed_client.get("/login").headers["Set-Cookie"]
    assert cookie.startswith("blog_session=")
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_a_whole_login_and_logout_work_through_the_router(production_app, make_auth):
    browser = make_auth(production_app)
    browser.client.environ_base.update(ROUTER_HEADERS)
    assert browser.login("alice").headers["Location"] == "/dashboard"
    assert browser.client.get("/dashboard").status_code == 200
    # Over HTTPS, Flask-WTF also wants a same-origin Referer, which the Referrer-Policy keeps.
    logout = browser.client.post("/logout", data={"csrf_token": browser.csrf_token("/dashboard")},
                                 headers={"Referer": f"{ROUTED_ORIGIN}/dashboard"})
    assert logout.status_code == 200
    hand_off = next(link.href for link in links_in(logout.text)
                    if "data-autofollow" in link.attributes)
    assert parse_qs(urlsplit(hand_off).query)["post_logout_redirect_uri"] == [f"{ROUTED_ORIGIN}/"]
    assert browser.client.get("/dashboard").status_code == 302


def test_hsts_is_sent_over_https_only(production_app, routed_client):
    assert routed_client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in production_app.test_client().get("/").headers


@pytest.mark.parametrize("path", ["/", "/login?next=/x", "/no-such-post", "/healthz"])
def test_every_page_carries_the_security_headers(routed_client, path):
    response = routed_client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response.headers


def test_the_content_security_policy_forbids_inline_scripts_and_framing(client):
    directives = csp_directives(client.get("/"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["img-src"] == "'self' https: http:"
    assert directives["object-src"] == "'none'"
    assert "script-src" not in directives  # default-src 'self' applies: no inline, no eval
    assert "unsafe" not in client.get("/").headers["Content-Security-Policy"]


def test_the_logout_hand_off_by_a_link_needs_no_form_action_exception(auth):
    auth.login("alice")
    assert csp_directives(auth.logout())["form-action"] == "'self'"


def test_the_logout_hand_off_by_post_may_post_to_the_providers_end_session_endpoint(
        make_app, provider, make_auth):
    browser = make_auth(make_app(OIDC_END_SESSION_METHOD="POST"))
    browser.login("alice")
    response = browser.logout()
    endpoint = forms_in(response.text)[-1].action
    assert endpoint == provider.url + "/end-session"
    assert csp_directives(response)["form-action"] == f"'self' {provider.url}"


def test_pages_use_no_inline_scripts_or_styles(auth, client):
    auth.login("alice")
    pages = [client.get(path).text for path in ("/", "/dashboard", "/logout")]
    pages.append(auth.logout().text)
    for page in pages:
        assert "<script>" not in page
        assert "style=" not in page
        assert "<style" not in page


def test_a_negative_number_of_trusted_proxies_is_refused(make_app):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY_HOPS"):
        make_app(TRUSTED_PROXY_HOPS=-1)
