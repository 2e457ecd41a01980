"""The development provider's factory checks and what it logs."""

import logging

import pytest

from blog.devidp import create_provider_app
from tests.devidp.flows import CLIENTS
from tests.devidp.flows import SECRET
from tests.devidp.flows import pkce_pair
from tests.devidp.flows import redeem
from tests.devidp.flows import refresh
from tests.devidp.flows import sign_in
from tests.devidp.flows import userinfo


@pytest.mark.parametrize(
    ("clients", "options"),
    [
        (CLIENTS, {"secret_key": ""}),
        ([{**CLIENTS[0], "client_secret": ""}], {}),
        ([{**CLIENTS[0], "redirect_uris": ["http://rp.test/cb#frag"]}], {}),
        ([{**CLIENTS[1], "same_origin_paths": "/"}], {}),
        ([CLIENTS[0], CLIENTS[0]], {}),
        (CLIENTS, {"users": ("alice", "not valid")}),
    ],
)
def test_factory_refuses_a_malformed_configuration(clients, options):
    with pytest.raises(ValueError):
        create_provider_app(clients, **{"secret_key": "k", **options})


def test_nothing_secret_is_logged(idp, browser, backchannel, caplog):
    caplog.set_level(logging.DEBUG)
    verifier, challenge = pkce_pair()
    code = sign_in(browser, idp.url, code_challenge=challenge, code_challenge_method="S256")["code"]
    tokens = redeem(backchannel, idp.url, code, verifier=verifier).json()
    userinfo(backchannel, idp.url, tokens["access_token"])
    refreshed = refresh(backchannel, idp.url, tokens["refresh_token"]).json()
    browser.get(f"{idp.url}/end-session", params={"id_token_hint": tokens["id_token"]})
    # urllib3 is the test's own HTTP client logging the URLs it requests, not the provider.
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("urllib3"))
    assert logged.count("Issue token") == 2  # Authlib's debug lines are there, but redacted
    secrets_sent = (code, tokens["access_token"], tokens["refresh_token"], tokens["id_token"],
                    refreshed["access_token"], refreshed["refresh_token"], SECRET, verifier)
    for secret in secrets_sent:
        assert secret not in logged
