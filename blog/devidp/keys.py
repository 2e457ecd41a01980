"""The provider's RSA signing keys: the current one, rotation, and signing with it."""

from __future__ import annotations

import threading

from joserfc import jwt
from joserfc.jwk import KeySet
from joserfc.jwk import RSAKey

ALGORITHM = "RS256"
KEY_SIZE = 2048


def new_signing_key() -> RSAKey:
    """A fresh RSA signing key (2048 bits: generating one takes tens of milliseconds)."""
    # The kid is the RFC 7638 thumbprint, so it changes whenever the key does.
    return RSAKey.generate_key(KEY_SIZE, parameters={"use": "sig", "alg": ALGORITHM}, auto_kid=True)


class SigningKeys:
    """The RSA keys this provider has used; only the newest is published and used to sign."""

    def __init__(self, first: RSAKey | None = None) -> None:
        self._lock = threading.Lock()
        self._keys: list[RSAKey] = [first or new_signing_key()]

    @property
    def current(self) -> RSAKey:
        """The key that signs new tokens."""
        with self._lock:
            return self._keys[-1]

    def rotate(self) -> str:
        """Generate a new current key and return its kid."""
        key = new_signing_key()
        with self._lock:
            self._keys.append(key)
        return str(key.kid)

    def public_jwk_set(self) -> dict:
        """The JWKS document: the current public key only, so rotation is visible at once."""
        return {"keys": [self.current.as_dict(private=False)]}

    def signing_key_set(self) -> KeySet:
        """Every private key, so a token whose header names an older kid still finds its key."""
        with self._lock:
            return KeySet(list(self._keys))

    def verification_key_set(self) -> KeySet:
        """Every public key ever used: tokens we issued before a rotation are still ours."""
        with self._lock:
            keys = list(self._keys)
        return KeySet([RSAKey.import_key(key.as_dict(private=False)) for key in keys])

    def sign(self, claims: dict, header: dict | None = None) -> str:
        """Sign claims with the current key.

        `header` entries override the defaults (alg RS256, the current kid); an entry
        whose value is None removes that header parameter.
        """
        key = self.current
        merged = {"alg": ALGORITHM, "kid": key.kid, **(header or {})}
        merged = {name: value for name, value in merged.items() if value is not None}
        # Sign with the key object itself, not a key set, so a header naming an unknown
        # kid (a deliberately misbehaving token) is still signed by the current key.
        return jwt.encode(merged, claims, key, algorithms=[merged["alg"]])
