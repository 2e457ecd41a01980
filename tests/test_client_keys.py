"""Client authentication with a key (private_key_jwt, RFC 7523): the key from the environment,
its public part at /oidc/jwks, assertions the provider accepts; client_secret_basic by default."""

from __future__ import annotations

import json

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import ECKey
from joserfc.jwk import OKPKey
from joserfc.jwk import RSAKey

from blog.settings import ConfigurationError
from tests.helpers import KEYED_CLIENT
from tests.helpers import AuthActions

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@pytest.fixture
def make_keyed_app(make_app):
    """The blog registered as KEYED_CLIENT, authenticating with the given private key (PEM)."""

    def make(key, **settings):
        return make_app(OIDC_CLIENT_ID=KEYED_CLIENT["client_id"], OIDC_CLIENT_SECRET=None,
                        OIDC_TOKEN_ENDPOINT_AUTH_METHOD="private_key_jwt",
                        OIDC_CLIENT_PRIVATE_KEY=key.as_pem(private=True).decode(), **settings)

    return make


def test_the_jwks_serves_only_the_public_part_of_the_key(make_keyed_app, client_key):
    response = make_keyed_app(client_key).test_client().get("/oidc/jwks")
    assert response.status_code == 200
    [published] = response.json["keys"]
    assert "d" not in published and "p" not in published
    assert published["kid"] == client_key.kid
    assert published["use"] == "sig" and published["alg"] == "RS256"
    assert published["n"] == client_key.as_dict(private=False)["n"]


def test_without_a_key_there_is_no_jwks(client):
    assert client.get("/oidc/jwks").status_code == 404


def test_an_author_logs_in_with_the_blog_authenticated_by_its_key(make_keyed_app, client_key,
                                                                  provider):
    app = make_keyed_app(client_key)
    AuthActions(app.test_client(), provider).login("alice")
    [token_request] = provider.faults.token_requests
    assert token_request["authorization"] is None
    assert token_request["form"]["client_assertion_type"] == ASSERTION_TYPE
    assert "client_secret" not in token_request["form"]


def test_the_assertion_is_short_lived_and_names_the_client_and_token_endpoint(
        make_keyed_app, client_key, provider):
    AuthActions(make_keyed_app(client_key).test_client(), provider).login("alice")
    assertion = provider.faults.token_requests[0]["form"]["client_assertion"]
    token = jwt.decode(assertion, RSAKey.import_key(client_key.as_dict(private=False)))
    claims = token.claims
    assert token.header["kid"] == client_key.kid
    assert claims["iss"] == claims["sub"] == KEYED_CLIENT["client_id"]
    assert claims["aud"] == provider.url + "/token"
    assert claims["jti"]
    assert claims["exp"] - claims["iat"] <= 60


def test_a_key_the_provider_has_not_registered_fails_the_login_cleanly(make_keyed_app, provider,
                                                                       caplog):
    app = make_keyed_app(RSAKey.generate_key(2048, auto_kid=True))
    auth = AuthActions(app.test_client(), provider)
    response = auth.finish(auth.approve(auth.start()))
    assert response.status_code == 400
    assert "You are not logged in" in response.text
    assert any("invalid_client" in r.getMessage() for r in caplog.records)


def test_the_client_secret_in_http_basic_stays_the_default(auth, provider):
    auth.login("alice")
    [token_request] = provider.faults.token_requests
    assert token_request["authorization"].startswith("Basic ")
    assert "client_assertion" not in token_request["form"]


@pytest.mark.parametrize("key, algorithm", [
    (ECKey.generate_key("P-256"), "ES256"),
    (ECKey.generate_key("P-384"), "ES384"),
    (OKPKey.generate_key("Ed25519"), "EdDSA"),
], ids=["P-256", "P-384", "Ed25519"])
def test_ec_and_ed25519_keys_sign_with_their_algorithm(make_keyed_app, key, algorithm):
    response = make_keyed_app(key).test_client().get("/oidc/jwks")
    assert response.json["keys"][0]["alg"] == algorithm


def test_a_private_jwk_is_accepted(make_app, client_key):
    app = make_app(OIDC_CLIENT_PRIVATE_KEY=json.dumps(client_key.as_dict(private=True)))
    assert app.test_client().get("/oidc/jwks").json["keys"][0]["kid"] == client_key.kid


def test_a_pem_on_one_line_is_accepted(make_app, client_key):
    one_line = client_key.as_pem(private=True).decode().replace("\n", "\\n")
    assert make_app(OIDC_CLIENT_PRIVATE_KEY=one_line).test_client().get(
        "/oidc/jwks").status_code == 200


def small_rsa_key() -> str:
    return RSAKey.generate_key(1024).as_pem(private=True).decode()


@pytest.mark.parametrize("value", [
    lambda: "not a key",
    lambda: RSAKey.generate_key(2048).as_pem(private=False).decode(),
    lambda: '{"kty": "oct", "k": "c2VjcmV0"}',
    small_rsa_key,
], ids=["garbage", "a public key", "a symmetric JWK", "RSA 1024"])
@pytest.mark.filterwarnings("ignore::joserfc.errors.SecurityWarning")
def test_a_key_that_cannot_sign_assertions_refuses_to_start(make_app, value):
    with pytest.raises(ConfigurationError, match="OIDC_CLIENT_PRIVATE_KEY"):
        make_app(OIDC_CLIENT_PRIVATE_KEY=value())


def test_private_key_jwt_without_a_key_refuses_to_start(make_app):
    with pytest.raises(ConfigurationError, match="OIDC_CLIENT_PRIVATE_KEY is not set"):
        make_app(OIDC_TOKEN_ENDPOINT_AUTH_METHOD="private_key_jwt")


def test_private_key_jwt_needs_no_client_secret(make_keyed_app, client_key):
    assert make_keyed_app(client_key).config["OIDC_CLIENT_SECRET"] is None


@pytest.mark.parametrize("secret", ["", "guess"])
def test_the_provider_refuses_a_keyed_client_presenting_a_secret(provider, secret):
    # A client that registered keys authenticates by assertion only, never by a (blank) secret.
    answer = requests.post(provider.url + "/token", auth=(KEYED_CLIENT["client_id"], secret),
                           data={"grant_type": "authorization_code", "code": "x"}, timeout=10)
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
