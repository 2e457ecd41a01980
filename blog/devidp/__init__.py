"""The built-in development OpenID Provider: a Flask app built on Authlib's server components."""

from __future__ import annotations

import flask
from flask_wtf.csrf import CSRFProtect
from joserfc.jwk import RSAKey

from . import views
from .provider import DevProvider
from .provider import derive_key

__all__ = ["create_provider_app"]

SESSION_COOKIE_NAME = "devidp_session"


def create_provider_app(
    clients: list[dict], *, secret_key: str, users: tuple[str, ...] = ("alice", "bob"),
    signing_key: RSAKey | None = None,
) -> flask.Flask:
    """Build a provider app for `clients`, offering `users` on its sign-in page.

    Each client is {"client_id", "client_secret", "redirect_uris", "post_logout_redirect_uris"}
    and optionally "same_origin_paths": paths on the provider's own origin that are also
    accepted as redirect and post-logout URIs (for when it is mounted inside the blog), and
    "jwks": the client's public keys, which makes it authenticate by private_key_jwt only.
    The issuer is the URL the provider is reached at; `app.extensions["devidp"]` is the
    DevProvider, with rotate_key(), sign() and current_jwk_set(). `signing_key` is its first
    RSA key (a new one when not given): tests that build many providers share one.
    """
    if not isinstance(secret_key, str) or not secret_key:
        raise ValueError("create_provider_app needs a non-empty secret_key")
    provider = DevProvider(clients, secret_key=secret_key, users=users,
                           signing_key=signing_key)

    app = flask.Flask(__name__)
    app.config.update(
        # Its own cookie and key: the blog's session stays separate even on the same host.
        SECRET_KEY=derive_key(secret_key, "session").hex(),
        SESSION_COOKIE_NAME=SESSION_COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    provider.init_app(app)
    register_csrf(app)
    app.register_blueprint(views.bp)
    return app


def register_csrf(app: flask.Flask) -> None:
    """Protect the sign-in form; exempt the endpoints clients call with their own credentials."""
    csrf = CSRFProtect(app)
    # Token and userinfo calls come from servers, and logout is cross-site by design.
    for view in (views.token, views.userinfo, views.end_session):
        csrf.exempt(view)
