"""One development provider: its clients, users, keys, stores and Authlib server, wired together."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.integrations.flask_oauth2 import ResourceProtector
from flask import Flask
from flask import request
from joserfc.jwk import RSAKey

from .client_assertion import KeyAssertion
from .clients import DevClient
from .clients import load_clients
from .endpoints import EndSession
from .endpoints import IssuerInResponse
from .endpoints import UserInfoClaims
from .grants import AccessTokenValidator
from .grants import CodeGrant
from .grants import IDTokenIssuer
from .grants import RefreshGrant
from .grants import S256CodeChallenge
from .grants import redact_authlib_token_logging
from .keys import SigningKeys
from .storage import ACCESS_TOKEN_LIFETIME
from .storage import AccessToken
from .storage import MemoryStore
from .storage import RefreshToken
from .users import DevUser
from .users import is_valid_user_name
from .users import subject_for


def derive_key(secret_key: str, purpose: str) -> bytes:
    """A key for one purpose, so the session, subjects and the blog's own key never coincide."""
    return hmac.new(secret_key.encode(), f"devidp:{purpose}".encode(), hashlib.sha256).digest()


class DevAuthorizationServer(AuthorizationServer):
    """Authlib's Flask authorization server, knowing the provider its grants store into."""

    def __init__(self, provider: DevProvider) -> None:
        super().__init__(query_client=provider.find_client, save_token=provider.save_token)
        self.provider = provider


class DevProvider:
    """The state behind one provider app, found at `app.extensions["devidp"]`."""

    def __init__(self, clients: Iterable[dict], *, secret_key: str, users: Iterable[str],
                 signing_key: RSAKey | None = None) -> None:
        self.clients = load_clients(clients)
        if isinstance(users, str):
            raise ValueError("users must be a sequence of user names, not one string")
        self.users = tuple(users)
        bad = [name for name in self.users if not is_valid_user_name(name)]
        if bad:
            raise ValueError(f"invalid development user names: {bad!r}")
        self._subject_key = derive_key(secret_key, "subject")
        self.keys = SigningKeys(signing_key)
        self.store = MemoryStore()
        # Each user's groups (the "groups" claim), as typed at sign-in or set by tests; a
        # change shows in the next userinfo answer, as a real provider's would.
        self.groups: dict[str, tuple[str, ...]] = {}

        self.resource_protector = ResourceProtector()
        self.resource_protector.register_token_validator(AccessTokenValidator(self.store))
        self.server = DevAuthorizationServer(self)
        self.server.register_grant(CodeGrant, [S256CodeChallenge(), IDTokenIssuer(self)])
        self.server.register_grant(RefreshGrant)
        self.server.register_client_auth_method(KeyAssertion.CLIENT_AUTH_METHOD,
                                                KeyAssertion(self))
        self.server.register_endpoint(UserInfoClaims(self))
        self.server.register_endpoint(EndSession(self))
        self.issuer_parameter = IssuerInResponse(self)
        self.server.register_extension(self.issuer_parameter)
        redact_authlib_token_logging()

    def init_app(self, app: Flask) -> None:
        """Attach to the provider's Flask app (token lifetimes come from its config)."""
        app.config.setdefault(
            "OAUTH2_TOKEN_EXPIRES_IN",
            {grant.GRANT_TYPE: ACCESS_TOKEN_LIFETIME for grant in (CodeGrant, RefreshGrant)},
        )
        # Authlib issues refresh tokens only when given a generator; True means its default one.
        app.config.setdefault("OAUTH2_REFRESH_TOKEN_GENERATOR", True)
        self.server.init_app(app)
        app.extensions["devidp"] = self

    def issuer(self) -> str:
        """The issuer for this request: where the provider is reached, without a trailing slash."""
        return request.url_root.rstrip("/")

    def find_client(self, client_id: str) -> DevClient | None:
        """The registered client, or None."""
        return self.clients.get(client_id)

    def user(self, name: str, auth_time: int, sid: str | None = None) -> DevUser:
        """The development user called `name`, signed in at `auth_time` in provider session
        `sid` (a new session when None)."""
        return DevUser(name=name, sub=subject_for(name, self._subject_key), auth_time=auth_time,
                       sid=sid or secrets.token_urlsafe(16))

    def groups_of(self, name: str) -> tuple[str, ...] | None:
        """The user's groups, or None when none were ever given (no claim is sent)."""
        return self.groups.get(name)

    def save_token(self, token: dict, oauth_request) -> None:
        """Remember issued access and refresh tokens, linked to the code their chain began with."""
        code = oauth_request.authorization_code
        if code is not None:
            code_key, granted = code.key, code.scope
        else:
            # A refresh continues the chain of the token it spent, and the new refresh token
            # keeps the granted scope even if this access token asked for less (RFC 6749 §6).
            spent = oauth_request.refresh_token
            code_key, granted = spent.code_key, spent.scope
        client, user, issued_at = oauth_request.client, oauth_request.user, self.store.now()
        self.store.save_token(
            token["access_token"],
            AccessToken(
                client=client,
                user=user,
                scope=token.get("scope", ""),
                issued_at=issued_at,
                expires_in=int(token["expires_in"]),
                code_key=code_key,
            ),
        )
        if "refresh_token" in token:
            self.store.save_refresh_token(
                token["refresh_token"],
                RefreshToken(
                    client=client, user=user, scope=granted, issued_at=issued_at, code_key=code_key
                ),
            )

    def rotate_key(self) -> str:
        """Replace the signing key; /jwks publishes only the new one. Returns the new kid."""
        return self.keys.rotate()

    def sign(self, claims: dict, header: dict | None = None) -> str:
        """Sign arbitrary claims with the current key (tests build misbehaving tokens with it).

        `header` entries override the defaults {"alg": "RS256", "kid": <current>}; a None
        value removes the entry.
        """
        return self.keys.sign(claims, header)

    def current_jwk_set(self) -> dict:
        """The published JWKS: the current public key only."""
        return self.keys.public_jwk_set()
