"""Configuration from the real environment: what the blog reads, derives, and refuses to start with.

Every test builds the app the way production does, create_app() with no test mapping, from an
environment that holds only what the test sets. The instance folder is moved into tmp_path so
that nothing is written into the repository.
"""

from __future__ import annotations

import json
import os

import pytest
from flask import Flask
from flask import session

from blog import create_app
from blog.settings import ConfigurationError
from blog.settings import environment_settings

ISSUER = "https://id.example"
PROVIDER_ENVIRONMENT = {
    "OIDC_ISSUER": ISSUER,
    "OIDC_CLIENT_ID": "blog-client",
    "OIDC_CLIENT_SECRET": "blog-client-secret",
}


@pytest.fixture
def instance_path(tmp_path, monkeypatch):
    """Where create_app's Flask puts its instance folder for this test (never the repository)."""
    path = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(path))
    return path


@pytest.fixture(autouse=True)
def environment(tmp_path, monkeypatch, instance_path):
    """A production-like environment: secret key, provider, database; nothing else of the blog's."""
    # No .env is found from here, so only what the test sets is read.
    monkeypatch.chdir(tmp_path)
    for name in environment_settings():
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("FLASK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("PUBLIC_URL", "https://blog.example")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'settings.sqlite'}")
    for name, value in PROVIDER_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def write_client_secrets(path, **web):
    defaults = {
        "client_id": "file-client",
        "client_secret": "file-secret",
        "issuer": "https://file-issuer.example",
        "auth_uri": "https://file-issuer.example/authorize",
        "token_uri": "https://file-issuer.example/token",
        "userinfo_uri": "https://file-issuer.example/userinfo",
        "redirect_uris": ["https://blog.example/oidc/callback"],
    }
    path.write_text(json.dumps({"web": {**defaults, **web}}), encoding="utf-8")
    return path


def test_public_url_is_required_outside_debug_mode(environment):
    environment.delenv("PUBLIC_URL")
    with pytest.raises(ConfigurationError, match="PUBLIC_URL is not set"):
        create_app()
    environment.setenv("FLASK_TESTING", "true")
    with pytest.raises(ConfigurationError, match="PUBLIC_URL is not set"):
        create_app()


@pytest.mark.parametrize("value", ["blog.example", "ftp://blog.example", "https://blog.example/x",
                                   "https://blog.example/?a=1", "https://u@blog.example",
                                   "https://blog.example:port"])
def test_a_public_url_that_is_not_an_origin_is_refused(environment, value):
    environment.setenv("PUBLIC_URL", value)
    with pytest.raises(ConfigurationError, match="PUBLIC_URL must be"):
        create_app()


def test_the_public_url_is_kept_without_its_trailing_slash(environment):
    environment.setenv("PUBLIC_URL", "https://Blog.Example:8443/")
    assert create_app().config["PUBLIC_URL"] == "https://blog.example:8443"


def test_the_environment_alone_is_enough_to_start():
    app = create_app()
    assert not app.debug
    assert not app.testing
    assert app.config["SECRET_KEY"] == "production-secret"
    assert app.config["OIDC_ISSUER"] == ISSUER


def test_missing_secret_key_outside_development_refuses_to_start(environment):
    environment.delenv("SECRET_KEY")
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app()


def test_empty_secret_key_counts_as_missing(environment):
    environment.setenv("SECRET_KEY", "")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()


def test_secret_key_may_come_with_the_flask_prefix(environment):
    environment.delenv("SECRET_KEY")
    environment.setenv("FLASK_SECRET_KEY", "prefixed-secret")
    assert create_app().config["SECRET_KEY"] == "prefixed-secret"


def test_debug_mode_keeps_a_generated_secret_key_in_the_instance_folder(environment,
                                                                        instance_path):
    environment.delenv("SECRET_KEY")
    environment.setenv("FLASK_DEBUG", "1")
    first = create_app()
    second = create_app()
    assert first.debug
    assert len(first.config["SECRET_KEY"]) >= 32
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    key_file = instance_path / "dev-secret-key"
    assert key_file.read_text(encoding="utf-8").strip() == first.config["SECRET_KEY"]


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        (("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"), "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are not"),
        (("OIDC_CLIENT_ID",), "OIDC_CLIENT_ID is not"),
        (("OIDC_CLIENT_SECRET",), "OIDC_CLIENT_SECRET is not"),
    ],
)
def test_issuer_without_client_credentials_names_what_is_missing(environment, unset, named):
    for name in unset:
        environment.delenv(name)
    with pytest.raises(ConfigurationError, match=named):
        create_app()


def test_no_provider_outside_development_refuses_to_start(environment):
    for name in PROVIDER_ENVIRONMENT:
        environment.delenv(name)
    with pytest.raises(ConfigurationError, match="OIDC_ISSUER"):
        create_app()


@pytest.mark.parametrize(
    ("url", "uri"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ],
)
def test_postgres_urls_are_rewritten_for_the_psycopg_driver(environment, url, uri):
    environment.setenv("DATABASE_URL", url)
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == uri


def test_sqlite_urls_are_used_as_given(environment, tmp_path):
    url = f"sqlite:///{tmp_path / 'given.sqlite'}"
    environment.setenv("DATABASE_URL", url)
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == url


def test_default_database_is_a_sqlite_file_in_the_instance_folder(environment, instance_path):
    environment.delenv("DATABASE_URL")
    app = create_app()
    assert app.instance_path == str(instance_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance_path / 'blog.sqlite'}"
    assert instance_path.is_dir()


def test_client_secrets_file_fills_the_provider_settings(environment, tmp_path):
    for name in PROVIDER_ENVIRONMENT:
        environment.delenv(name)
    environment.setenv("OIDC_CLIENT_SECRETS", str(write_client_secrets(tmp_path / "cs.json")))
    config = create_app().config
    assert config["OIDC_ISSUER"] == "https://file-issuer.example"
    assert config["OIDC_CLIENT_ID"] == "file-client"
    assert config["OIDC_CLIENT_SECRET"] == "file-secret"


def test_environment_wins_over_the_client_secrets_file(environment, tmp_path):
    environment.setenv("OIDC_CLIENT_SECRETS", str(write_client_secrets(tmp_path / "cs.json")))
    environment.delenv("OIDC_CLIENT_SECRET")
    config = create_app().config
    assert config["OIDC_ISSUER"] == ISSUER
    assert config["OIDC_CLIENT_ID"] == "blog-client"
    assert config["OIDC_CLIENT_SECRET"] == "file-secret"


def test_missing_client_secrets_file_refuses_to_start(environment, tmp_path):
    missing = tmp_path / "nowhere.json"
    environment.setenv("OIDC_CLIENT_SECRETS", str(missing))
    with pytest.raises(ConfigurationError, match="does not exist"):
        create_app()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("{not json", id="not-json"),
        pytest.param("[]", id="list"),
        pytest.param('{"installed": {"client_id": "x"}}', id="no-web-section"),
        pytest.param('{"web": "client"}', id="web-is-text"),
        pytest.param('{"web": null}', id="web-is-null"),
        pytest.param('{"web": ["client"]}', id="web-is-list"),
    ],
)
def test_malformed_client_secrets_file_refuses_to_start(environment, tmp_path, content):
    path = tmp_path / "cs.json"
    path.write_text(content, encoding="utf-8")
    environment.setenv("OIDC_CLIENT_SECRETS", str(path))
    with pytest.raises(ConfigurationError, match="client_secrets.json"):
        create_app()


def test_unreadable_client_secrets_path_refuses_to_start(environment, tmp_path):
    environment.setenv("OIDC_CLIENT_SECRETS", str(tmp_path))
    with pytest.raises(ConfigurationError, match="OIDC_CLIENT_SECRETS"):
        create_app()


def test_session_cookie_is_secure_http_only_and_lax_outside_development():
    config = create_app().config
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_the_session_cookie_sent_carries_the_flags():
    app = create_app()

    def remember():
        session["seen"] = True
        return "ok"

    app.add_url_rule("/remember-for-test", view_func=remember)
    response = app.test_client().get("/remember-for-test")
    cookie = response.headers["Set-Cookie"]
    flags = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
    assert cookie.startswith("blog_session=")
    assert {"secure", "httponly", "samesite"} <= flags.keys()
    assert flags["samesite"].strip() == "SameSite=Lax"


def test_debug_mode_allows_the_session_cookie_over_http(environment):
    environment.setenv("FLASK_DEBUG", "1")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("value", ["false", "0"])
def test_prefixed_environment_can_turn_the_secure_flag_off(environment, value):
    environment.setenv("FLASK_SESSION_COOKIE_SECURE", value)
    assert not create_app().config["SESSION_COOKIE_SECURE"]


@pytest.mark.parametrize(
    "value",
    ["none", "RS256,none", "RS256, none", "ES256 none RS256"],
)
def test_unsigned_id_tokens_cannot_be_allowed(environment, value):
    environment.setenv("OIDC_ID_TOKEN_ALGORITHMS", value)
    with pytest.raises(ConfigurationError, match='"none"'):
        create_app()


@pytest.mark.parametrize(
    ("value", "algorithms"),
    [
        ("RS256", ("RS256",)),
        ("RS256,ES256", ("RS256", "ES256")),
        ("PS256 EdDSA", ("PS256", "EdDSA")),
    ],
)
def test_id_token_algorithms_are_read_as_a_list(environment, value, algorithms):
    environment.setenv("OIDC_ID_TOKEN_ALGORITHMS", value)
    assert create_app().config["OIDC_ID_TOKEN_ALGORITHMS"] == algorithms


@pytest.mark.parametrize("name", ["POSTS_PER_PAGE", "FLASK_POSTS_PER_PAGE"])
@pytest.mark.parametrize("value", ["ten", "1.5", "10 posts", "true"])
def test_non_integer_posts_per_page_is_refused_with_a_message(environment, name, value):
    environment.setenv(name, value)
    with pytest.raises(ConfigurationError, match="POSTS_PER_PAGE must be a whole number") as error:
        create_app()
    assert value in str(error.value).lower()


def test_integer_settings_are_read_as_numbers(environment):
    environment.setenv("POSTS_PER_PAGE", "25")
    assert create_app().config["POSTS_PER_PAGE"] == 25


# FLASK_TESTING is read like any FLASK_ setting; an operator who sets it must get production.
TESTING_VALUES = ["true", "1"]


@pytest.mark.parametrize("value", TESTING_VALUES)
def test_testing_mode_from_the_environment_does_not_mount_the_built_in_provider(environment,
                                                                                value):
    environment.setenv("FLASK_TESTING", value)
    for name in PROVIDER_ENVIRONMENT:
        environment.delenv(name)
    with pytest.raises(ConfigurationError, match="No OpenID provider is configured"):
        create_app()


@pytest.mark.parametrize("value", TESTING_VALUES)
def test_testing_mode_from_the_environment_keeps_the_session_cookie_secure(environment, value):
    environment.setenv("FLASK_TESTING", value)
    app = create_app()
    assert app.testing
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("value", TESTING_VALUES)
def test_testing_mode_from_the_environment_trusts_the_router(environment, value):
    environment.setenv("FLASK_TESTING", value)
    assert create_app().config["TRUSTED_PROXY_HOPS"] == 1


@pytest.mark.parametrize("value", TESTING_VALUES)
def test_testing_mode_from_the_environment_does_not_make_up_a_secret_key(environment, value):
    environment.setenv("FLASK_TESTING", value)
    environment.delenv("SECRET_KEY")
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app()


@pytest.mark.parametrize("given, method", [(None, "GET"), ("post", "POST"), (" get ", "GET")])
def test_the_end_session_method_defaults_to_get_and_ignores_case(make_app, given, method):
    settings = {} if given is None else {"OIDC_END_SESSION_METHOD": given}
    assert make_app(**settings).config["OIDC_END_SESSION_METHOD"] == method


def test_an_unknown_end_session_method_is_refused(make_app):
    with pytest.raises(ConfigurationError, match="OIDC_END_SESSION_METHOD must be GET"):
        make_app(OIDC_END_SESSION_METHOD="DELETE")
