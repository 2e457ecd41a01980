"""Steps of an OpenID Connect client against the development provider, for its tests."""

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import KeySet

CLIENT_ID = "blog-test"
SECRET = "test-client-secret"
CALLBACK = "http://rp.test/oidc/callback"
HOME = "http://rp.test/"
CLIENTS = [
    {
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [HOME],
    },
    {
        "client_id": "blog-dev",
        "client_secret": "dev-secret",
        "redirect_uris": [],
        "post_logout_redirect_uris": [],
        "same_origin_paths": ["/oidc/callback", "/"],
    },
]



def new_http_session() -> requests.Session:
    """A requests session that never sends loopback traffic through a configured proxy."""
    session = requests.Session()
    session.trust_env = False
    return session


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def open_sign_in(browser, issuer, **overrides):
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid email profile",
        "state": "state-123",
        "nonce": secrets.token_urlsafe(8),
    }
    params.update(overrides)
    params = {name: value for name, value in params.items() if value is not None}
    return browser.get(f"{issuer}/authorize", params=params, allow_redirects=False)


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the sign-in page has no CSRF token"
    return match.group(1)


def submit(browser, page, **form):
    form.setdefault("csrf_token", csrf_token(page.text))
    form = {name: value for name, value in form.items() if value is not None}
    return browser.post(page.url, data=form, allow_redirects=False)


def redirect_params(response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}


def redeem(backchannel, issuer, code, *, verifier=None, auth="basic", **overrides):
    client_id = overrides.pop("client_id", CLIENT_ID)
    secret = overrides.pop("client_secret", SECRET)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    data.update(code_verifier=verifier, **overrides)
    data = {name: value for name, value in data.items() if value is not None}
    if auth == "basic":
        return backchannel.post(f"{issuer}/token", data=data, auth=(client_id, secret))
    data.update(client_id=client_id, client_secret=secret)
    return backchannel.post(f"{issuer}/token", data=data)


def refresh(backchannel, issuer, refresh_token, *, auth="basic", **overrides):
    client_id = overrides.pop("client_id", CLIENT_ID)
    secret = overrides.pop("client_secret", SECRET)
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token, **overrides}
    data = {name: value for name, value in data.items() if value is not None}
    if auth == "basic":
        return backchannel.post(f"{issuer}/token", data=data, auth=(client_id, secret))
    data.update(client_id=client_id, client_secret=secret)
    return backchannel.post(f"{issuer}/token", data=data)


def sign_in(browser, issuer, user="alice", **params) -> dict[str, str]:
    return redirect_params(submit(browser, open_sign_in(browser, issuer, **params), user=user))


def log_in(browser, backchannel, issuer, user="alice", **params) -> dict:
    """A whole code flow with PKCE; returns the token response."""
    verifier, challenge = pkce_pair()
    params.update(code_challenge=challenge, code_challenge_method="S256")
    code = sign_in(browser, issuer, user, **params)["code"]
    response = redeem(backchannel, issuer, code, verifier=verifier)
    assert response.status_code == 200, response.text
    return response.json()


def decode_id_token(backchannel, issuer, id_token):
    keys = KeySet.import_key_set(backchannel.get(f"{issuer}/jwks").json())
    return jwt.decode(id_token, keys, algorithms=["RS256"])


def userinfo(backchannel, issuer, access_token):
    headers = {"Authorization": f"Bearer {access_token}"}
    return backchannel.get(f"{issuer}/userinfo", headers=headers)

