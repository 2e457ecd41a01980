"""The provider's own sign-in memory: who last signed in in this browser, and when."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from flask import session

from .users import DevUser
from .users import is_valid_user_name

if TYPE_CHECKING:
    from .provider import DevProvider


def remember(user: DevUser) -> None:
    """Keep `user` in the provider session (the devidp_session cookie)."""
    session["user"] = user.name
    session["auth_time"] = user.auth_time
    session["sid"] = user.sid


def remembered_user(provider: DevProvider, *, max_age: int | None = None) -> DevUser | None:
    """The user the provider session remembers, unless absent or older than `max_age` seconds."""
    name = session.get("user")
    auth_time = session.get("auth_time")
    if not isinstance(name, str) or not is_valid_user_name(name) or not isinstance(auth_time, int):
        return None
    if max_age is not None and time.time() - auth_time > max_age:
        # OpenID Connect Core §3.1.2.1: the user must sign in again.
        return None
    sid = session.get("sid")
    return provider.user(name, auth_time, sid if isinstance(sid, str) else None)


def continued_sid(user_name: str, remembered: DevUser | None) -> str | None:
    """The provider session a sign-in continues (the remembered one, same user), else None."""
    if remembered is not None and remembered.name == user_name:
        return remembered.sid
    return None


def sign_in_time(user_name: str, remembered: DevUser | None) -> int:
    """When `user_name` authenticated: kept when continuing the remembered sign-in, else now."""
    if remembered is not None and remembered.name == user_name:
        return remembered.auth_time
    return int(time.time())
