"""The login blueprint's views: login (choosing a provider), register, the OIDC callback and
logout."""

from __future__ import annotations

from authlib.common.urls import add_params_to_uri
from flask import Blueprint
from flask import current_app
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for

from blog.auth.failures import LoginFailed
from blog.auth.failures import call_provider
from blog.auth.failures import state_refused
from blog.auth.id_token import id_token_options
from blog.auth.id_token import restrict_algorithms
from blog.auth.id_token import session_id
from blog.auth.id_token import verified_claims
from blog.auth.profile import fetch_userinfo
from blog.auth.profile import upsert_author
from blog.auth.provider import configured_providers
from blog.auth.provider import issuer_of
from blog.auth.provider import provider_client
from blog.auth.provider import provider_for_issuer
from blog.auth.provider import provider_named
from blog.auth.provider import registered_client
from blog.auth.providers import ProviderConfig
from blog.auth.redirects import safe_next
from blog.auth.sessions import end_login_session
from blog.auth.sessions import forget_abandoned_logins
from blog.auth.sessions import start_login_session
from blog.security import allow_form_action

bp = Blueprint("auth", __name__)

NEXT_KEY = "login_next"


@bp.get("/login")
def login():
    """Send the browser to the provider's login page (Authorization Code flow with PKCE)."""
    return _begin_login(prompt=None)


@bp.get("/register")
def register():
    """Like login, but ask for the provider's sign-up screen when it supports prompt=create."""
    return _begin_login(prompt="create")


def _begin_login(prompt: str | None):
    target = safe_next(request.args.get("next"), url_for("posts.dashboard"))
    providers = configured_providers()
    provider = providers[0] if len(providers) == 1 else provider_named(request.args.get("provider"))
    if provider is None:
        # Several providers and none chosen (or one we do not have): let the author choose.
        return render_template("auth/choose_provider.html", providers=providers, next=target,
                               endpoint=request.endpoint)
    client = provider_client(provider)
    if prompt and prompt not in client.server_metadata.get("prompt_values_supported", ()):
        prompt = None
    session[NEXT_KEY] = target
    extra = {"prompt": prompt} if prompt else {}
    redirect_uri = url_for("auth.callback", _external=True)
    response = call_provider(client.authorize_redirect, redirect_uri, **extra)
    forget_abandoned_logins()
    return response


@bp.get("/oidc/callback")
def callback():
    """Finish the login: exchange the code, verify the ID token and userinfo, start a session."""
    provider = _provider_of_response()
    client = provider_client(provider)
    issuer = issuer_of(provider)
    _check_response_issuer(client, issuer)
    restrict_algorithms(client, current_app.config)
    # Authlib checks the state, redeems the code and verifies the ID token, with our options.
    token = call_provider(client.authorize_access_token,
                          claims_options=id_token_options(issuer, provider),
                          leeway=current_app.config["OIDC_CLOCK_LEEWAY"])
    claims = verified_claims(token)
    userinfo = fetch_userinfo(client, token.get("access_token") or "")
    if userinfo.get("sub") != claims["sub"]:
        raise LoginFailed("userinfo sub differs from the ID token's", status=403)
    author = upsert_author(issuer, claims["sub"], {**claims, **userinfo})
    target = safe_next(session.get(NEXT_KEY), url_for("posts.dashboard"))
    start_login_session(author, token, sid=session_id(claims))
    current_app.logger.info("login: author %s (%s)", author.id, issuer)
    return redirect(target)


def _provider_of_response() -> ProviderConfig:
    """The provider this browser sent to log in with the response's state.

    One callback serves every provider: the state, which Authlib keeps per provider in this
    browser's session, says which one the response answers. The RFC 9207 check then makes sure
    that provider is the one that answered.
    """
    providers = configured_providers()
    if len(providers) == 1:
        return providers[0]
    state = request.args.get("state")
    for provider in providers:
        client = registered_client(provider)
        if state and client.framework.get_state_data(session, state) is not None:
            return provider
    raise state_refused()


def _check_response_issuer(client, issuer: str) -> None:
    """RFC 9207: the authorization response's iss, when sent or promised, must be our issuer.

    This stops a mix-up attack where a response from another provider is handed to this callback.
    """
    sent = request.args.get("iss")
    promised = client.server_metadata.get("authorization_response_iss_parameter_supported")
    if sent is None and not promised:
        return
    if sent != issuer:
        raise LoginFailed(f"authorization response iss {sent!r} is not {issuer!r}")


@bp.get("/logout")
def confirm_logout():
    """A page with the logout button, for people who type /logout; logging out needs a POST."""
    if g.user is None:
        return redirect(url_for("posts.index"))
    return render_template("auth/logout.html")


@bp.post("/logout")
def logout():
    """End the session on the server, then at the provider when it offers RP-initiated logout."""
    login = g.login
    end_login_session(login)
    index = url_for("posts.index")
    if login is None:
        return redirect(index)
    current_app.logger.info("logout: author %s", login.author_id)
    provider = provider_for_issuer(login.author.issuer)
    if provider is None:
        return redirect(index)
    try:
        client = provider_client(provider)
    except LoginFailed:
        return redirect(index)
    endpoint = client.server_metadata.get("end_session_endpoint")
    if not endpoint:
        return redirect(index)
    client_id = provider.client_id
    back_to = url_for("posts.index", _external=True)
    if provider.end_session_method == "GET":
        # A page with a link the browser follows, not a redirect: Chromium applies the page's
        # form-action to redirects after a form POST, and a link needs no CSP exception at all.
        # The ID token would sit in the URL, so client_id names us instead (RP-Initiated Logout
        # 1.0, section 2). A top-level GET carries the provider's SameSite=Lax session cookie.
        # Built here rather than by Authlib's create_logout_url, which adds a state nobody checks.
        logout_url = add_params_to_uri(endpoint, {"client_id": client_id,
                                                  "post_logout_redirect_uri": back_to})
        return render_template("auth/end_session.html", logout_url=logout_url)
    # A form POST keeps the ID token in a body (RP-Initiated Logout 1.0, section 2), for providers
    # that take it cross-site (their session cookie then has to be SameSite=None).
    allow_form_action(endpoint)
    return render_template("auth/end_session.html", endpoint=endpoint, client_id=client_id,
                           id_token_hint=login.id_token, post_logout_redirect_uri=back_to)


@bp.app_errorhandler(LoginFailed)
def login_failed(failure: LoginFailed):
    """Any failed login ends here: a friendly page, a logged reason, and no session."""
    current_app.logger.warning("login refused: %s", failure.reason)
    session.pop(NEXT_KEY, None)
    # A failed login changes nothing: whoever was logged in before (g.user) still is.
    return render_template("auth/login_failed.html", message=failure.message,
                           cancelled=failure.cancelled), failure.status
