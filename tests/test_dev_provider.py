"""Development mode: with no provider configured, the blog logs in through its built-in provider."""

from __future__ import annotations

import pytest
import requests

from blog import create_app
from blog.extensions import db
from blog.settings import ConfigurationError
from tests.html_forms import forms_in
from tests.live_server import LiveServer


@pytest.fixture
def dev_blog(database_url):
    """The blog in debug mode, with no OIDC settings, served over real HTTP."""
    # The secret key is given so that debug mode does not keep one in the repository's instance/.
    app = create_app({"DEBUG": True, "SECRET_KEY": "dev-test-secret-key",
                      "DATABASE_URL": database_url})
    with app.app_context():
        db.create_all()
    with LiveServer(app) as server:
        yield server
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def test_the_built_in_provider_serves_discovery_under_devidp(dev_blog):
    discovery = requests.get(f"{dev_blog.url}/devidp/.well-known/openid-configuration",
                             timeout=10).json()
    assert discovery["issuer"] == f"{dev_blog.url}/devidp"
    assert discovery["authorization_endpoint"] == f"{dev_blog.url}/devidp/authorize"


def test_an_author_logs_in_through_the_built_in_provider(dev_blog):
    browser = requests.Session()
    page = browser.get(f"{dev_blog.url}/login", timeout=10)
    assert page.url.startswith(f"{dev_blog.url}/devidp/authorize?")
    assert "Development sign-in" in page.text
    form = next(form for form in forms_in(page.text, page.url) if "user" in form.fields)
    dashboard = browser.post(form.action, data={**form.fields, "user": "dora"}, timeout=10)
    assert dashboard.url == f"{dev_blog.url}/dashboard"
    assert "Hello, Dora" in dashboard.text


def test_the_built_in_provider_is_refused_outside_debug_mode(monkeypatch, tmp_path):
    for name in ("OIDC_ISSUER", "OIDC_CLIENT_SECRETS", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    with pytest.raises(ConfigurationError, match="built-in development provider only runs"):
        create_app()
