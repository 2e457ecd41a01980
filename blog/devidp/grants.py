"""The authorization code grant (PKCE, OpenID Connect) and refresh tokens, on Authlib's classes."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.grants import RefreshTokenGrant
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode
from authlib.oidc.core import UserInfo

from .clients import AUTH_METHODS
from .keys import ALGORITHM
from .storage import AccessToken
from .storage import AuthorizationCode
from .storage import MemoryStore
from .storage import RefreshToken
from .users import user_claims

if TYPE_CHECKING:
    from .provider import DevProvider

ID_TOKEN_LIFETIME = 300


class CodeGrant(AuthorizationCodeGrant):
    """Authorization codes kept in the provider's memory store (`server.provider`)."""

    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

    def save_authorization_code(self, code, request) -> None:
        """Bind the new code to its client, redirect_uri, scope, user, nonce and PKCE challenge."""
        store = self.server.provider.store
        data = request.payload.data
        record = AuthorizationCode(
            client_id=request.client.client_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.scope,
            user=request.user,
            issued_at=store.now(),
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
        )
        store.save_code(code, record)

    def query_authorization_code(self, code, client) -> AuthorizationCode | None:
        """Redeem the code now, so it is spent even if a later check (PKCE) fails."""
        return self.server.provider.store.redeem_code(code, client.client_id)

    def delete_authorization_code(self, authorization_code) -> None:
        """Nothing to do: redeeming marked the code as used, and it is kept to spot replays."""

    def authenticate_user(self, authorization_code):
        """The user who approved the request."""
        return authorization_code.user


class RefreshGrant(RefreshTokenGrant):
    """Refresh tokens that rotate: each is good once and comes back with a new one."""

    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token) -> RefreshToken | None:
        """Spend the token now, so two concurrent refreshes with it cannot both succeed.

        A request that fails a later check (a wider scope than granted) has spent it too.
        """
        return self.server.provider.store.redeem_refresh_token(
            refresh_token, self.request.client.client_id
        )

    def authenticate_user(self, refresh_token):
        """The user the refresh token was issued for."""
        return refresh_token.user

    def revoke_old_credential(self, refresh_token) -> None:
        """Nothing to do: redeeming already removed the old refresh token."""


class S256CodeChallenge(CodeChallenge):
    """PKCE with S256 only: "plain" offers no protection once the request is observed."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant, redirect_uri) -> None:
        """Authlib's checks, plus: a challenge must say it is S256 (RFC 7636 defaults to plain)."""
        super().validate_code_challenge(grant, redirect_uri)
        data = grant.request.payload.data
        if data.get("code_challenge") and not data.get("code_challenge_method"):
            raise InvalidRequestError("'code_challenge_method' must be 'S256'.")


class IDTokenIssuer(OpenIDCode):
    """OpenID Connect for the code grant: nonce replay checks and RS256 ID tokens."""

    def __init__(self, provider: DevProvider) -> None:
        super().__init__(require_nonce=False)
        self.provider = provider

    def exists_nonce(self, nonce, request) -> bool:
        """Whether this nonce was already used by the client for a code still alive."""
        return self.provider.store.nonce_in_use(request.payload.client_id, nonce)

    def get_client_algorithm(self, client) -> str:
        """Every client gets RS256 ID tokens."""
        return ALGORITHM

    def get_encode_header(self, client) -> dict:
        """Name the current key; joserfc signs with the key this kid names, never another."""
        return {"alg": ALGORITHM, "kid": self.provider.keys.current.kid}

    def resolve_client_private_key(self, client):
        """All keys, from which joserfc picks the one the header names."""
        return self.provider.keys.signing_key_set()

    def get_client_claims(self, client) -> dict:
        """iss, aud and azp for this client; a five-minute lifetime."""
        now = int(time.time())
        return {
            "iss": self.provider.issuer(),
            "aud": client.client_id,
            "azp": client.client_id,
            "iat": now,
            "exp": now + ID_TOKEN_LIFETIME,
        }

    def generate_user_info(self, user, scope) -> UserInfo:
        """The user's claims allowed by the granted scope (groups among them), and the provider
        session's sid."""
        claims = user_claims(user, scope, self.provider.groups_of(user.name))
        claims["sid"] = user.sid
        return claims


class AccessTokenValidator(BearerTokenValidator):
    """Bearer tokens looked up in the memory store."""

    def __init__(self, store: MemoryStore) -> None:
        super().__init__()
        self.store = store

    def authenticate_token(self, token_string) -> AccessToken | None:
        """The stored record of this token, if any."""
        return self.store.find_token(token_string)


class _RedactIssuedToken(logging.Filter):
    # Authlib logs the whole token response (access, refresh and ID token) at DEBUG when it
    # issues one; a development log must not carry bearer credentials.
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Issue token"):
            record.args = ("[redacted]", *tuple(record.args or ())[1:])
        return True


_REDACT_ISSUED_TOKEN = _RedactIssuedToken()


def redact_authlib_token_logging() -> None:
    """Make the loggers of Authlib's grants drop the token from their "Issue token" message."""
    for grant in (AuthorizationCodeGrant, RefreshTokenGrant):
        logging.getLogger(grant.__module__).addFilter(_REDACT_ISSUED_TOKEN)
