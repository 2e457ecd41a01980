"""The ID token checks of OpenID Connect Core 3.1.3.7 that Authlib leaves to the client.

Authlib decodes and validates the ID token once, inside authorize_access_token: the signature
(against the provider's JWKS, fetched again for an unknown kid), iss, aud, exp, iat, nonce, azp
when present and at_hash. What it needs from us is said here: the algorithms we accept (never
"none", never a symmetric one), the claims every token must carry, and the rules for extra
audiences, which Authlib would let through.
"""

from __future__ import annotations

from authlib.oidc.core import CodeIDToken
from joserfc.errors import InvalidClaimError
from joserfc.errors import MissingClaimError

from blog.auth.provider import LoginFailed

BAD_TOKEN_MESSAGE = "The identity provider sent a login we could not verify."


class BlogIDToken(CodeIDToken):
    """Authlib's code-flow ID token, plus azp naming us whenever there are several audiences.

    OpenID Connect Core 3.1.3.7 steps 4 and 5: with several audiences, the token is meant for
    whoever azp names, and that must be this client.
    """

    def validate_azp(self):
        """Authlib's azp rule (azp, when present, is our client_id), and azp when aud is a list."""
        super().validate_azp()
        audiences = self.get("aud")
        if isinstance(audiences, list) and len(audiences) > 1:
            if "azp" not in self:
                raise MissingClaimError("azp")
            if self["azp"] != self.params.get("client_id"):
                raise InvalidClaimError("azp")


def id_token_options(issuer: str, config) -> dict:
    """Authlib's claims options: what each ID token must carry, for this issuer and client."""
    trusted = {config["OIDC_CLIENT_ID"], *config["OIDC_TRUSTED_AUDIENCES"]}

    def only_trusted_audiences(claims, audiences) -> bool:
        # Step 3: "aud" must contain us (joserfc checks that), and an audience we do not know
        # is a reason to refuse the token, however many others it names.
        listed = audiences if isinstance(audiences, list) else [audiences]
        return all(audience in trusted for audience in listed)

    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": config["OIDC_CLIENT_ID"],
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
    stays in the client's cached metadata, so it is worked out once per discovery document.
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
