"""The blog's own key for private_key_jwt (RFC 7523): read from the environment, signing client
assertions, its public part served as a JWKS for providers to register."""

from __future__ import annotations

import json

from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc7523.assertion import private_key_jwt_sign
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import jsonify
from joserfc.errors import JoseError
from joserfc.jwk import ECKey
from joserfc.jwk import OKPKey
from joserfc.jwk import RSAKey

from blog.settings import ConfigurationError

bp = Blueprint("client_keys", __name__)

# A client assertion is good for one token request; a minute covers clock skew and slow networks.
ASSERTION_LIFETIME = 60
# The signing algorithm each kind of key signs with; for EC keys it follows from the curve.
EC_ALGORITHMS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
KEY_CLASSES = {"RSA": RSAKey, "EC": ECKey, "OKP": OKPKey}
EXTENSION_KEY = "blog_client_key"


def load_client_key(value: str | None) -> RSAKey | ECKey | OKPKey | None:
    """OIDC_CLIENT_PRIVATE_KEY (a PEM private key or a private JWK) as a key, or refuse it.

    The key's kid is its RFC 7638 thumbprint unless the JWK names one, so the provider can tell
    which registered key signed an assertion once keys are rotated.
    """
    if not value:
        return None
    text = value.strip().replace("\\n", "\n")  # a PEM in one line of a .env or a dashboard
    key = _as_jwk(text) if text.startswith("{") else _as_pem(text)
    if key is None or not key.is_private:
        raise ConfigurationError(
            "OIDC_CLIENT_PRIVATE_KEY must be a private RSA, EC (P-256, P-384, P-521) or Ed25519 "
            "key, as PEM or as a JWK (see docs/providers.md for how to make one).")
    if isinstance(key, RSAKey) and len(key.as_dict(private=False)["n"]) * 6 < 2048:
        raise ConfigurationError("OIDC_CLIENT_PRIVATE_KEY is an RSA key under 2048 bits.")
    if not key.kid:
        key.ensure_kid()
    assertion_algorithm(key)  # refuses curves we cannot name an algorithm for
    return key


def _as_jwk(text: str):
    try:
        data = json.loads(text)
        return KEY_CLASSES[data["kty"]].import_key(data)
    except (ValueError, KeyError, TypeError, JoseError):
        return None


def _as_pem(text: str):
    for key_class in KEY_CLASSES.values():
        try:
            return key_class.import_key(text)
        except (ValueError, TypeError, JoseError):
            continue
    return None


def assertion_algorithm(key) -> str:
    """The JWS algorithm the blog signs client assertions with for this key."""
    if isinstance(key, RSAKey):
        return "RS256"
    curve = key.as_dict(private=False).get("crv")
    if isinstance(key, OKPKey) and curve == "Ed25519":
        return "EdDSA"
    if isinstance(key, ECKey) and curve in EC_ALGORITHMS:
        return EC_ALGORITHMS[curve]
    raise ConfigurationError(f"OIDC_CLIENT_PRIVATE_KEY has the curve {curve!r}, which the blog "
                             "does not sign with (use P-256, P-384, P-521 or Ed25519).")


def public_jwks(key) -> dict:
    """The JWKS document for the key: its public part only, marked for signatures."""
    public = key.as_dict(private=False)
    return {"keys": [{**public, "use": "sig", "alg": assertion_algorithm(key)}]}


class ClientKeyAssertion(PrivateKeyJWT):
    """Authlib's private_key_jwt, signing with the blog's key rather than a client secret."""

    def __init__(self, key) -> None:
        super().__init__(alg=assertion_algorithm(key), headers={"kid": key.kid})
        self.key = key

    def sign(self, auth, token_endpoint) -> str:
        """A short-lived assertion with a fresh jti, for the token endpoint's URL (its aud)."""
        return private_key_jwt_sign(self.key, client_id=auth.client_id,
                                    token_endpoint=token_endpoint, header=dict(self.headers),
                                    alg=self.alg, expires_in=ASSERTION_LIFETIME)


@bp.get("/oidc/jwks")
def jwks():
    """The blog's public key for providers that authenticate it by private_key_jwt (404: none)."""
    key = current_app.extensions.get(EXTENSION_KEY)
    if key is None:
        abort(404)
    response = jsonify(public_jwks(key))
    # Providers cache it themselves; a short max-age lets a rotated key show within minutes.
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
