"""The OpenID Provider as the blog sees it: which one, its Authlib client, and its failures."""

from __future__ import annotations

import hashlib
import hmac

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask
from flask import current_app
from flask import request
from joserfc.errors import JoseError
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from blog.auth.dev_provider import checked_origin
from blog.auth.dev_provider import server_origin
from blog.mounts import DEV_PROVIDER_PREFIX
from blog.settings import ConfigurationError
from blog.settings import is_development

DEV_CLIENT_ID = "blog-dev"
SCOPES = "openid email profile"


class LoginFailed(Exception):
    """A login that cannot complete; carries the status and message for the error page.

    `reason` goes to the log only: it may name claims and endpoints, but never tokens or secrets.
    `cancelled` marks the author's own choice at the provider, which is no failure to report.
    """

    def __init__(self, reason: str, *, status: int = 400, message: str | None = None,
                 cancelled: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.message = message or "We could not log you in. Please try again."
        self.cancelled = cancelled


class ProviderUnavailable(LoginFailed):
    """The provider could not be reached or answered garbage: a passing failure, not a refusal.

    A login shows the error page either way; a logged-in author's session survives this one (the
    cached profile is kept) but not a plain LoginFailed, which means the provider said no.
    """

    def __init__(self, reason: str, *, status: int = 502, message: str | None = None):
        super().__init__(reason, status=status, message=message)


def configure_provider(app: Flask) -> None:
    """Check the provider settings; in development without a provider, mount the built-in one."""
    config = app.config
    # One client registry per app: it caches each provider's discovery document and JWKS.
    app.extensions["blog_oauth"] = OAuth(app)
    if config["OIDC_ISSUER"]:
        missing = [name for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET") if not config[name]]
        if missing:
            raise ConfigurationError(
                f"OIDC_ISSUER is set but {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not: register the blog with the provider "
                "and set the client credentials it gives you (see docs/providers.md)."
            )
        config["OIDC_DEV_PROVIDER"] = False
        return
    if not is_development(app):
        raise ConfigurationError(
            "No OpenID provider is configured: set OIDC_ISSUER, OIDC_CLIENT_ID and "
            "OIDC_CLIENT_SECRET (or OIDC_CLIENT_SECRETS). The built-in development provider "
            "only runs in debug mode (flask --app blog run --debug)."
        )
    from blog.devidp import create_provider_app

    config["OIDC_DEV_PROVIDER"] = True
    if config["DEV_PROVIDER_ORIGIN"]:
        config["DEV_PROVIDER_ORIGIN"] = checked_origin(config["DEV_PROVIDER_ORIGIN"])
    config["OIDC_CLIENT_ID"] = DEV_CLIENT_ID
    config["OIDC_CLIENT_SECRET"] = hmac.new(
        config["SECRET_KEY"].encode(), b"devidp-client-secret", hashlib.sha256
    ).hexdigest()
    provider = create_provider_app(
        [{
            "client_id": DEV_CLIENT_ID,
            "client_secret": config["OIDC_CLIENT_SECRET"],
            "redirect_uris": [],
            "post_logout_redirect_uris": [],
            "same_origin_paths": ["/oidc/callback", "/"],
        }],
        secret_key=config["SECRET_KEY"],
    )
    app.extensions["blog_dev_provider"] = provider
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {DEV_PROVIDER_PREFIX: provider})


def current_issuer() -> str:
    """The configured issuer, or the built-in provider on the blog's own server.

    The built-in one is at DEV_PROVIDER_ORIGIN, else at the address the server is bound to
    (blog.auth.dev_provider): one issuer, whatever Host the browser sent.
    """
    config = current_app.config
    if config["OIDC_DEV_PROVIDER"]:
        origin = config["DEV_PROVIDER_ORIGIN"] or server_origin(request.environ)
        return origin + DEV_PROVIDER_PREFIX
    return config["OIDC_ISSUER"]


def provider_client():
    """The Authlib client for the current issuer, with its discovery document checked."""
    issuer = current_issuer()
    name = "oidc-" + hashlib.sha256(issuer.encode()).hexdigest()[:16]
    oauth = current_app.extensions["blog_oauth"]
    client = oauth.create_client(name)
    if client is None:
        config = current_app.config
        client = oauth.register(
            name,
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config["OIDC_CLIENT_SECRET"],
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": SCOPES,
                "code_challenge_method": "S256",
                "default_timeout": config["OIDC_TIMEOUT"],
            },
        )
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


def call_provider(function, *args, **kwargs):
    """Call the provider through Authlib, turning network and protocol failures into LoginFailed."""
    try:
        return function(*args, **kwargs)
    except LoginFailed:
        raise
    except (requests.ConnectionError, requests.Timeout) as error:
        raise ProviderUnavailable(
            f"provider unreachable: {type(error).__name__}",
            status=503,
            message="The identity provider could not be reached. Please try again in a moment.",
        ) from None
    except requests.HTTPError as error:
        raise ProviderUnavailable(
            f"provider answered HTTP {error.response.status_code}",
            status=502,
            message="The identity provider had a problem. Please try again in a moment.",
        ) from None
    except OAuthError as error:
        raise refusal_for(error) from None
    except JoseError as error:
        # The ID token checks inside authorize_access_token (Authlib's, with our options).
        raise LoginFailed(f"ID token refused: {error}", status=403,
                          message="The identity provider sent a login we could not verify.",
                          ) from None
    except (ValueError, KeyError, TypeError) as error:
        # requests' JSON decoding and Authlib's parsing of malformed answers end here.
        raise ProviderUnavailable(
            f"provider answered something unreadable: {type(error).__name__}",
            status=502,
            message="The identity provider gave an answer we could not understand.",
        ) from None
    except RuntimeError as error:
        # Authlib's word for a discovery document that lacks an endpoint it needs (jwks_uri,
        # authorization_endpoint); the message names the field, nothing secret.
        raise ProviderUnavailable(
            f"provider metadata incomplete: {error}",
            message="The identity provider is misconfigured. Please try again later.",
        ) from None


def refusal_for(error: OAuthError) -> LoginFailed:
    """The LoginFailed for an OAuth error, whether the provider sent it or Authlib raised it."""
    code = getattr(error, "error", "oauth_error")
    if code == "access_denied":
        return LoginFailed(
            "the author denied consent (access_denied)",
            status=403,
            message="You cancelled it at the identity provider, so nothing has changed here.",
            cancelled=True,
        )
    if code == "mismatching_state":
        return LoginFailed(
            "state missing or not issued to this browser",
            message="This login link has expired or was opened in another browser. "
            "Please log in again.",
        )
    if code in ("server_error", "temporarily_unavailable"):
        # RFC 6749 4.1.2.1: the provider is having trouble, not saying no; a session survives it.
        return ProviderUnavailable(f"provider unavailable: {code}")
    return LoginFailed(f"provider refused the login: {code}")
