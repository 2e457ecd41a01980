"""Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the provider's POST that ends an
author's login sessions, each token accepted once by every process."""

from __future__ import annotations

import hashlib
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from blog.auth.guards import called_by_provider
from blog.auth.logout_token import MAX_BODY_BYTES
from blog.auth.logout_token import LogoutRefused
from blog.auth.logout_token import token_from_form
from blog.auth.logout_token import verify_logout_token
from blog.extensions import db
from blog.models import Author
from blog.models import LoginSession
from blog.models import SpentLogoutToken
from blog.models import utcnow

bp = Blueprint("backchannel", __name__)

FORM_TYPE = "application/x-www-form-urlencoded"


@bp.post("/oidc/backchannel-logout")
@called_by_provider
def backchannel_logout():
    """End the login sessions a valid logout token names: 200 when done, 400 (JSON) otherwise."""
    try:
        claims, ended = accept_logout(request_body())
    except LogoutRefused as refusal:
        current_app.logger.warning("back-channel logout refused: %s", refusal.reason)
        response = jsonify(error="invalid_request", error_description=refusal.reason)
        response.status_code = 400
    else:
        current_app.logger.info("back-channel logout: %d login session(s) ended (%s)", ended,
                                claims["iss"])
        response = current_app.response_class(status=200)
    # Section 2.8: the answer is about this one request, never to be stored.
    response.headers["Cache-Control"] = "no-store"
    return response


def request_body() -> bytes:
    """The form body, read no further than MAX_BODY_BYTES; a larger one is refused unread."""
    if request.mimetype != FORM_TYPE:
        raise LogoutRefused(f"request is not {FORM_TYPE}")
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise LogoutRefused(f"request body over {MAX_BODY_BYTES} bytes")
    try:
        # Werkzeug bounds the stream by Content-Length, or by its end when chunked.
        return request.stream.read(MAX_BODY_BYTES + 1)
    except HTTPException:
        # The client went away mid-body, or sent more than the server accepts.
        raise LogoutRefused("request body could not be read") from None


def accept_logout(body: bytes) -> tuple[dict, int]:
    """Verify the token in the body and end the sessions it names: (its claims, how many)."""
    _provider, claims = verify_logout_token(token_from_form(body), current_app.config)
    return claims, end_named_sessions(claims)


def end_named_sessions(claims: dict) -> int:
    """Spend the token's jti and delete the sessions it names; one committed transaction.

    With a sid, the login sessions begun with that provider session end; with only a sub, every
    login session of that author at that provider. A jti already spent (by any process, before
    or after a restart) refuses the whole token: the primary key decides between concurrent ones.
    """
    issuer = claims["iss"]
    db.session.add(SpentLogoutToken(id=spent_token_id(issuer, claims["jti"]),
                                    expires_at=spent_until(claims["iat"])))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise LogoutRefused("logout token jti was already used") from None
    named = db.select(LoginSession.id).join(Author).where(Author.issuer == issuer)
    if "sid" in claims:
        named = named.where(LoginSession.sid == claims["sid"])
    if "sub" in claims:
        named = named.where(Author.subject == claims["sub"])
    ended = db.session.execute(
        db.delete(LoginSession).where(LoginSession.id.in_(named))
        .execution_options(synchronize_session=False)
    ).rowcount
    # Tokens past their window can be refused on their iat alone; their jti is no longer needed.
    db.session.execute(db.delete(SpentLogoutToken).where(SpentLogoutToken.expires_at < utcnow()))
    db.session.commit()
    return ended


def spent_token_id(issuer: str, jti: str) -> str:
    """The key a spent token is kept under: a hash of its issuer and jti (each provider's own)."""
    return hashlib.sha256(f"{issuer}\0{jti}".encode()).hexdigest()


def spent_until(iat) -> datetime:
    """When a token issued at iat stops passing the iat check, and its jti can be forgotten."""
    config = current_app.config
    window = config["OIDC_LOGOUT_TOKEN_MAX_AGE"] + 2 * config["OIDC_CLOCK_LEEWAY"]
    issued = datetime.fromtimestamp(float(iat), UTC).replace(tzinfo=None)
    return max(issued, utcnow()) + timedelta(seconds=window)
