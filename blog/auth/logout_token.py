"""Reading and verifying a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.4
and 2.6), bounded before any of it is decoded."""

from __future__ import annotations

import base64
import binascii
import json
import time
from urllib.parse import parse_qsl

from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from blog.auth.failures import LoginFailed
from blog.auth.failures import call_provider
from blog.auth.provider import provider_client
from blog.auth.provider import provider_for_issuer
from blog.auth.providers import ProviderConfig

EVENT = "http://schemas.openid.net/event/backchannel-logout"
# A logout token is a few hundred bytes (an RSA-4096 signature is 683 characters); sixteen
# kilobytes of form is far more than any provider sends and little to read and refuse.
MAX_BODY_BYTES = 16 * 1024
MAX_TOKEN_CHARS = 8 * 1024
MAX_FORM_FIELDS = 8
MAX_CLAIM_CHARS = 255
# Explicit typing (section 2.4): a token that says it is something else (an access token, say)
# is not a logout token, even if its claims would pass.
ACCEPTED_TYPES = {None, "jwt", "logout+jwt", "application/jwt", "application/logout+jwt"}


class LogoutRefused(Exception):
    """A logout request the blog does not act on; `reason` is safe to log and to answer with."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_from_form(body: bytes) -> str:
    """The logout_token parameter of an application/x-www-form-urlencoded body, bounded."""
    if len(body) > MAX_BODY_BYTES:
        raise LogoutRefused(f"request body over {MAX_BODY_BYTES} bytes")
    try:
        fields = parse_qsl(body.decode("ascii"), keep_blank_values=True,
                           max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise LogoutRefused("request body is not a small form") from None
    tokens = [value for name, value in fields if name == "logout_token"]
    if len(tokens) != 1 or not tokens[0]:
        raise LogoutRefused("request must carry exactly one logout_token")
    return tokens[0]


def unverified_parts(token: str) -> tuple[dict, dict]:
    """(header, claims) of a compact JWS, before its signature is checked; refuse anything else."""
    if len(token) > MAX_TOKEN_CHARS:
        raise LogoutRefused(f"logout token over {MAX_TOKEN_CHARS} characters")
    parts = token.split(".")
    if len(parts) == 5:
        raise LogoutRefused("logout token is encrypted (JWE); only signed tokens are accepted")
    if len(parts) != 3:
        raise LogoutRefused("logout token is not a JWT")
    header, claims = _json_object(parts[0]), _json_object(parts[1])
    if header is None or claims is None:
        raise LogoutRefused("logout token is not a JWT")
    return header, claims


def _json_object(segment: str) -> dict | None:
    try:
        value = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (binascii.Error, ValueError, RecursionError):
        # RecursionError: JSON nested thousands deep, which fits in the token's bound.
        return None
    return value if isinstance(value, dict) else None


def verify_logout_token(token: str, config) -> tuple[ProviderConfig, dict]:
    """The provider and claims of a valid logout token; LogoutRefused for anything else.

    Its provider is chosen by its iss among the configured ones, before anything is fetched: a
    token naming an unknown issuer costs no request to anyone.
    """
    header, unverified = unverified_parts(token)
    algorithms = asymmetric_algorithms(config)
    if header.get("alg") not in algorithms:
        raise LogoutRefused(f"logout token alg {header.get('alg')!r} is not one we accept")
    typ = header.get("typ")
    if (typ if typ is None else str(typ).lower()) not in ACCEPTED_TYPES:
        raise LogoutRefused(f"logout token typ {typ!r} is not a logout token's")
    issuer = unverified.get("iss")
    provider = provider_for_issuer(issuer) if isinstance(issuer, str) else None
    if provider is None:
        raise LogoutRefused("logout token iss is not a configured provider")
    claims = _verified_claims(token, provider, algorithms)
    check_logout_claims(claims, issuer, provider.client_id, config)
    return provider, claims


def asymmetric_algorithms(config) -> list[str]:
    """Our accepted ID token algorithms without "none" and the symmetric HS* ones."""
    return [alg for alg in config["OIDC_ID_TOKEN_ALGORITHMS"]
            if alg != "none" and not alg.upper().startswith("HS")]


def _verified_claims(token: str, provider: ProviderConfig, algorithms: list[str]) -> dict:
    registry = JWSRegistry(algorithms=algorithms, strict_check_header=False)
    try:
        client = provider_client(provider)
        try:
            keys = KeySet.import_key_set(call_provider(client.fetch_jwk_set))
            return dict(jwt.decode(token, keys, registry=registry).claims)
        except InvalidKeyIdError:
            # Perhaps the provider rotated its keys; the client refetches at a bounded rate.
            keys = KeySet.import_key_set(call_provider(client.fetch_jwk_set, force=True))
            return dict(jwt.decode(token, keys, registry=registry).claims)
    except LoginFailed as failure:
        raise LogoutRefused(f"provider keys unavailable: {failure.reason}") from None
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise LogoutRefused(f"logout token signature refused: {type(error).__name__}") from None


def check_logout_claims(claims: dict, issuer: str, client_id: str, config) -> None:
    """Section 2.6, steps 3 to 5, on claims whose signature is good: refuse what does not hold."""
    leeway = config["OIDC_CLOCK_LEEWAY"]
    registry = jwt.JWTClaimsRegistry(
        leeway=leeway,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": client_id},
        iat={"essential": True},
        jti={"essential": True},
        events={"essential": True},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        raise LogoutRefused(f"logout token claims refused: {error.description}") from None
    if time.time() - claims["iat"] > config["OIDC_LOGOUT_TOKEN_MAX_AGE"] + leeway:
        raise LogoutRefused("logout token iat is too old")
    if not _short_text(claims["jti"]):
        raise LogoutRefused("logout token jti is not a short string")
    events = claims["events"]
    if not isinstance(events, dict) or not isinstance(events.get(EVENT), dict):
        raise LogoutRefused("logout token events lack the back-channel logout event")
    if "nonce" in claims:
        # An ID token (which has a nonce) must never pass for a logout token.
        raise LogoutRefused("logout token has a nonce")
    if "sid" not in claims and "sub" not in claims:
        raise LogoutRefused("logout token names neither sid nor sub")
    for name in ("sid", "sub"):
        if name in claims and not _short_text(claims[name]):
            raise LogoutRefused(f"logout token {name} is not a short string")


def _short_text(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_CLAIM_CHARS
