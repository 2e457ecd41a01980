"""Keeping a logged-in author's cached profile fresh from the provider's userinfo endpoint."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from blog.auth.provider import LoginFailed
from blog.auth.provider import call_provider
from blog.auth.provider import provider_client
from blog.auth.sessions import apply_profile
from blog.extensions import db
from blog.models import LoginSession
from blog.models import utcnow

# Userinfo answers that mean the access is gone for good (RFC 6750 section 3.1).
REVOKED_STATUSES = {401, 403}


def fetch_userinfo(client, access_token: str) -> dict:
    """GET the userinfo endpoint with the access token; raise LoginFailed on any failure."""
    metadata = call_provider(client.load_server_metadata)
    endpoint = metadata.get("userinfo_endpoint")
    if not endpoint:
        raise LoginFailed("provider has no userinfo_endpoint", status=502)
    response = call_provider(
        client.get, endpoint, token={"access_token": access_token, "token_type": "Bearer"}
    )
    if response.status_code in REVOKED_STATUSES:
        raise LoginFailed(f"userinfo refused the access token (HTTP {response.status_code})",
                          status=401)
    call_provider(response.raise_for_status)
    claims = call_provider(response.json)
    if not isinstance(claims, dict):
        raise LoginFailed("userinfo is not a JSON object", status=502)
    return claims


def refresh_profile(login: LoginSession) -> bool:
    """Refresh the author's profile; False when the provider says the access is no longer valid.

    When the provider is unreachable or failing, the cached profile is kept and True is returned;
    so it is when another request of the same session is already refreshing it, and when the
    access token has expired with no refresh token to renew it.
    """
    if not claim_refresh(login):
        return True
    now = utcnow()
    try:
        client = provider_client()
        if login.access_token_expires_at and login.access_token_expires_at <= now:
            if not login.refresh_token:
                # Nothing left to ask the provider with. An expired token is not a revoked one:
                # ending the session here would lose whatever form the author is sending, so
                # the cached profile stays until the login session's own lifetime runs out.
                return True
            _use_refresh_token(client, login)
        claims = fetch_userinfo(client, login.access_token or "")
        if claims.get("sub") != login.author.subject:
            raise LoginFailed("userinfo sub differs from the session's author", status=401)
    except LoginFailed as failure:
        if failure.status in (401, 403, 400):
            current_app.logger.info("session ended: %s", failure.reason)
            return False
        current_app.logger.warning("profile refresh skipped, keeping cached profile: %s",
                                   failure.reason)
        db.session.commit()
        return True
    apply_profile(login.author, claims)
    db.session.commit()
    return True


def claim_refresh(login: LoginSession) -> bool:
    """Take the right to refresh this session now; False if another request already took it.

    Two requests of one browser can find the profile stale at once; with a provider that rotates
    refresh tokens, the second refresh would fail and end the session. A conditional UPDATE on
    the time of the last check lets exactly one of them, in any process, go ahead.
    """
    claimed = db.session.execute(
        db.update(LoginSession)
        .where(LoginSession.id == login.id,
               LoginSession.profile_checked_at == login.profile_checked_at)
        .values(profile_checked_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    db.session.commit()
    return claimed


def _use_refresh_token(client, login: LoginSession) -> None:
    token = call_provider(
        client.fetch_access_token, grant_type="refresh_token", refresh_token=login.refresh_token
    )
    login.access_token = token.get("access_token")
    login.refresh_token = token.get("refresh_token") or login.refresh_token
    if token.get("expires_in"):
        login.access_token_expires_at = utcnow() + timedelta(seconds=int(token["expires_in"]))
