"""Configuration: every setting declared once, read from the environment, checked, derived."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from flask import Flask


class ConfigurationError(RuntimeError):
    """The app cannot start with the configuration it was given."""


@dataclass(frozen=True)
class Setting:
    """One setting: its name, how a value is read, its default and what it is for.

    `environment` settings are read from the variable of their own name (any setting can also be
    given as FLASK_<NAME>) and are listed in docs/configuration.md; the rest are fixed choices of
    the blog that only FLASK_<NAME> or a test mapping may change.
    """

    name: str
    kind: str  # "text", "integer", "list", "choice" or "fixed" (kept as given)
    default: Any
    help: str
    environment: bool = True
    choices: tuple[str, ...] = ()


# Every setting of the blog, each declared once. A default of None on an integer means "derived
# after the environment is read" (see load_settings).
SETTINGS = (
    Setting("SECRET_KEY", "text", None, "Signs the session cookie and CSRF tokens; required "
            "outside debug mode."),
    Setting("DATABASE_URL", "text", None, "SQLAlchemy database URL; SQLite in the instance "
            "folder when unset."),
    Setting("OIDC_ISSUER", "text", None, "The provider's issuer, exactly as its discovery "
            "document states it."),
    Setting("OIDC_CLIENT_ID", "text", None, "The client ID the provider gave the blog."),
    Setting("OIDC_CLIENT_SECRET", "text", None, "The client secret (client_secret_basic)."),
    Setting("OIDC_CLIENT_SECRETS", "text", None, "Path of a tutorial-style client_secrets.json "
            "giving the three above."),
    Setting("OIDC_SCOPES", "list", ("openid", "email", "profile"), "Scopes asked of the provider "
            "(openid among them)."),
    Setting("OIDC_TOKEN_ENDPOINT_AUTH_METHOD", "choice", "client_secret_basic", "How the blog "
            "authenticates at the token endpoint.",
            choices=("client_secret_basic", "private_key_jwt")),
    Setting("OIDC_CLIENT_PRIVATE_KEY", "text", None, "The blog's private key (PEM or JWK) for "
            "private_key_jwt; its public part is served at /oidc/jwks."),
    Setting("OIDC_PROVIDERS", "text", None, "Several providers at once: a JSON list of objects "
            "(docs/providers.md), instead of OIDC_ISSUER and its companions."),
    # Asymmetric only: "none" is never accepted, whatever the provider's discovery says.
    Setting("OIDC_ID_TOKEN_ALGORITHMS", "list",
            ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
             "EdDSA"), "Accepted ID token signature algorithms."),
    Setting("OIDC_TRUSTED_AUDIENCES", "list", (), "Audiences besides our client ID that an ID "
            "token may carry (OIDC Core 3.1.3.7 step 3)."),
    Setting("OIDC_CLOCK_LEEWAY", "integer", 60, "Seconds of clock skew allowed for exp and iat."),
    Setting("OIDC_TIMEOUT", "integer", 10, "Seconds a request may wait for the provider, "
            "all its calls together (a login makes up to four)."),
    # A token naming a key we do not hold makes us fetch the provider's keys again, but no more
    # often than this: forged tokens with made-up kids must not make the blog flood the provider.
    Setting("OIDC_JWKS_REFRESH_INTERVAL", "integer", 60, "Least seconds between two fetches of a "
            "provider's keys for a token with an unknown kid."),
    Setting("OIDC_LOGOUT_TOKEN_MAX_AGE", "integer", 120, "Seconds after its iat that a "
            "back-channel logout token is accepted (plus OIDC_CLOCK_LEEWAY)."),
    # GET (a link, without the ID token hint, which would sit in a URL) works everywhere: a
    # top-level GET carries the provider's SameSite=Lax session cookie, a cross-site POST does
    # not. POST (the hint in a form body) is for providers that want it.
    Setting("OIDC_END_SESSION_METHOD", "choice", "GET", "How logout hands the browser to the "
            "provider's end_session_endpoint.", choices=("GET", "POST")),
    Setting("DEV_PROVIDER_ORIGIN", "text", None, "Debug mode without OIDC_ISSUER: where the blog "
            "reaches its built-in provider (itself); unset, the address its server is bound to."),
    Setting("PROFILE_MAX_AGE", "integer", 15 * 60, "Seconds between refreshes of a logged-in "
            "author's profile from userinfo."),
    Setting("LOGIN_SESSION_LIFETIME", "integer", 14 * 24 * 3600, "Seconds a login session "
            "lasts on the server."),
    Setting("ROLE_CLAIM", "text", "groups", "The ID token or userinfo claim (a string or a "
            "list) that ROLE_GROUPS maps to roles."),
    Setting("ROLE_GROUPS", "text", "", "role=group pairs, comma-separated, for example "
            "admin=blog-admins,editor=blog-editors,author=blog-authors,"
            "contributor=blog-contributors; the highest matching role wins."),
    Setting("DEFAULT_ROLE", "choice", "author", "The role of anyone no group matches; none "
            "lets them log in and read, but not write.",
            choices=("NONE", "CONTRIBUTOR", "AUTHOR", "EDITOR", "ADMIN")),
    Setting("ROLE_CONTACT", "text", "", "Whom people without a role should ask (shown on the "
            "page that tells them); the administrators of the identity provider when unset."),
    Setting("SITE_TIMEZONE", "text", "UTC", "The IANA time zone in which publication times "
            "without an offset are read and shown, for example Europe/Paris."),
    Setting("REVISIONS_PER_POST", "integer", 50, "Revisions kept per post; the oldest go first."),
    Setting("POSTS_PER_PAGE", "integer", 10, "Posts per index page."),
    Setting("SEARCH_MAX_QUERY_CHARS", "integer", 200, "Longest search, in characters; a longer "
            "one is refused with a 400 that says so."),
    Setting("BODY_MAX_BYTES", "integer", 128 * 1024, "Largest post body, in UTF-8 bytes."),
    Setting("IMAGE_MAX_BYTES", "integer", 10 * 1024 * 1024, "Largest image upload, in bytes."),
    Setting("IMAGE_MAX_PIXELS", "integer", 25_000_000, "Most pixels an uploaded image may have "
            "(over all its frames), read from its header before decoding."),
    Setting("IMAGE_MAX_FRAMES", "integer", 100, "Most frames an animated GIF or WebP may have."),
    Setting("IMAGE_QUOTA_BYTES", "integer", 200 * 1024 * 1024, "Bytes of stored images (all "
            "variants) each author may have."),
    Setting("DATABASE_CONNECT_TIMEOUT", "integer", 5, "Seconds to wait for PostgreSQL to accept "
            "a connection before answering 503."),
    Setting("TRUSTED_PROXY_HOPS", "integer", None, "Proxies in front whose X-Forwarded-* headers "
            "are believed; 1 in production, 0 in debug mode when unset."),
    Setting("LOG_LEVEL", "text", "INFO", "DEBUG, INFO, WARNING or ERROR."),
    Setting("BLOG_TITLE", "text", "The Blog", "The name in the header, footer and page titles."),
    Setting("BLOG_DESCRIPTION", "text", "", "One sentence about the blog: the description of "
            "pages without their own (search results, link previews) and the feed's subtitle."),
    Setting("BLOG_ABOUT", "text", "written by its authors", "The short line in the footer, "
            "after the title, until an admin saves the site settings."),
    # Links that leave the page (canonical, feeds, sitemaps, link previews) are built from this,
    # never from the Host header, which a client chooses and a shared cache would keep.
    Setting("PUBLIC_URL", "text", None, "The blog's address as readers reach it, "
            "scheme://host[:port] (for example https://blog.example.com); required outside debug "
            "mode."),
    Setting("FEED_ENTRIES", "integer", 20, "Posts in the Atom feed, newest first."),
    # The sitemaps protocol allows 50,000 URLs a file; past that /sitemap.xml becomes an index.
    Setting("SITEMAP_MAX_URLS", "fixed", 50_000, "Most URLs in /sitemap.xml before it becomes a "
            "sitemap index.", environment=False),
    Setting("SITEMAP_PART_IDS", "fixed", 10_000, "Post ids per part of the sitemap index "
            "(/sitemap-posts-<n>.xml).", environment=False),
    Setting("PAGE_CACHE_MAX_ENTRIES", "integer", 1000, "Rendered public pages each worker keeps "
            "(0 turns the page cache off)."),
    Setting("PAGE_CACHE_MAX_BYTES", "integer", 4 * 1024 * 1024, "The most those pages may take "
            "in each worker."),
    Setting("CACHE_PURGE_URLS", "list", (), "Shared caches to purge on every public change: "
            "each gets PURGE <url> with a Surrogate-Key header (deploy/varnish.vcl); none by "
            "default."),
    Setting("SHARED_CACHE_MAX_AGE", "integer", None, "Seconds a shared cache may keep a public "
            "page (s-maxage); derived: a day when CACHE_PURGE_URLS is set, else 10."),
    Setting("SHARED_CACHE_STALE_SECONDS", "integer", 30, "Seconds more a shared cache may serve "
            "a page stale while it fetches it again (stale-while-revalidate)."),
    Setting("CONTENT_VERSION_PUSH", "choice", "on", "On PostgreSQL, workers learn of changes "
            "by LISTEN/NOTIFY instead of reading the content version on each public request "
            "(readers without a session see them within 100 ms); off: one read a request.",
            choices=("on", "off")),
    Setting("SESSION_COOKIE_SECURE", "fixed", None, "Secure cookies; derived (true outside debug "
            "mode) unless FLASK_SESSION_COOKIE_SECURE is given.", environment=False),
    Setting("SESSION_COOKIE_HTTPONLY", "fixed", True, "Scripts never see the cookie.",
            environment=False),
    Setting("SESSION_COOKIE_SAMESITE", "fixed", "Lax", "The cookie stays off cross-site POSTs.",
            environment=False),
    Setting("SESSION_COOKIE_NAME", "fixed", "blog_session", "The session cookie's name.",
            environment=False),
    # pool_pre_ping replaces connections that died while pooled (a database restart or failover);
    # hide_parameters keeps bound values (tokens among them) out of error messages and logs.
    Setting("SQLALCHEMY_ENGINE_OPTIONS", "fixed", {"pool_pre_ping": True, "hide_parameters": True},
            "Engine options.", environment=False),
    Setting("WTF_CSRF_TIME_LIMIT", "fixed", None, "A form stays valid as long as the session.",
            environment=False),
    # blog.auth.guards.protect_from_csrf checks it, after g.user is loaded.
    Setting("WTF_CSRF_CHECK_DEFAULT", "fixed", False, "Flask-WTF's own check is off.",
            environment=False),
    Setting("MAX_CONTENT_LENGTH", "fixed", None, "Largest request; derived from BODY_MAX_BYTES.",
            environment=False),
    Setting("MAX_FORM_MEMORY_SIZE", "fixed", None, "Largest form field; derived from "
            "BODY_MAX_BYTES.", environment=False),
)
DEFAULTS = {setting.name: setting.default for setting in SETTINGS}


def environment_settings() -> tuple[str, ...]:
    """The settings read from the environment under their own names."""
    return tuple(setting.name for setting in SETTINGS if setting.environment)


def load_settings(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from defaults, then the environment or test mapping; derive the rest."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        for name in environment_settings():
            if os.environ.get(name):
                app.config[name] = os.environ[name]
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    for setting in SETTINGS:
        app.config[setting.name] = parsed(setting, app.config[setting.name])
    if "none" in app.config["OIDC_ID_TOKEN_ALGORITHMS"]:
        raise ConfigurationError('OIDC_ID_TOKEN_ALGORITHMS may not contain "none".')
    _load_client_secrets(app)
    _derive_database_uri(app)
    _derive_limits(app)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not is_development(app)
    if app.config["SHARED_CACHE_MAX_AGE"] is None:
        # Purged on change, a page can be kept long; without purging, briefly.
        app.config["SHARED_CACHE_MAX_AGE"] = 86400 if app.config["CACHE_PURGE_URLS"] else 10
    if app.config["TRUSTED_PROXY_HOPS"] is None:
        app.config["TRUSTED_PROXY_HOPS"] = 0 if is_development(app) else 1
    app.permanent_session_lifetime = timedelta(seconds=app.config["LOGIN_SESSION_LIFETIME"])
    _check_secret_key(app)
    _check_timezone(app)
    _check_public_url(app, from_test_mapping=test_config is not None)


def site_timezone(config) -> ZoneInfo:
    """SITE_TIMEZONE as a time zone."""
    return ZoneInfo(config["SITE_TIMEZONE"])


def _check_timezone(app: Flask) -> None:
    try:
        site_timezone(app.config)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(
            f"SITE_TIMEZONE must be an IANA time zone such as UTC or Europe/Paris, not "
            f"{app.config['SITE_TIMEZONE']!r}.") from None


def parsed(setting: Setting, value: Any) -> Any:
    """The value as the blog uses it, or ConfigurationError saying what is wrong with it."""
    if setting.kind == "integer":
        if value is None and setting.default is None:
            return None
        # from_prefixed_env reads FLASK_POSTS_PER_PAGE=1.5 as a float and =true as a bool, which
        # int() would quietly turn into 1.
        try:
            if isinstance(value, bool | float):
                raise TypeError
            return int(value)
        except (TypeError, ValueError):
            raise ConfigurationError(
                f"{setting.name} must be a whole number, not {value!r}.") from None
    if setting.kind == "list":
        if isinstance(value, str):
            value = value.replace(",", " ").split()
        return tuple(value)
    if setting.kind == "choice":
        # Case-insensitive, answered in the declared spelling ("post" is POST).
        matching = [choice for choice in setting.choices
                    if choice.upper() == str(value).strip().upper()]
        if not matching:
            raise ConfigurationError(
                f"{setting.name} must be {' or '.join(setting.choices)} (the default is "
                f"{setting.default}), not {value!r}.")
        return matching[0]
    return value


def is_development(app: Flask) -> bool:
    """True in debug mode only, where development conveniences are allowed.

    Not in testing mode: TESTING can come from the environment (FLASK_TESTING), and an operator
    who sets it must not get the built-in provider, plain-HTTP cookies or a made-up secret key.
    """
    return bool(app.debug)


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


def _check_public_url(app: Flask, from_test_mapping: bool) -> None:
    value = app.config["PUBLIC_URL"]
    if value:
        app.config["PUBLIC_URL"] = checked_public_url(value)
        return
    # Debug mode: the address the development server is bound to (blog/public_url.py); tests
    # (a test mapping with TESTING, never FLASK_TESTING): the test client's. Anywhere else a
    # guess would put wrong links into feeds, sitemaps and the caches that keep them.
    if is_development(app) or (from_test_mapping and app.testing):
        return
    raise ConfigurationError(
        "PUBLIC_URL is not set. Set it to the blog's address as readers reach it, for example "
        "PUBLIC_URL=https://blog.example.com: canonical links, feeds and sitemaps are built "
        "from it.")


def origin_parts(value: str) -> SplitResult | None:
    """The parts of value when it is an http(s) origin, scheme://host[:port] with at most a
    trailing slash after it (no user, path, query or fragment); None otherwise."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    if (parts.scheme not in ("http", "https") or not parts.hostname
            or parts.username is not None or parts.path not in ("", "/") or parts.query
            or parts.fragment):
        return None
    return parts


def checked_public_url(value: str) -> str:
    """PUBLIC_URL as scheme://host[:port] without a trailing slash, or ConfigurationError."""
    parts = origin_parts(value)
    if parts is None:
        raise ConfigurationError(
            f"PUBLIC_URL must be http(s)://host[:port] with nothing after it (for example "
            f"https://blog.example.com), not {value!r}. A blog under a path prefix gets it "
            "from the server (SCRIPT_NAME), as every link of its pages does.")
    return f"{parts.scheme}://{parts.netloc.lower()}"


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
