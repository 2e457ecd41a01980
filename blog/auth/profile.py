"""Authors' local profiles: made from the provider's claims at login, kept fresh from userinfo."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from blog.auth.author_slugs import unique_author_slug
from blog.auth.failures import LoginFailed
from blog.auth.failures import ProviderUnavailable
from blog.auth.failures import call_provider
from blog.auth.provider import provider_client
from blog.auth.provider import provider_for_issuer
from blog.auth.roles import assign_role
from blog.extensions import db
from blog.models import Author
from blog.models import LoginSession
from blog.models import utcnow

# Userinfo answers that mean the access is gone for good (RFC 6750 section 3.1).
REVOKED_STATUSES = {401, 403}


# The provider counts a token's life from when it issued it, the blog from when the token response
# arrived, and their clocks may differ: in its last moments a token the blog believes alive may be
# refused, and that refusal would end the session (an author's autosave among its requests). So a
# token is taken for expired this much before the end the blog computed.
ACCESS_TOKEN_EXPIRY_MARGIN = timedelta(seconds=5)


def upsert_author(issuer: str, subject: str, profile: dict) -> Author:
    """Create or update the local profile of the author (issuer, subject) from provider claims."""
    author = db.session.execute(
        db.select(Author).filter_by(issuer=issuer, subject=subject)
    ).scalar_one_or_none()
    if author is None:
        author = Author(issuer=issuer, subject=subject)
        apply_profile(author, profile)
        # Made once, from the first name known; kept when the name changes (author_slugs.py).
        # Before add(): the query would otherwise flush the author with a placeholder slug.
        author.slug = unique_author_slug(author.name)
        db.session.add(author)
    else:
        apply_profile(author, profile)
    assign_role(author, profile, current_app.config, at_login=True)
    return author


def apply_profile(author: Author, profile: dict) -> None:
    """Copy display name, email and picture from ID token or userinfo claims onto the author."""
    name = (profile.get("name") or profile.get("preferred_username") or profile.get("nickname")
            or profile.get("email") or author.name or "Anonymous author")
    author.name = str(name)[:200]
    if profile.get("email"):
        author.email = str(profile["email"])[:320]
    picture = profile.get("picture")
    if isinstance(picture, str) and picture.startswith("https://"):
        author.picture_url = picture[:2000]


def fetch_userinfo(client, access_token: str) -> dict:
    """GET the userinfo endpoint with the access token; raise LoginFailed on any failure."""
    metadata = call_provider(client.load_server_metadata)
    endpoint = metadata.get("userinfo_endpoint")
    if not endpoint:
        raise ProviderUnavailable("provider has no userinfo_endpoint")
    response = call_provider(
        client.get, endpoint, token={"access_token": access_token, "token_type": "Bearer"}
    )
    if response.status_code in REVOKED_STATUSES:
        raise LoginFailed(f"userinfo refused the access token (HTTP {response.status_code})",
                          status=401)
    call_provider(response.raise_for_status)
    claims = call_provider(response.json)
    if not isinstance(claims, dict):
        raise ProviderUnavailable("userinfo is not a JSON object")
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
        provider = provider_for_issuer(login.author.issuer)
        if provider is None:
            # The operator removed the author's provider: nobody can vouch for them any more.
            raise LoginFailed(f"the provider {login.author.issuer!r} is no longer configured")
        client = provider_client(provider)
        if (login.access_token_expires_at
                and login.access_token_expires_at - ACCESS_TOKEN_EXPIRY_MARGIN <= now):
            if not login.refresh_token:
                # Nothing left to ask the provider with. An expired token is not a revoked one:
                # ending the session here would lose whatever form the author is sending, so
                # the cached profile stays until the login session's own lifetime runs out.
                return True
            _use_refresh_token(client, login)
        claims = fetch_userinfo(client, login.access_token or "")
        if claims.get("sub") != login.author.subject:
            raise LoginFailed("userinfo sub differs from the session's author", status=401)
    except ProviderUnavailable as failure:
        current_app.logger.warning("profile refresh skipped, keeping cached profile: %s",
                                   failure.reason)
        # The refresh token may have been used and rotated before userinfo failed: save the new
        # one, or the next refresh would present a spent token and end the session.
        db.session.commit()
        return True
    except LoginFailed as failure:
        # The provider refused: the access token, the refresh token or the subject.
        current_app.logger.info("session ended: %s", failure.reason)
        return False
    apply_profile(login.author, claims)
    assign_role(login.author, claims, current_app.config, at_login=False)
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
