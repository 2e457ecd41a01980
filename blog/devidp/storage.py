"""In-memory records of issued authorization codes, access and refresh tokens, under one lock."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from authlib.oauth2.rfc6749 import TokenMixin
from authlib.oidc.core import AuthorizationCodeMixin

from .clients import DevClient
from .users import DevUser

CODE_LIFETIME = 60
ACCESS_TOKEN_LIFETIME = 3600
# A working day; after that the user signs in again, as when a real provider's session ends.
REFRESH_TOKEN_LIFETIME = 8 * 3600


def fingerprint(secret: str) -> str:
    """The key under which a code or token is stored: its SHA-256, never the value itself."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):
    """An issued code with everything it is bound to: client, redirect_uri, nonce, PKCE."""

    client_id: str
    redirect_uri: str
    scope: str
    user: DevUser
    issued_at: float
    nonce: str | None = None
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    key: str = field(default="", repr=False)
    used: bool = False

    def get_redirect_uri(self) -> str:
        """The redirect_uri the code was issued for; the token request must repeat it."""
        return self.redirect_uri

    def get_scope(self) -> str:
        """The granted scope."""
        return self.scope

    def get_nonce(self) -> str | None:
        """The nonce of the authentication request, copied into the ID token."""
        return self.nonce

    def get_auth_time(self) -> int:
        """When the user signed in at the provider."""
        return self.user.auth_time


@dataclass
class AccessToken(TokenMixin):
    """An opaque bearer token for the userinfo endpoint."""

    client: DevClient
    user: DevUser
    scope: str
    issued_at: float
    expires_in: int
    code_key: str = field(default="", repr=False)
    revoked: bool = False
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def check_client(self, client: DevClient) -> bool:
        """Whether the token was issued to `client`."""
        return self.client.client_id == client.client_id

    def get_scope(self) -> str:
        """The granted scope."""
        return self.scope

    def get_expires_in(self) -> int:
        """Lifetime in seconds."""
        return self.expires_in

    def is_expired(self) -> bool:
        """Whether the lifetime has passed."""
        return self.clock() >= self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        """Whether the code it came from was replayed, which revokes it (RFC 6749 §4.1.2)."""
        return self.revoked

    def get_user(self) -> DevUser:
        """The user the token speaks for."""
        return self.user

    def get_client(self) -> DevClient:
        """The client the token was issued to."""
        return self.client


@dataclass
class RefreshToken:
    """An opaque refresh token: good for one refresh by its client, for the same user and scope."""

    client: DevClient
    user: DevUser
    scope: str
    issued_at: float
    code_key: str = field(default="", repr=False)

    def check_client(self, client: DevClient) -> bool:
        """Whether the token was issued to `client`."""
        return self.client.client_id == client.client_id

    def get_scope(self) -> str:
        """The scope granted with the code it descends from."""
        return self.scope


class MemoryStore:
    """Codes and tokens of one provider. `clock` is replaceable so tests can age them.

    Every token records `code_key`, the code its chain of refreshes started from, so that a
    replayed code revokes everything it led to.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._codes: dict[str, AuthorizationCode] = {}
        self._tokens: dict[str, AccessToken] = {}
        self._refresh_tokens: dict[str, RefreshToken] = {}

    def now(self) -> float:
        """The store's current time."""
        return self.clock()

    def save_code(self, code: str, record: AuthorizationCode) -> None:
        """Remember an issued code."""
        record.key = fingerprint(code)
        with self._lock:
            self._forget_expired()
            self._codes[record.key] = record

    def redeem_code(self, code: str, client_id: str) -> AuthorizationCode | None:
        """Take a code for `client_id` exactly once; a second attempt revokes all its tokens.

        The check and the marking happen under one lock, so two concurrent token requests
        cannot both win. A used code is kept until it expires to recognise a replay.
        """
        key = fingerprint(code)
        with self._lock:
            record = self._codes.get(key)
            if record is None or record.client_id != client_id or self._code_expired(record):
                return None
            if record.used:
                self._revoke_descendants(key)
                return None
            record.used = True
            return record

    def nonce_in_use(self, client_id: str, nonce: str) -> bool:
        """Whether a live code of `client_id` already carries `nonce` (a replayed request)."""
        with self._lock:
            return any(
                record.client_id == client_id
                and record.nonce == nonce
                and not self._code_expired(record)
                for record in self._codes.values()
            )

    def save_token(self, access_token: str, record: AccessToken) -> None:
        """Remember an issued access token."""
        # Bound to the store, so replacing the store's clock ages tokens already issued too.
        record.clock = self.now
        with self._lock:
            self._forget_expired()
            self._tokens[fingerprint(access_token)] = record

    def find_token(self, access_token: str) -> AccessToken | None:
        """The record of an access token, expired or not (the validator decides)."""
        with self._lock:
            return self._tokens.get(fingerprint(access_token))

    def save_refresh_token(self, refresh_token: str, record: RefreshToken) -> None:
        """Remember an issued refresh token."""
        with self._lock:
            self._forget_expired()
            self._refresh_tokens[fingerprint(refresh_token)] = record

    def redeem_refresh_token(self, refresh_token: str, client_id: str) -> RefreshToken | None:
        """Take a live refresh token of `client_id` exactly once (rotation).

        Taken under the lock, so two concurrent refreshes cannot both win. Presented by
        another client it is refused but stays usable by its own.
        """
        key = fingerprint(refresh_token)
        with self._lock:
            record = self._refresh_tokens.get(key)
            if record is None or record.client.client_id != client_id:
                return None
            del self._refresh_tokens[key]
            return None if self._refresh_expired(record) else record

    def _revoke_descendants(self, code_key: str) -> None:
        # Called with the lock held, for a replayed code (RFC 6749 §4.1.2): refreshes included.
        for token in self._tokens.values():
            if token.code_key == code_key:
                token.revoked = True
        self._refresh_tokens = {
            k: r for k, r in self._refresh_tokens.items() if r.code_key != code_key
        }

    def _code_expired(self, record: AuthorizationCode) -> bool:
        return self.clock() >= record.issued_at + CODE_LIFETIME

    def _refresh_expired(self, record: RefreshToken) -> bool:
        return self.clock() >= record.issued_at + REFRESH_TOKEN_LIFETIME

    def _forget_expired(self) -> None:
        # Called with the lock held; keeps a long-running dev server from growing forever.
        self._codes = {k: r for k, r in self._codes.items() if not self._code_expired(r)}
        self._tokens = {k: t for k, t in self._tokens.items() if not t.is_expired()}
        self._refresh_tokens = {
            k: r for k, r in self._refresh_tokens.items() if not self._refresh_expired(r)
        }
