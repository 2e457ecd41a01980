"""The development provider's discovery document and signing keys."""


import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.devidp.flows import decode_id_token
from tests.devidp.flows import log_in


def test_discovery_describes_a_code_flow_provider(idp, backchannel):
    metadata = backchannel.get(f"{idp.url}/.well-known/openid-configuration").json()
    assert metadata["issuer"] == idp.url
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert metadata["subject_types_supported"] == ["public"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert metadata["scopes_supported"] == ["openid", "email", "profile"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["prompt_values_supported"] == ["none", "login", "consent", "create"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
        "private_key_jwt",
    }
    assert "RS256" in metadata["token_endpoint_auth_signing_alg_values_supported"]
    assert {"sub", "iss", "aud", "nonce", "sid", "name", "email"} <= set(
        metadata["claims_supported"])


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("authorization_endpoint", "/authorize"),
        ("token_endpoint", "/token"),
        ("userinfo_endpoint", "/userinfo"),
        ("jwks_uri", "/jwks"),
        ("end_session_endpoint", "/end-session"),
    ],
)
def test_discovery_endpoints_are_absolute_under_the_issuer(idp, embedded, backchannel, name, path):
    for issuer in (idp.url, f"{embedded.url}/devidp"):
        metadata = backchannel.get(f"{issuer}/.well-known/openid-configuration").json()
        assert metadata["issuer"] == issuer
        assert metadata[name] == issuer + path


def test_jwks_publishes_one_public_signing_key(idp, backchannel):
    (key,) = backchannel.get(f"{idp.url}/jwks").json()["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert key["kid"]
    assert "d" not in key and "p" not in key


def test_rotate_key_publishes_only_the_new_key(idp, provider, browser, backchannel):
    (old,) = backchannel.get(f"{idp.url}/jwks").json()["keys"]
    new_kid = provider.rotate_key()
    (new,) = backchannel.get(f"{idp.url}/jwks").json()["keys"]
    assert new["kid"] == new_kid != old["kid"]
    id_token = log_in(browser, backchannel, idp.url)["id_token"]
    assert decode_id_token(backchannel, idp.url, id_token).header["kid"] == new_kid


def test_sign_uses_the_current_key_and_the_given_header(provider):
    key = RSAKey.import_key(provider.current_jwk_set()["keys"][0])
    token = jwt.decode(provider.sign({"sub": "x"}, {"kid": "unknown-kid"}), key)
    assert token.header["kid"] == "unknown-kid"
    assert token.claims == {"sub": "x"}
