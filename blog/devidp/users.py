"""Development users: who may sign in, their stable subject, and their claims."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from authlib.oidc.core import UserInfo

USER_NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,40}")
USER_NAME_RULE = "1 to 40 letters, digits, dots, underscores or hyphens"
EMAIL_DOMAIN = "example.test"


@dataclass(frozen=True)
class DevUser:
    """A user who signed in at the development provider, and when."""

    name: str
    sub: str
    auth_time: int
    # The provider session this sign-in belongs to, named in ID and logout tokens.
    sid: str = ""


def is_valid_user_name(name: str) -> bool:
    """Whether `name` is an acceptable development user name."""
    return bool(USER_NAME_PATTERN.fullmatch(name))


def subject_for(name: str, key: bytes) -> str:
    """The opaque, stable `sub` for a user name: a truncated HMAC-SHA256, in hex.

    Keyed so the subject does not reveal the name, and stable so the blog finds the
    same author again after a restart with the same secret.
    """
    return hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:32]


def user_claims(user: DevUser, scope: str, groups: tuple[str, ...] | None = None) -> UserInfo:
    """The standard claims of `user` that the granted `scope` allows, and their groups (the
    claim the blog reads roles from) when they have been given some."""
    claims = UserInfo(
        sub=user.sub,
        name=user.name.title(),
        preferred_username=user.name,
        email=f"{user.name}@{EMAIL_DOMAIN}",
        email_verified=True,
    )
    claims = claims.filter(scope)
    if groups is not None:
        claims["groups"] = list(groups)
    return claims


def parse_groups(value: str) -> tuple[str, ...]:
    """Groups typed on the sign-in page: comma-separated, at most 20 of 1 to 64 characters."""
    return tuple(group.strip()[:64] for group in value.split(",") if group.strip())[:20]
