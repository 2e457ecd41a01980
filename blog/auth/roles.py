"""Roles from the identity provider's claims: which groups make whom a contributor, author, editor
or admin. Pure functions of the claims and the settings."""

from __future__ import annotations

from collections.abc import Mapping

from blog.settings import ConfigurationError

NONE = "none"
CONTRIBUTOR = "contributor"
AUTHOR = "author"
EDITOR = "editor"
ADMIN = "admin"
# Lowest first: the highest role any of a person's groups gives wins.
ROLES = (NONE, CONTRIBUTOR, AUTHOR, EDITOR, ADMIN)
RANK = {role: rank for rank, role in enumerate(ROLES)}
# A claim is the provider's to size; a person in more groups than this is read as in the first.
MAX_GROUPS_READ = 1000


def parse_role_groups(value: str) -> dict[str, str]:
    """ROLE_GROUPS ("admin=blog-admins,editor=blog-editors") as {group: role}; a group named for
    two roles gives the higher one. ConfigurationError for anything else."""
    groups: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in (value or "").split(","))):
        role, equals, group = (text.strip() for text in pair.partition("="))
        role = role.lower()
        if not equals or not group or role not in RANK or role == NONE:
            raise ConfigurationError(
                f"ROLE_GROUPS must be role=group pairs separated by commas, the roles among "
                f"{', '.join(ROLES[1:])}; {pair!r} is not one.")
        if RANK[role] > RANK.get(groups.get(group, NONE), 0):
            groups[group] = role
    return groups


def claimed_groups(claims: Mapping, claim: str) -> list[str] | None:
    """The groups in the claim (a string or a list of strings); None when the claim is absent."""
    value = claims.get(claim)
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value[:MAX_GROUPS_READ] if isinstance(item, str)]
    return []


def role_from_claims(claims: Mapping, config: Mapping) -> str | None:
    """The role these claims give under the settings (ROLE_CLAIM, ROLE_GROUPS, DEFAULT_ROLE), or
    None when the claims do not carry ROLE_CLAIM at all (the caller decides: a login takes the
    default, a profile refresh keeps what the last login said)."""
    groups = claimed_groups(claims, config["ROLE_CLAIM"])
    if groups is None:
        return None
    mapping = parse_role_groups(config["ROLE_GROUPS"])
    matched = [mapping[group] for group in groups if group in mapping]
    if not matched:
        return default_role(config)
    return max(matched, key=RANK.__getitem__)


def default_role(config: Mapping) -> str:
    """DEFAULT_ROLE, as a role name."""
    return str(config["DEFAULT_ROLE"]).lower()


def at_least(role: str, lowest: str) -> bool:
    """Whether `role` is `lowest` or above it."""
    return RANK.get(role, 0) >= RANK[lowest]


def assign_role(author, claims: Mapping, config: Mapping, *, at_login: bool) -> None:
    """Set the author's role from the claims (the one function here that changes anything); a
    change of an existing author's role goes to the audit log in the caller's transaction.

    Claims without ROLE_CLAIM give DEFAULT_ROLE at login; at a profile refresh they leave the
    role as the last login set it (some providers send groups in the ID token only).
    """
    from blog.audit import record_role_change

    role = role_from_claims(claims, config)
    if role is None:
        if not at_login:
            return
        role = default_role(config)
    before = author.role if author.id is not None else None
    author.role = role
    record_role_change(author, before, role)
