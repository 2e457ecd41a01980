"""Key rotation without a hammer: an unknown kid refetches a provider's keys at most once per
OIDC_JWKS_REFRESH_INTERVAL, for ID tokens and logout tokens alike."""

from __future__ import annotations

from tests.helpers import logout_token
from tests.helpers import send_logout


def jwks_fetches(provider) -> int:
    return provider.faults.requests.count("/jwks")


def test_a_logout_token_signed_by_a_rotated_key_is_accepted(auth, client, provider):
    auth.login("alice")
    before = jwks_fetches(provider)
    provider.keys.rotate_key()
    assert send_logout(client, logout_token(provider, sub="someone")).status_code == 200
    assert jwks_fetches(provider) == before + 1


def test_a_flood_of_unknown_kids_fetches_the_keys_at_most_once(auth, client, provider):
    auth.login("alice")
    before = jwks_fetches(provider)
    for n in range(50):
        token = logout_token(provider, header={"kid": f"made-up-{n}"}, sub="someone")
        assert send_logout(client, token).status_code == 400
    assert jwks_fetches(provider) <= before + 1


def test_a_second_rotation_within_the_interval_is_not_fetched(auth, app, make_auth, make_author,
                                                              provider):
    auth.login("alice")
    provider.keys.rotate_key()
    make_author("bob")  # fetches the rotated keys
    fetched = jwks_fetches(provider)
    provider.keys.rotate_key()
    carol = make_auth(app)
    response = carol.finish(carol.approve(carol.start(), "carol"))
    assert response.status_code == 403
    assert jwks_fetches(provider) == fetched


def test_with_no_interval_every_rotation_is_fetched(make_app, make_auth, provider):
    app = make_app(OIDC_JWKS_REFRESH_INTERVAL=0)
    make_auth(app).login("alice")
    for name in ("bob", "carol"):
        provider.keys.rotate_key()
        make_auth(app).login(name)


def test_the_interval_is_per_provider_client(make_app, make_auth, provider):
    # Each app (a worker process) and each provider keeps its own clock.
    first, second = make_app(), make_app()
    make_auth(first).login("alice")
    make_auth(second).login("alice")
    provider.keys.rotate_key()
    make_auth(first).login("bob")
    make_auth(second).login("bob")
