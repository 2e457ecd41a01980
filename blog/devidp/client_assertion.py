"""private_key_jwt client authentication (RFC 7523) at the token endpoint, on Authlib's class."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from joserfc.jwk import KeySet

from .clients import KEY_AUTH_METHOD

if TYPE_CHECKING:
    from .clients import DevClient
    from .provider import DevProvider

ASSERTION_ALGORITHMS = ("RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA")
# Longest an assertion's jti is remembered: Authlib refuses an assertion past its exp anyway.
JTI_MEMORY = 3600


class KeyAssertion(JWTBearerClientAssertion):
    """A client_assertion signed by one of the client's registered keys, each jti used once."""

    CLIENT_AUTH_METHOD = KEY_AUTH_METHOD

    def __init__(self, provider: DevProvider) -> None:
        super().__init__(validate_jti=True)
        self.provider = provider
        self._lock = threading.Lock()
        self._spent: dict[tuple[str, str], float] = {}

    def get_audiences(self) -> list[str]:
        """The token endpoint's URL and the issuer: RFC 7523 lets a client name either."""
        issuer = self.provider.issuer()
        return [f"{issuer}/token", issuer]

    def resolve_client_public_key(self, client: DevClient) -> KeySet:
        """The keys the client registered."""
        return KeySet.import_key_set(client.jwks or {"keys": []})

    def validate_jti(self, claims, jti) -> bool:
        """True the first time a client presents this jti (within JTI_MEMORY), False after."""
        now = time.time()
        key = (str(claims.get("sub")), str(jti))
        with self._lock:
            self._spent = {k: t for k, t in self._spent.items() if t > now - JTI_MEMORY}
            if key in self._spent:
                return False
            self._spent[key] = now
            return True
