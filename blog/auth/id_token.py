"""The ID token checks of OpenID Connect Core 3.1.3.7 that Authlib leaves to the client.

Authlib decodes and validates the ID token once, inside authorize_access_token, with its own
CodeIDToken: the signature (against the provider's JWKS, fetched again for an unknown kid), iss,
aud, exp, iat, nonce, azp when present and at_hash. What it needs from us is said here: the
algorithms we accept (never "none", never a symmetric one), the claims every token must carry,
and the rules for extra audiences, which Authlib would let through. (A claims class of our own
would lose at_hash: Authlib hands the access token only to its default class.)
"""

from __future__ import annotations

from blog.auth.failures import LoginFailed
from blog.auth.providers import ProviderConfig

BAD_TOKEN_MESSAGE = "The identity provider sent a login we could not verify."


def id_token_options(issuer: str, provider: ProviderConfig) -> dict:
    """Authlib's claims options: what each ID token must carry, for this issuer and client."""
    client_id = provider.client_id
    trusted = {client_id, *provider.trusted_audiences}

    def only_trusted_audiences(claims, audiences) -> bool:
        # Step 3: "aud" must contain us (joserfc checks that), and an audience we do not know
        # is a reason to refuse the token, however many others it names. Steps 4 and 5: with
        # several audiences the token is meant for whoever azp names, and that must be us
        # (Authlib checks azp only when it is there).
        listed = audiences if isinstance(audiences, list) else [audiences]
        if len(listed) > 1 and claims.get("azp") != client_id:
            return False
        return all(audience in trusted for audience in listed)

    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": client_id,
                "validate": only_trusted_audiences},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
        "nonce": {"essential": True},
    }


def restrict_algorithms(client, config) -> None:
    """Let Authlib verify ID tokens only with the provider's algorithms that we accept.

    Authlib takes them from discovery's id_token_signing_alg_values_supported, which a provider
    may fill with "none" or a symmetric algorithm keyed by our client secret. The cut-down list
    is kept in the client's cached metadata (cutting it again changes nothing).
    """
    metadata = client.server_metadata
    key = "id_token_signing_alg_values_supported"
    metadata[key] = accepted_algorithms(metadata.get(key), config)


def accepted_algorithms(discovered: list[str] | None, config) -> list[str]:
    """The provider's algorithms that are in our asymmetric allowlist (ours, when it lists none)."""
    allowed = [alg for alg in config["OIDC_ID_TOKEN_ALGORITHMS"] if alg != "none"]
    if discovered is None:
        return allowed
    accepted = [alg for alg in allowed if alg in discovered]
    if not accepted:
        raise LoginFailed(
            f"ID token refused: the provider signs with {discovered!r}, none of which we accept",
            status=403, message=BAD_TOKEN_MESSAGE,
        )
    return accepted


def verified_claims(token: dict) -> dict:
    """The ID token's claims as Authlib verified them, or LoginFailed when there were none."""
    claims = token.get("userinfo")
    if not token.get("id_token") or claims is None:
        raise LoginFailed("ID token refused: the token response has no id_token", status=403,
                          message=BAD_TOKEN_MESSAGE)
    return dict(claims)


def session_id(claims: dict) -> str | None:
    """The ID token's sid (the provider's session, for back-channel logout), when it is usable."""
    sid = claims.get("sid")
    if isinstance(sid, str) and 0 < len(sid) <= 255:
        return sid
    return None
