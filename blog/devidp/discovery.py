"""The OpenID Provider metadata document (OpenID Connect Discovery 1.0, RFC 8414)."""

from __future__ import annotations

from .client_assertion import ASSERTION_ALGORITHMS
from .clients import AUTH_METHODS
from .clients import GRANT_TYPES
from .clients import SCOPES
from .keys import ALGORITHM

CLAIMS = (
    "iss",
    "sub",
    "aud",
    "azp",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "sid",
    "at_hash",
    "name",
    "preferred_username",
    "email",
    "email_verified",
)
PROMPTS = ("none", "login", "consent", "create")


def provider_metadata(issuer: str) -> dict:
    """The discovery document for `issuer`; every endpoint is an absolute URL under it."""
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "jwks_uri": f"{issuer}/jwks",
        "end_session_endpoint": f"{issuer}/end-session",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": list(GRANT_TYPES),
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "scopes_supported": list(SCOPES),
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "token_endpoint_auth_signing_alg_values_supported": list(ASSERTION_ALGORITHMS),
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": list(CLAIMS),
        "prompt_values_supported": list(PROMPTS),
        "authorization_response_iss_parameter_supported": True,
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        # Defaults to true in the spec, so say explicitly that request_uri is not accepted.
        "request_uri_parameter_supported": False,
    }
