"""The providers as the blog reaches them: which are configured, their issuers, their Authlib
clients (discovery checked, keys refetched at a bounded rate), the built-in development one."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time

import requests
from authlib.integrations.flask_client import FlaskOAuth2App
from authlib.integrations.flask_client import OAuth
from flask import Flask
from flask import current_app
from flask import g
from flask import has_request_context
from flask import request
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from blog.auth.client_keys import EXTENSION_KEY
from blog.auth.client_keys import ClientKeyAssertion
from blog.auth.client_keys import load_client_key
from blog.auth.dev_provider import checked_origin
from blog.auth.dev_provider import server_origin
from blog.auth.failures import ProviderUnavailable
from blog.auth.failures import call_provider
from blog.auth.providers import ProviderConfig
from blog.auth.providers import providers_from_settings
from blog.mounts import DEV_PROVIDER_PREFIX
from blog.settings import ConfigurationError
from blog.settings import is_development

DEV_CLIENT_ID = "blog-dev"
PROVIDERS_KEY = "blog_providers"


class RateLimitedKeysApp(FlaskOAuth2App):
    """Authlib's Flask client, refetching the provider's keys for an unknown kid at most once
    per OIDC_JWKS_REFRESH_INTERVAL, and giving all the calls of one request one OIDC_TIMEOUT.

    Authlib refetches whenever a token names a kid it has not seen; a flood of forged tokens would
    make the blog flood the provider. Within the interval the keys already held are used, so such
    a token fails its signature check instead.
    """

    refresh_interval = 60.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._refresh_lock = threading.Lock()
        self._refreshed_at: float | None = None

    def fetch_jwk_set(self, force: bool = False):
        """The provider's JWKS; a forced refetch only when the last one is an interval old."""
        if force and self.server_metadata.get("jwks"):
            with self._refresh_lock:
                now = time.monotonic()
                if (self._refreshed_at is not None
                        and now - self._refreshed_at < self.refresh_interval):
                    return self.server_metadata["jwks"]
                self._refreshed_at = now
        return super().fetch_jwk_set(force=force)


    # Authlib makes a requests session for each call (discovery, token, keys, userinfo) from
    # client_kwargs; each gets what is left of the request's time for the provider.
    def _get_session(self):
        session = super()._get_session()
        session.default_timeout = provider_time_left(self.client_kwargs["default_timeout"])
        return session

    def _get_oauth_client(self, **metadata):
        session = super()._get_oauth_client(**metadata)
        session.default_timeout = provider_time_left(self.client_kwargs["default_timeout"])
        return session


def provider_time_left(timeout: float) -> float:
    """Seconds this request may still wait for the provider: OIDC_TIMEOUT for all its calls.

    A login makes up to four calls; were the timeout each call's, a slow provider would hold a
    worker four times as long, past gunicorn's own timeout. Once it is spent, the next call
    fails at once, as a timeout (the 503 page of blog.auth.failures).
    """
    if not has_request_context():
        return timeout
    deadline = g.setdefault("provider_deadline", time.monotonic() + timeout)
    left = deadline - time.monotonic()
    if left <= 0:
        raise requests.Timeout(f"the {timeout} s allowed for the provider are spent")
    return left


class BlogOAuth(OAuth):
    """Authlib's client registry, making rate-limited clients."""

    oauth2_client_cls = RateLimitedKeysApp


def configure_provider(app: Flask) -> None:
    """Check the provider settings; in development without a provider, mount the built-in one."""
    config = app.config
    # One client registry per app: it caches each provider's discovery document and JWKS.
    app.extensions["blog_oauth"] = BlogOAuth(app)
    app.extensions[EXTENSION_KEY] = load_client_key(config["OIDC_CLIENT_PRIVATE_KEY"])
    providers = providers_from_settings(config)
    if providers:
        keyed = [p.name for p in providers if p.auth_method == "private_key_jwt"]
        if keyed and app.extensions[EXTENSION_KEY] is None:
            raise ConfigurationError(
                f"private_key_jwt is chosen ({', '.join(keyed)}) but OIDC_CLIENT_PRIVATE_KEY is "
                "not set: give the blog a private key (see docs/providers.md).")
        config["OIDC_DEV_PROVIDER"] = False
        app.extensions[PROVIDERS_KEY] = providers
        return
    if not is_development(app):
        raise ConfigurationError(
            "No OpenID provider is configured: set OIDC_ISSUER, OIDC_CLIENT_ID and "
            "OIDC_CLIENT_SECRET (or OIDC_CLIENT_SECRETS, or OIDC_PROVIDERS). The built-in "
            "development provider only runs in debug mode (flask --app blog run --debug)."
        )
    _mount_dev_provider(app)


def _mount_dev_provider(app: Flask) -> None:
    from blog.devidp import create_provider_app

    config = app.config
    config["OIDC_DEV_PROVIDER"] = True
    if config["DEV_PROVIDER_ORIGIN"]:
        config["DEV_PROVIDER_ORIGIN"] = checked_origin(config["DEV_PROVIDER_ORIGIN"])
    secret = hmac.new(config["SECRET_KEY"].encode(), b"devidp-client-secret",
                      hashlib.sha256).hexdigest()
    config["OIDC_CLIENT_ID"] = DEV_CLIENT_ID
    config["OIDC_CLIENT_SECRET"] = secret
    app.extensions[PROVIDERS_KEY] = (ProviderConfig(
        name="dev", label="Development provider", issuer=None, client_id=DEV_CLIENT_ID,
        client_secret=secret, scopes=tuple(config["OIDC_SCOPES"]),
        end_session_method=config["OIDC_END_SESSION_METHOD"]),)
    provider = create_provider_app(
        [{
            "client_id": DEV_CLIENT_ID,
            "client_secret": secret,
            "redirect_uris": [],
            "post_logout_redirect_uris": [],
            "same_origin_paths": ["/oidc/callback", "/"],
        }],
        secret_key=config["SECRET_KEY"],
    )
    app.extensions["blog_dev_provider"] = provider
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {DEV_PROVIDER_PREFIX: provider})


def configured_providers() -> tuple[ProviderConfig, ...]:
    """Every provider authors may log in with, in the order configured."""
    return current_app.extensions[PROVIDERS_KEY]


def provider_named(name: str | None) -> ProviderConfig | None:
    """The provider called name, or None."""
    return next((p for p in configured_providers() if p.name == name), None)


def provider_for_issuer(issuer: str | None) -> ProviderConfig | None:
    """The configured provider whose issuer this is (an author's, a token's), or None."""
    return next((p for p in configured_providers() if issuer_of(p) == issuer), None)


def issuer_of(provider: ProviderConfig) -> str:
    """The provider's issuer; the built-in provider's is on the blog's own server.

    The built-in one is at DEV_PROVIDER_ORIGIN, else at the address the server is bound to
    (blog.auth.dev_provider): one issuer, whatever Host the browser sent.
    """
    if provider.issuer is not None:
        return provider.issuer
    origin = current_app.config["DEV_PROVIDER_ORIGIN"] or server_origin(request.environ)
    return origin + DEV_PROVIDER_PREFIX


def registered_client(provider: ProviderConfig):
    """The provider's Authlib client, registered on first use; nothing is fetched yet."""
    issuer = issuer_of(provider)
    name = "oidc-" + hashlib.sha256(f"{issuer}\n{provider.client_id}".encode()).hexdigest()[:16]
    oauth = current_app.extensions["blog_oauth"]
    client = oauth.create_client(name)
    if client is not None:
        return client
    config = current_app.config
    client_kwargs = {"scope": " ".join(provider.scopes), "code_challenge_method": "S256",
                     "default_timeout": config["OIDC_TIMEOUT"]}
    auth_methods = None
    if provider.auth_method == "private_key_jwt":
        client_kwargs["token_endpoint_auth_method"] = "private_key_jwt"
        auth_methods = [ClientKeyAssertion(current_app.extensions[EXTENSION_KEY])]
    client = oauth.register(
        name,
        client_id=provider.client_id,
        client_secret=provider.client_secret if auth_methods is None else None,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs=client_kwargs,
        client_auth_methods=auth_methods,
    )
    client.refresh_interval = float(config["OIDC_JWKS_REFRESH_INTERVAL"])
    return client


def provider_client(provider: ProviderConfig):
    """The provider's Authlib client, with its discovery document fetched and checked."""
    issuer = issuer_of(provider)
    client = registered_client(provider)
    metadata = call_provider(client.load_server_metadata)
    if metadata.get("issuer") != issuer:
        # Drop the bad document so a corrected provider is picked up without a restart.
        client.server_metadata = {}
        raise ProviderUnavailable(
            f"discovery issuer {metadata.get('issuer')!r} is not the configured {issuer!r}",
            status=502,
            message="The identity provider is misconfigured. Please try again later.",
        )
    return client
