"""The development provider mounted inside the blog: same-origin redirect URIs."""

from urllib.parse import urlsplit

import pytest

from tests.devidp.flows import decode_id_token
from tests.devidp.flows import open_sign_in
from tests.devidp.flows import redeem
from tests.devidp.flows import redirect_params
from tests.devidp.flows import submit


def test_embedded_provider_accepts_its_own_origin_as_redirect_uri(embedded, browser, backchannel):
    issuer, callback = f"{embedded.url}/devidp", f"{embedded.url}/oidc/callback"
    response = submit(
        browser,
        open_sign_in(browser, issuer, client_id="blog-dev", redirect_uri=callback),
        user="alice",
    )
    assert response.headers["Location"].startswith(callback + "?")
    code = redirect_params(response)["code"]
    tokens = redeem(
        backchannel,
        issuer,
        code,
        redirect_uri=callback,
        client_id="blog-dev",
        client_secret="dev-secret",
    ).json()
    assert decode_id_token(backchannel, issuer, tokens["id_token"]).claims["iss"] == issuer


@pytest.mark.parametrize(
    "template",
    [
        "http://evil.test/oidc/callback",
        "{origin}/elsewhere",
        "{origin}/oidc/callback?next=x",
        "{origin}/oidc/callback#top",
        "http://localhost:{other_port}/oidc/callback",
        "http://127.0.0.2.example:{port}/oidc/callback",
        "https://127.0.0.1:{port}/oidc/callback",
    ],
)
def test_same_origin_rule_rejects_anything_else(embedded, browser, template):
    port = urlsplit(embedded.url).port
    uri = template.format(origin=embedded.url, port=port, other_port=port + 1)
    response = open_sign_in(
        browser, f"{embedded.url}/devidp", client_id="blog-dev", redirect_uri=uri
    )
    assert response.status_code == 400 and "Location" not in response.headers


@pytest.mark.parametrize("host", ["localhost", "[::1]", "127.0.0.1"])
def test_same_origin_rule_takes_every_loopback_name_for_the_same_port(embedded, browser, host):
    # The blog's browser may be at localhost:5000 while its provider is reached at 127.0.0.1:5000.
    callback = f"http://{host}:{urlsplit(embedded.url).port}/oidc/callback"
    response = submit(
        browser,
        open_sign_in(browser, f"{embedded.url}/devidp", client_id="blog-dev",
                     redirect_uri=callback),
        user="alice",
    )
    assert response.headers["Location"].startswith(callback + "?")


@pytest.mark.parametrize(("path", "redirected"), [("/", True), ("/elsewhere", False)])
def test_same_origin_rule_applies_to_logout(embedded, browser, path, redirected):
    params = {"client_id": "blog-dev", "post_logout_redirect_uri": embedded.url + path}
    response = browser.get(
        f"{embedded.url}/devidp/end-session", params=params, allow_redirects=False
    )
    assert ("Location" in response.headers) == redirected
