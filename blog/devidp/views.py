"""The provider's HTTP endpoints: discovery, JWKS, authorize, token, userinfo and end-session."""

from __future__ import annotations

from urllib.parse import urlsplit

from authlib.oauth2 import OAuth2Error
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask import session
from flask_wtf.csrf import CSRFError

from .discovery import provider_metadata
from .provider import DevProvider
from .signin import continued_sid
from .signin import remember
from .signin import remembered_user
from .signin import sign_in_time
from .users import USER_NAME_RULE
from .users import is_valid_user_name
from .users import parse_groups

bp = Blueprint("devidp", __name__)

# Prompts that ask for a fresh sign-in, so the remembered user is not offered.
FRESH_SIGN_IN_PROMPTS = {"login", "create"}


def _provider() -> DevProvider:
    return current_app.extensions["devidp"]


@bp.get("/.well-known/openid-configuration")
def discovery() -> Response:
    """The OpenID Provider metadata for the issuer this request reached."""
    return jsonify(provider_metadata(_provider().issuer()))


@bp.get("/jwks")
def jwks() -> Response:
    """The public signing key."""
    response = jsonify(_provider().current_jwk_set())
    # Revalidate every time, so a rotated key is visible at once.
    response.cache_control.no_cache = True
    return response


@bp.route("/authorize", methods=["GET", "POST"])
def authorize():
    """Show the sign-in page (GET) or act on the user's choice (POST, CSRF-checked)."""
    provider = _provider()
    prompts = set(request.values.get("prompt", "").split())
    remembered = None
    if not prompts & FRESH_SIGN_IN_PROMPTS:
        remembered = remembered_user(provider, max_age=request.values.get("max_age", type=int))
    try:
        # Validates client, redirect_uri, scope, PKCE, nonce and prompt (login_required etc.).
        grant = provider.server.get_consent_grant(end_user=remembered)
    except OAuth2Error as error:
        return _authorization_error(provider, error)

    if request.method == "GET":
        if "none" in prompts:
            # Silent re-authentication: Authlib has already refused it if nobody is remembered.
            return provider.server.create_authorization_response(grant=grant, grant_user=remembered)
        return _sign_in_page(grant, remembered, prompts)

    if request.form.get("decision") == "deny":
        return provider.server.create_authorization_response(grant=grant, grant_user=None)
    name = request.form.get("user", "")
    if not is_valid_user_name(name):
        error = f"Enter a user name of {USER_NAME_RULE}."
        return _sign_in_page(grant, remembered, prompts, typed=name, error=error), 400
    if request.form.get("groups", "").strip():
        provider.groups[name] = parse_groups(request.form["groups"])
    user = provider.user(name, sign_in_time(name, remembered), continued_sid(name, remembered))
    remember(user)
    return provider.server.create_authorization_response(grant=grant, grant_user=user)


@bp.post("/token")
def token() -> Response:
    """Exchange an authorization code for tokens (client_secret_basic or client_secret_post)."""
    return _provider().server.create_token_response()


@bp.route("/userinfo", methods=["GET", "POST"])
def userinfo() -> Response:
    """The claims of the bearer token's user."""
    return _provider().server.create_endpoint_response("userinfo")


@bp.route("/end-session", methods=["GET", "POST"])
def end_session():
    """RP-initiated logout: sign out here, then return to the client only if it is allowed."""
    provider = _provider()
    try:
        logout = provider.server.validate_endpoint_request("end_session")
    except OAuth2Error as error:
        # The logout request is not trustworthy, so no redirect (RP-Initiated Logout §4);
        # signing out is still what the user asked for.
        session.clear()
        return render_template("devidp/signed_out.html", problem=error.description), 400
    response = provider.server.create_endpoint_response("end_session", logout)
    return response or render_template("devidp/signed_out.html")


@bp.app_errorhandler(CSRFError)
def csrf_failed(error: CSRFError):
    """A sign-in form that did not come from our page, or came too late: refuse, never redirect."""
    message = (
        "The sign-in form was not sent from the provider's page or has expired. "
        "Go back to the application and start signing in again."
    )
    return render_template("devidp/error.html", error="invalid_request", message=message), 400


@bp.after_app_request
def protect_pages(response: Response) -> Response:
    """Keep the sign-in pages out of frames and caches."""
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        response.headers["X-Frame-Options"] = "DENY"
        # Same-origin only: Flask-WTF checks the Referer of form posts made over HTTPS.
        response.headers["Referrer-Policy"] = "same-origin"
        response.cache_control.no_store = True
    return response


def _authorization_error(provider: DevProvider, error: OAuth2Error):
    if error.redirect_uri:
        # Authlib only sets redirect_uri once it has checked it against the client.
        response = provider.server.handle_error_response(None, error)
        provider.issuer_parameter.add_issuer_parameter(provider.server, response)
        return response
    # Unknown client or an unregistered redirect_uri: never redirect (RFC 6749 §4.1.2.1).
    return (
        render_template(
            "devidp/error.html",
            error=error.error,
            message=error.description,
            hint="The application must send a client_id and a redirect_uri registered "
            "with the development provider.",
        ),
        400,
    )


def _sign_in_page(grant, remembered, prompts, *, typed: str = "", error: str | None = None):
    target = urlsplit(grant.redirect_uri)
    return render_template(
        "devidp/authorize.html",
        creating="create" in prompts,
        client_id=grant.client.client_id,
        return_to=f"{target.scheme}://{target.netloc}",
        users=_provider().users,
        remembered=remembered,
        action=request.url,
        typed=typed,
        error=error,
        name_rule=USER_NAME_RULE,
    )
