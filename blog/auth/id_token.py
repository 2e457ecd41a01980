"""ID token validation as OpenID Connect Core 3.1.3.7 requires, step by step and explicitly.

Authlib also parses the ID token inside authorize_access_token, but with the algorithms the
provider's discovery lists (which may include "none") and without checking every audience, so we
do not rely on it.
"""

from __future__ import annotations

from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from blog.auth.provider import LoginFailed
from blog.auth.provider import call_provider

BAD_TOKEN_MESSAGE = (
    "The identity provider sent a login we could not verify."
)


def validate_id_token(client, token: dict, *, issuer: str, nonce: str | None, config) -> dict:
    """Return the verified claims of the token response's ID token, or raise LoginFailed."""
    raw = token.get("id_token")
    if not raw:
        raise LoginFailed("ID token refused: the token response has no id_token", status=403,
                          message=BAD_TOKEN_MESSAGE)
    if not nonce:
        raise LoginFailed("no nonce was stored for this login", message=BAD_TOKEN_MESSAGE)
    algorithms = [alg for alg in config["OIDC_ID_TOKEN_ALGORITHMS"] if alg != "none"]
    decoded = _decode_signed(client, raw, algorithms)
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": config["OIDC_CLIENT_ID"]},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "nonce": {"essential": True},
        },
        {"nonce": nonce, "client_id": config["OIDC_CLIENT_ID"],
         "access_token": token.get("access_token")},
    )
    try:
        claims.validate(leeway=config["OIDC_CLOCK_LEEWAY"])
    except JoseError as error:
        raise LoginFailed(f"ID token refused: {error}", status=403,
                          message=BAD_TOKEN_MESSAGE) from None
    # joserfc has checked signature, iss, aud containing us, exp and iat (with leeway), a non-empty
    # string sub, nonce, azp when present, and at_hash; what is left is the audiences beside ours.
    _check_audiences(claims, config)
    return dict(claims)


def _decode_signed(client, raw: str, algorithms: list[str]):
    registry = JWSRegistry(algorithms=algorithms)
    try:
        try:
            keys = KeySet.import_key_set(call_provider(client.fetch_jwk_set))
            return jwt.decode(raw, keys, registry=registry)
        except InvalidKeyIdError:
            # The provider rotated its keys since we cached its JWKS: fetch it once more.
            keys = KeySet.import_key_set(call_provider(client.fetch_jwk_set, force=True))
            return jwt.decode(raw, keys, registry=registry)
    except JoseError as error:
        raise LoginFailed(f"ID token refused (signature): {error}", status=403,
                          message=BAD_TOKEN_MESSAGE) from None
    except (ValueError, TypeError) as error:
        raise LoginFailed(f"ID token refused (unreadable): {type(error).__name__}", status=403,
                          message=BAD_TOKEN_MESSAGE) from None


def _check_audiences(claims, config) -> None:
    """Refuse audiences we do not trust, and insist on azp naming us when there are several."""
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    trusted = {config["OIDC_CLIENT_ID"], *config["OIDC_TRUSTED_AUDIENCES"]}
    untrusted = [aud for aud in audiences if aud not in trusted]
    if untrusted:
        raise LoginFailed(f"ID token refused: untrusted audiences {untrusted!r}", status=403,
                          message=BAD_TOKEN_MESSAGE)
    if len(audiences) > 1 and claims.get("azp") != config["OIDC_CLIENT_ID"]:
        raise LoginFailed("ID token refused: several audiences and no azp naming us", status=403,
                          message=BAD_TOKEN_MESSAGE)

