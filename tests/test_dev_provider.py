"""Development mode: with no provider configured, the blog logs in through its built-in provider."""

from __future__ import annotations

import pytest
import requests

from blog import create_app
from blog.auth.dev_provider import server_origin
from blog.auth.provider import configured_providers
from blog.auth.provider import issuer_of
from blog.extensions import db
from blog.models import Author
from blog.settings import ConfigurationError
from tests.connection_counter import ConnectionCounter
from tests.helpers import app_factory
from tests.html_forms import forms_in
from tests.live_server import LiveServer


@pytest.fixture
def make_dev_app(database_url):
    """Build the blog in debug mode, with no OIDC settings; settings given are added."""
    # The secret key is given so that debug mode keeps none in the repository's instance/.
    with app_factory(database_url, {"DEBUG": True, "SECRET_KEY": "dev-test-secret-key"}) as make:
        yield make


@pytest.fixture
def dev_app(make_dev_app):
    """The blog in debug mode, with no OIDC settings."""
    return make_dev_app()


@pytest.fixture
def dev_blog(dev_app):
    """dev_app served over real HTTP on 127.0.0.1."""
    with LiveServer(dev_app) as server:
        yield server


def test_the_built_in_provider_serves_discovery_under_devidp(dev_blog):
    discovery = requests.get(f"{dev_blog.url}/devidp/.well-known/openid-configuration",
                             timeout=10).json()
    assert discovery["issuer"] == f"{dev_blog.url}/devidp"
    assert discovery["authorization_endpoint"] == f"{dev_blog.url}/devidp/authorize"


def log_in(browser: requests.Session, blog_url: str, provider_url: str, user: str):
    """Log in at blog_url through the built-in provider at provider_url; the dashboard page."""
    page = browser.get(f"{blog_url}/login", timeout=10)
    assert page.url.startswith(f"{provider_url}/devidp/authorize?")
    assert "Development sign-in" in page.text
    form = next(form for form in forms_in(page.text, page.url) if "user" in form.fields)
    return browser.post(form.action, data={**form.fields, "user": user}, timeout=10)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_an_author_logs_in_through_the_built_in_provider(dev_blog, host):
    # The server is bound to 127.0.0.1, so that is where the provider is, whatever the browser
    # calls the blog.
    blog_url = dev_blog.url.replace("127.0.0.1", host)
    dashboard = log_in(requests.Session(), blog_url, dev_blog.url, "dora")
    assert dashboard.url == f"{blog_url}/dashboard"
    assert "Hello, Dora" in dashboard.text


def test_localhost_and_127_0_0_1_are_the_same_provider(dev_app, dev_blog):
    log_in(requests.Session(), dev_blog.url, dev_blog.url, "dora")
    log_in(requests.Session(), dev_blog.url.replace("127.0.0.1", "localhost"), dev_blog.url,
           "dora")
    with dev_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Author)) == 1


def test_a_host_header_does_not_make_the_blog_fetch_from_that_host(dev_blog):
    with ConnectionCounter() as elsewhere:
        response = requests.get(f"{dev_blog.url}/login", allow_redirects=False, timeout=10,
                                headers={"Host": f"127.0.0.1:{elsewhere.port}"})
    assert elsewhere.connections == 0
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{dev_blog.url}/devidp/authorize?")


def test_any_number_of_host_headers_leave_one_provider_client(dev_app, dev_blog):
    hosts = ["evil.example.test:9"] + [f"host-{n}.example.test:{8000 + n}" for n in range(99)]
    for host in hosts:
        requests.get(f"{dev_blog.url}/login", allow_redirects=False, timeout=10,
                     headers={"Host": host})
    # Authlib's OAuth keeps one registration per client name (one per issuer); it has no public
    # way to count them.
    assert len(dev_app.extensions["blog_oauth"]._registry) == 1


@pytest.mark.parametrize(
    ("environ", "origin"),
    [
        ({"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "5000"}, "http://127.0.0.1:5000"),
        ({"SERVER_NAME": "0.0.0.0", "SERVER_PORT": "5000"}, "http://127.0.0.1:5000"),
        ({"SERVER_NAME": "::", "SERVER_PORT": "5000"}, "http://[::1]:5000"),
        ({"SERVER_NAME": "::1", "SERVER_PORT": "8080"}, "http://[::1]:8080"),
        ({"SERVER_NAME": "devbox.lan", "SERVER_PORT": "80"}, "http://devbox.lan"),
        ({"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "443", "wsgi.url_scheme": "https"},
         "https://127.0.0.1"),
        # ProxyFix (TRUSTED_PROXY_HOPS) may have rewritten these from request headers.
        ({"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "443", "wsgi.url_scheme": "https",
          "werkzeug.proxy_fix.orig": {"SERVER_PORT": "5000", "wsgi.url_scheme": "http"}},
         "http://127.0.0.1:5000"),
    ],
)
def test_the_provider_origin_is_the_address_the_server_is_bound_to(environ, origin):
    assert server_origin({"wsgi.url_scheme": "http", "HTTP_HOST": "evil.test", **environ}) == origin


def test_a_configured_provider_origin_wins(make_dev_app):
    app = make_dev_app(DEV_PROVIDER_ORIGIN="http://localhost:5000/")
    with app.test_request_context("/login", base_url="http://evil.test:9"):
        assert issuer_of(configured_providers()[0]) == "http://localhost:5000/devidp"


@pytest.mark.parametrize("value", ["localhost:5000", "ftp://127.0.0.1", "http://127.0.0.1/x",
                                   "http://127.0.0.1:5000?x", "http://u@127.0.0.1",
                                   "http://127.0.0.1:port"])
def test_a_malformed_provider_origin_refuses_to_start(make_dev_app, value):
    with pytest.raises(ConfigurationError, match="DEV_PROVIDER_ORIGIN"):
        make_dev_app(DEV_PROVIDER_ORIGIN=value)


def test_the_built_in_provider_is_refused_outside_debug_mode(monkeypatch, tmp_path):
    for name in ("OIDC_ISSUER", "OIDC_CLIENT_SECRETS", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("PUBLIC_URL", "https://blog.example")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    with pytest.raises(ConfigurationError, match="built-in development provider only runs"):
        create_app()
