"""Server-side login sessions: starting and ending them, and loading g.user on every request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask import g
from flask import session

from blog.auth.profile import refresh_profile
from blog.extensions import db
from blog.models import Author
from blog.models import LoginSession
from blog.models import utcnow
from blog.site.model import REVISION_G_KEY
from blog.site.model import revision_subquery

SESSION_KEY = "login"
# The token of text posted after this browser's login had ended (blog/posts/kept.py): the one
# thing in the cookie that belongs to the browser, not the login, so it outlives a new login.
KEPT_DRAFT_KEY = "kept_draft"
# Authlib keeps each login in flight as a "_state_<client>_<state>" entry of the cookie session
# for an hour. Abandoned logins would pile up until the cookie passed the 4 KB browsers keep,
# and the browser then dropped it, failing every login for that hour. A few newest are enough
# for logins started in several tabs at once.
LOGIN_STATE_PREFIX = "_state_"
MAX_PENDING_LOGINS = 3


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_login_session(author: Author, token: dict, sid: str | None = None) -> None:
    """Begin a fresh session for the author: nothing of the pre-login session survives but what
    belongs to the browser (the token of text kept while logged out, other tabs' logins).

    sid is the provider's session as the ID token named it, for back-channel logout.
    """
    previous = g.get("login")
    if previous is not None:
        # Logging in again from a logged-in browser replaces its session rather than orphaning it.
        db.session.delete(previous)
    now = utcnow()
    cookie_token = secrets.token_urlsafe(32)
    expires_in = token.get("expires_in")
    login = LoginSession(
        id=_hash(cookie_token),
        author=author,
        created_at=now,
        expires_at=now + timedelta(seconds=current_app.config["LOGIN_SESSION_LIFETIME"]),
        profile_checked_at=now,
        access_token=token.get("access_token"),
        refresh_token=token.get("refresh_token"),
        access_token_expires_at=now + timedelta(seconds=int(expires_in)) if expires_in else None,
        id_token=token.get("id_token"),
        sid=sid,
    )
    db.session.add(login)
    db.session.commit()
    # What belongs to the browser, not to the login, outlives it: kept text, and the logins that
    # other tabs have in flight (Authlib removed this one's state already).
    carried = {key: value for key, value in session.items()
               if key == KEPT_DRAFT_KEY or key.startswith(LOGIN_STATE_PREFIX)}
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = cookie_token
    session.update(carried)


def forget_abandoned_logins(keep: int = MAX_PENDING_LOGINS) -> None:
    """Keep only the `keep` newest pending logins' state in the cookie session."""
    pending = [key for key in session if key.startswith(LOGIN_STATE_PREFIX)]
    pending.sort(key=lambda key: _expiry(session[key]), reverse=True)
    for key in pending[keep:]:
        session.pop(key)


def _expiry(entry) -> float:
    # Authlib's entries are {"data": ..., "exp": time.time() + 3600}: the newest expire last.
    expiry = entry.get("exp") if isinstance(entry, dict) else None
    return float(expiry) if isinstance(expiry, int | float) else 0.0


def end_login_session(login: LoginSession | None) -> None:
    """Delete this browser's login session (as loaded into g.login) and clear its cookie."""
    session.clear()
    if login is not None:
        db.session.delete(login)
        db.session.commit()


def current_login() -> LoginSession | None:
    """The LoginSession named by this request's cookie, if it exists and has not expired."""
    cookie_token = session.get(SESSION_KEY)
    if not isinstance(cookie_token, str):
        return None
    # The site settings' revision rides along: logged-in pages read no public version, and
    # this way learn of a save on another worker without a statement of their own.
    row = db.session.execute(db.select(LoginSession, revision_subquery())
                             .where(LoginSession.id == _hash(cookie_token))).first()
    if row is None:
        return None
    login = row[0]
    setattr(g, REVISION_G_KEY, row[1] or 0)
    if login.expires_at <= utcnow():
        return None
    return login


def load_current_author() -> None:
    """before_request hook: set g.user to the logged-in Author or None; refresh a stale profile.

    Anonymous requests touch neither the database nor the provider.
    """
    g.user = None
    g.login = None
    if SESSION_KEY not in session:
        return
    login = current_login()
    if login is None:
        # Logged out elsewhere, revoked or expired: forget the dead token.
        session.pop(SESSION_KEY, None)
        return
    max_age = timedelta(seconds=current_app.config["PROFILE_MAX_AGE"])
    if utcnow() - login.profile_checked_at >= max_age:
        if not refresh_profile(login):
            end_login_session(login)
            return
    g.user = login.author
    g.login = login
