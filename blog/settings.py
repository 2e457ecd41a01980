"""Configuration: defaults, the environment, client_secrets.json, and refusing bad setups."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

from flask import Flask


class ConfigurationError(RuntimeError):
    """The app cannot start with the configuration it was given."""


DEFAULTS = {
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "OIDC_ISSUER": None,
    "OIDC_CLIENT_ID": None,
    "OIDC_CLIENT_SECRET": None,
    "OIDC_CLIENT_SECRETS": None,
    # Asymmetric algorithms only: "none" is never accepted, whatever the provider's discovery says.
    "OIDC_ID_TOKEN_ALGORITHMS": ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
                                 "ES384", "ES512", "EdDSA"),
    # Audiences besides our own client_id that an ID token may carry (OIDC Core 3.1.3.7 step 3).
    "OIDC_TRUSTED_AUDIENCES": (),
    "OIDC_CLOCK_LEEWAY": 60,
    "OIDC_TIMEOUT": 10,
    # How the browser is handed to the provider's end_session_endpoint. GET (a link, without the
    # ID token hint, which would sit in a URL) works everywhere: a top-level GET carries the
    # provider's SameSite=Lax session cookie, a cross-site POST does not. POST (the hint in a
    # form body) is for providers that want it and keep their cookie SameSite=None.
    "OIDC_END_SESSION_METHOD": "GET",
    # Debug mode without OIDC_ISSUER: scheme://host:port where the blog reaches its built-in
    # provider (itself). Unset, the address its server is bound to (blog.auth.dev_provider).
    "DEV_PROVIDER_ORIGIN": None,
    "PROFILE_MAX_AGE": 15 * 60,
    "LOGIN_SESSION_LIFETIME": 14 * 24 * 3600,
    "POSTS_PER_PAGE": 10,
    "BODY_MAX_BYTES": 128 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "blog_session",
    # pool_pre_ping replaces connections that died while pooled (a database restart or failover);
    # hide_parameters keeps bound values (tokens among them) out of error messages and logs.
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
    # Seconds to wait for PostgreSQL to accept a connection before answering 503.
    "DATABASE_CONNECT_TIMEOUT": 5,
    # Proxies in front of the app whose X-Forwarded-For/-Proto/-Port are believed (blog.security).
    # Derived when not given: 1 in production (the platform's router), 0 in development.
    "TRUSTED_PROXY_HOPS": None,
    "LOG_LEVEL": "INFO",
    # A form stays valid as long as the session; tokens are still bound to it.
    "WTF_CSRF_TIME_LIMIT": None,
    # CSRF is checked by blog.auth.guards.protect_from_csrf, after g.user is loaded.
    "WTF_CSRF_CHECK_DEFAULT": False,
    "BLOG_TITLE": "The Blog",
    # Rendered public pages kept by each worker process (blog/caching); 0 entries turns it off.
    "PAGE_CACHE_MAX_ENTRIES": 1000,
    "PAGE_CACHE_MAX_BYTES": 4 * 1024 * 1024,
    # Derived after the environment is read unless given (Flask has its own defaults for these).
    "SESSION_COOKIE_SECURE": None,
    "MAX_CONTENT_LENGTH": None,
    "MAX_FORM_MEMORY_SIZE": None,
}

# Settings read from the environment under their own name (besides any FLASK_<NAME>).
ENVIRONMENT_SETTINGS = ("SECRET_KEY", "DATABASE_URL", "OIDC_ISSUER", "OIDC_CLIENT_ID",
                        "OIDC_CLIENT_SECRET", "OIDC_CLIENT_SECRETS", "BLOG_TITLE",
                        "OIDC_END_SESSION_METHOD", "LOG_LEVEL", "DEV_PROVIDER_ORIGIN")
INTEGER_SETTINGS = ("PROFILE_MAX_AGE", "POSTS_PER_PAGE", "BODY_MAX_BYTES", "OIDC_CLOCK_LEEWAY",
                    "OIDC_TIMEOUT", "LOGIN_SESSION_LIFETIME", "DATABASE_CONNECT_TIMEOUT",
                    "TRUSTED_PROXY_HOPS", "PAGE_CACHE_MAX_ENTRIES", "PAGE_CACHE_MAX_BYTES")
LIST_SETTINGS = ("OIDC_ID_TOKEN_ALGORITHMS", "OIDC_TRUSTED_AUDIENCES")
DERIVED_INTEGER_SETTINGS = ("TRUSTED_PROXY_HOPS",)


def load_settings(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from defaults, then the environment or test mapping; derive the rest."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        for name in ENVIRONMENT_SETTINGS + INTEGER_SETTINGS + LIST_SETTINGS:
            if os.environ.get(name):
                app.config[name] = os.environ[name]
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    _coerce_types(app)
    _load_client_secrets(app)
    _derive_database_uri(app)
    _derive_limits(app)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not is_development(app)
    if app.config["TRUSTED_PROXY_HOPS"] is None:
        app.config["TRUSTED_PROXY_HOPS"] = 0 if is_development(app) else 1
    app.permanent_session_lifetime = timedelta(seconds=app.config["LOGIN_SESSION_LIFETIME"])
    _check_secret_key(app)


def is_development(app: Flask) -> bool:
    """True in debug mode only, where development conveniences are allowed.

    Not in testing mode: TESTING can come from the environment (FLASK_TESTING), and an operator
    who sets it must not get the built-in provider, plain-HTTP cookies or a made-up secret key.
    """
    return bool(app.debug)


def _coerce_types(app: Flask) -> None:
    for name in INTEGER_SETTINGS:
        value = app.config[name]
        if value is None and name in DERIVED_INTEGER_SETTINGS:
            continue
        # from_prefixed_env reads FLASK_POSTS_PER_PAGE=1.5 as a float and =true as a bool, which
        # int() would quietly turn into 1.
        if isinstance(value, bool | float):
            raise ConfigurationError(f"{name} must be a whole number, not {value!r}.")
        try:
            app.config[name] = int(value)
        except (TypeError, ValueError):
            raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from None
    for name in LIST_SETTINGS:
        value = app.config[name]
        if isinstance(value, str):
            value = [part.strip() for part in value.replace(",", " ").split()]
        app.config[name] = tuple(value)
    method = str(app.config["OIDC_END_SESSION_METHOD"]).strip().upper()
    if method not in ("GET", "POST"):
        raise ConfigurationError(f"OIDC_END_SESSION_METHOD must be GET (the default) or POST, "
                                 f"not {app.config['OIDC_END_SESSION_METHOD']!r}.")
    app.config["OIDC_END_SESSION_METHOD"] = method
    if "none" in app.config["OIDC_ID_TOKEN_ALGORITHMS"]:
        raise ConfigurationError('OIDC_ID_TOKEN_ALGORITHMS may not contain "none".')


def _load_client_secrets(app: Flask) -> None:
    """Read the tutorial-style client_secrets.json; values already set (environment) win."""
    path = app.config["OIDC_CLIENT_SECRETS"]
    if not path:
        return
    try:
        web = json.loads(Path(path).read_text(encoding="utf-8"))["web"]
        if not isinstance(web, dict):
            raise TypeError("the web section is not an object")
    except FileNotFoundError:
        raise ConfigurationError(
            f"OIDC_CLIENT_SECRETS names {path}, which does not exist."
        ) from None
    except OSError as error:
        raise ConfigurationError(
            f"OIDC_CLIENT_SECRETS names {path}, which cannot be read: {error.strerror}."
        ) from None
    except (ValueError, KeyError, TypeError):
        raise ConfigurationError(
            f'{path} is not a client_secrets.json: expected {{"web": {{"client_id": ..., '
            '"client_secret": ..., "issuer": ...}}}}.'
        ) from None
    for setting, key in (("OIDC_ISSUER", "issuer"), ("OIDC_CLIENT_ID", "client_id"),
                         ("OIDC_CLIENT_SECRET", "client_secret")):
        if not app.config.get(setting) and web.get(key):
            app.config[setting] = web[key]


def _derive_database_uri(app: Flask) -> None:
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        url = "sqlite:///" + str(Path(app.instance_path) / "blog.sqlite")
    url = sqlalchemy_database_uri(url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("postgresql+psycopg://"):
        # libpq waits for ever by default on a host that drops packets; a 503 page is better.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        connect_args = {"connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"],
                        **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def sqlalchemy_database_uri(url: str) -> str:
    """The SQLAlchemy URL for a DATABASE_URL: PostgreSQL URLs get the psycopg 3 driver."""
    # Heroku still hands out postgres:// URLs, which SQLAlchemy no longer accepts.
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _derive_limits(app: Flask) -> None:
    body_max = app.config["BODY_MAX_BYTES"]
    # A form field may be up to the body limit; the body limit itself is checked by the post form so
    # that the author gets their text back. Percent-encoding can make a request up to 9x its text.
    if app.config["MAX_FORM_MEMORY_SIZE"] is None:
        app.config["MAX_FORM_MEMORY_SIZE"] = body_max * 4
    if app.config["MAX_CONTENT_LENGTH"] is None:
        app.config["MAX_CONTENT_LENGTH"] = body_max * 10


def _check_secret_key(app: Flask) -> None:
    if app.config["SECRET_KEY"]:
        return
    if is_development(app):
        # Kept in the instance folder so that the reloader's restarts do not log everybody out.
        key_file = Path(app.instance_path) / "dev-secret-key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(os.urandom(32).hex(), encoding="utf-8")
        app.config["SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()
        return
    raise ConfigurationError(
        "SECRET_KEY is not set. Set it in the environment (for example "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')) "
        "or run in debug mode with --debug for local development."
    )
