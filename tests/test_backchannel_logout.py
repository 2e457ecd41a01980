"""Back-channel logout: a logout token the provider signs ends the sessions it names, once.

Tokens are signed with the development provider's own key, whose JWKS the blog fetches over real
HTTP; each check of OpenID Connect Back-Channel Logout 1.0 (2.4, 2.6) has a refusal below.
"""

from __future__ import annotations

import base64
import io
import time
from datetime import timedelta

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey
from joserfc.jwk import RSAKey

from blog.extensions import db
from blog.models import Author
from blog.models import LoginSession
from blog.models import SpentLogoutToken
from blog.models import utcnow
from tests.helpers import CLIENT_SECRET
from tests.helpers import LOGOUT_EVENT
from tests.helpers import login_of
from tests.helpers import logout_claims
from tests.helpers import logout_token
from tests.helpers import send_logout
from tests.provider_faults import jwt_parts
from tests.provider_faults import unsigned_jwt


def is_logged_in(browser) -> bool:
    return browser.client.get("/dashboard").status_code == 200


def session_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(LoginSession))


def assert_refused(response, reason: str):
    assert response.status_code == 400
    assert response.cache_control.no_store
    assert response.is_json
    assert response.json["error"] == "invalid_request"
    assert reason in response.json["error_description"], response.json


def test_a_logout_token_with_the_sessions_sid_ends_it(auth, client, app, provider):
    auth.login("alice")
    _subject, sid = login_of(app, "alice")
    response = send_logout(client, logout_token(provider, sid=sid))
    assert response.status_code == 200
    assert response.cache_control.no_store
    assert not is_logged_in(auth)


def test_the_login_keeps_the_id_tokens_sid(auth, app):
    auth.login("alice")
    with app.app_context():
        login = db.session.execute(db.select(LoginSession)).scalar_one()
        assert login.sid
        assert login.sid == jwt_parts(login.id_token)[1]["sid"]


def test_a_sid_ends_only_the_sessions_begun_with_it(app, make_auth, provider):
    laptop, phone = make_auth(app), make_auth(app)
    laptop.login("alice")
    with app.app_context():
        laptop_sid = db.session.execute(db.select(LoginSession.sid)).scalar_one()
    phone.login("alice")
    assert send_logout(app.test_client(), logout_token(provider, sid=laptop_sid)).status_code == 200
    assert not is_logged_in(laptop)
    assert is_logged_in(phone)


def test_a_sub_alone_ends_every_session_of_that_author_at_that_provider(app, make_auth,
                                                                        provider):
    laptop, phone, bob = make_auth(app), make_auth(app), make_auth(app)
    laptop.login("alice")
    phone.login("alice")
    bob.login("bob")
    subject, _sid = login_of(app, "bob")
    with app.app_context():
        alice = db.session.execute(db.select(Author).filter_by(name="Alice")).scalar_one()
        subject = alice.subject
    assert send_logout(app.test_client(), logout_token(provider, sub=subject)).status_code == 200
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert is_logged_in(bob)


def test_the_same_subject_at_another_issuer_keeps_its_sessions(auth, client, app, provider):
    auth.login("alice")
    subject, sid = login_of(app, "alice")
    with app.app_context():
        namesake = Author(issuer="https://other-provider.example", subject=subject, name="Other")
        db.session.add(LoginSession(id="f" * 64, author=namesake, sid=sid,
                                    expires_at=utcnow() + timedelta(days=1)))
        db.session.commit()
    assert send_logout(client, logout_token(provider, sub=subject, sid=sid)).status_code == 200
    assert not is_logged_in(auth)
    assert session_count(app) == 1


def test_a_sid_and_sub_that_name_different_people_end_nothing(app, make_auth, provider):
    alice, bob = make_auth(app), make_auth(app)
    alice.login("alice")
    bob.login("bob")
    _alice_subject, alice_sid = login_of(app, "alice")
    bob_subject, _bob_sid = login_of(app, "bob")
    token = logout_token(provider, sid=alice_sid, sub=bob_subject)
    assert send_logout(app.test_client(), token).status_code == 200
    assert is_logged_in(alice) and is_logged_in(bob)


def test_a_token_for_no_session_is_still_accepted(client, provider):
    # The provider may send one for a session the author already ended here (RP-initiated).
    assert send_logout(client, logout_token(provider, sid="no-such-session")).status_code == 200


def test_the_authors_next_request_in_another_process_is_logged_out(make_app, make_auth,
                                                                    provider):
    first, second = make_app(), make_app()
    alice = make_auth(first)
    alice.login("alice")
    _subject, sid = login_of(first, "alice")
    assert send_logout(second.test_client(), logout_token(provider, sid=sid)).status_code == 200
    assert not is_logged_in(alice)


def test_a_logout_token_is_accepted_once(client, provider):
    token = logout_token(provider, sub="someone")
    assert send_logout(client, token).status_code == 200
    assert_refused(send_logout(client, token), "jti was already used")


def test_a_replay_is_refused_by_another_process_and_after_a_restart(make_app, provider):
    token = logout_token(provider, sub="someone")
    assert send_logout(make_app().test_client(), token).status_code == 200
    restarted = make_app()
    assert_refused(send_logout(restarted.test_client(), token), "jti was already used")


def test_the_same_jti_from_another_provider_is_not_a_replay(app, provider):
    # jti is unique per issuer only; the spent-token key is the pair.
    with app.app_context():
        from blog.auth.backchannel import spent_token_id

        assert spent_token_id(provider.url, "j") != spent_token_id("https://other.example", "j")


def test_a_spent_jti_is_kept_until_the_token_could_no_longer_pass(client, app, provider):
    issued = int(time.time())
    send_logout(client, logout_token(provider, sub="someone", iat=issued))
    window = app.config["OIDC_LOGOUT_TOKEN_MAX_AGE"] + 2 * app.config["OIDC_CLOCK_LEEWAY"]
    with app.app_context():
        kept = db.session.execute(db.select(SpentLogoutToken)).scalar_one()
        remaining = (kept.expires_at - utcnow()).total_seconds()
    assert window - 5 <= remaining <= window + 1


def test_spent_jtis_past_their_window_are_forgotten(client, app, provider):
    with app.app_context():
        db.session.add(SpentLogoutToken(id="0" * 64, expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    send_logout(client, logout_token(provider, sub="someone"))
    with app.app_context():
        ids = db.session.execute(db.select(SpentLogoutToken.id)).scalars().all()
    assert "0" * 64 not in ids
    assert len(ids) == 1


def test_no_csrf_token_is_asked_of_the_provider(app, provider):
    # The test client sends no CSRF token and no cookie, like a provider.
    fresh = app.test_client()
    assert send_logout(fresh, logout_token(provider, sub="someone")).status_code == 200


def test_get_is_not_allowed(client):
    assert client.get("/oidc/backchannel-logout").status_code == 405


def now() -> int:
    return int(time.time())


CLAIM_FAULTS = {
    "issuer not a configured provider": ({"iss": "https://evil.example"}, "iss"),
    "no iss": ({"iss": None}, "iss"),
    "audience another client": ({"aud": "another-client"}, "aud"),
    "no aud": ({"aud": None}, "aud"),
    "no iat": ({"iat": None}, "iat"),
    "iat not a number": ({"iat": "yesterday"}, "iat"),
    "iat too old": ({"iat": now() - 3600}, "too old"),
    "iat in the future": ({"iat": now() + 3600}, "future"),
    "expired": ({"exp": now() - 3600}, "expired"),
    "no jti": ({"jti": None}, "jti"),
    "jti not a string": ({"jti": 12345}, "jti"),
    "jti too long": ({"jti": "j" * 256}, "jti"),
    "no events": ({"events": None}, "events"),
    "events without the logout event": ({"events": {"urn:other": {}}}, "events"),
    "logout event not an object": ({"events": {LOGOUT_EVENT: "yes"}}, "events"),
    "events a list": ({"events": [LOGOUT_EVENT]}, "events"),
    "a nonce": ({"nonce": "abc"}, "nonce"),
    "neither sid nor sub": ({"sub": None, "sid": None}, "neither sid nor sub"),
    "sub not a string": ({"sub": 42}, "sub"),
    "empty sid": ({"sid": ""}, "sid"),
}


@pytest.mark.parametrize("changes, reason", CLAIM_FAULTS.values(), ids=CLAIM_FAULTS.keys())
def test_a_logout_token_failing_a_claim_check_is_refused(auth, client, app, provider, changes,
                                                         reason):
    auth.login("alice")
    subject, sid = login_of(app, "alice")
    token = logout_token(provider, **{"sub": subject, "sid": sid, **changes})
    assert_refused(send_logout(client, token), reason)
    assert is_logged_in(auth)


def signed_by_another_key(provider, claims) -> str:
    intruder = RSAKey.generate_key(2048)
    return jwt.encode({"alg": "RS256", "kid": provider.keys.keys.current.kid}, claims,
                      intruder)


def signed_with_the_client_secret(provider, claims) -> str:
    return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(CLIENT_SECRET))


SIGNATURE_FAULTS = {
    "unsigned (alg none)": (lambda provider, claims: unsigned_jwt(claims), "alg"),
    "HS256 with the client secret": (signed_with_the_client_secret, "alg"),
    "another key under the provider's kid": (signed_by_another_key, "signature"),
    "a kid the provider does not have": (
        lambda provider, claims: provider.keys.sign(claims, {"kid": "no-such-key"}), "signature"),
    "typ of an access token": (
        lambda provider, claims: provider.keys.sign(claims, {"typ": "at+jwt"}), "typ"),
    "signature cut off": (
        lambda provider, claims: provider.keys.sign(claims).rsplit(".", 1)[0] + ".AAAA",
        "signature"),
}


@pytest.mark.filterwarnings("ignore::joserfc.errors.SecurityWarning")
@pytest.mark.parametrize("sign, reason", SIGNATURE_FAULTS.values(), ids=SIGNATURE_FAULTS.keys())
def test_a_logout_token_not_signed_by_the_provider_is_refused(auth, client, app, provider, sign,
                                                              reason):
    auth.login("alice")
    subject, sid = login_of(app, "alice")
    token = sign(provider, logout_claims(provider, sub=subject, sid=sid))
    assert_refused(send_logout(client, token), reason)
    assert is_logged_in(auth)


def test_an_algorithm_outside_the_allowlist_is_refused(make_app, make_auth, provider):
    app = make_app(OIDC_ID_TOKEN_ALGORITHMS="ES256")
    assert_refused(send_logout(app.test_client(), logout_token(provider, sub="someone")),
                   "alg 'RS256'")


def test_an_id_token_is_not_a_logout_token(auth, client, app, provider):
    auth.login("alice")
    with app.app_context():
        id_token = db.session.execute(db.select(LoginSession.id_token)).scalar_one()
    assert_refused(send_logout(client, id_token), "logout token")
    assert is_logged_in(auth)


JWE = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn"
BODY_FAULTS = {
    "not a JWT": ({"logout_token": "hello"}, None, "not a JWT"),
    "empty token": ({"logout_token": ""}, None, "exactly one"),
    "no logout_token": ({"token": "x"}, None, "exactly one"),
    "two logout_tokens": ("logout_token=a.b.c&logout_token=a.b.c", None, "exactly one"),
    "an encrypted token (JWE)": ({"logout_token": JWE}, None, "encrypted"),
    "garbage in the header": ({"logout_token": "!!!.e30.sig"}, None, "not a JWT"),
    "a header that is a list": ({"logout_token": "WzFd.e30.c2ln"}, None, "not a JWT"),
    "a header nested thousands deep": (
        {"logout_token": base64.urlsafe_b64encode(b"[" * 6000).decode().rstrip("=") + ".e30.c2ln"},
        None, "not a JWT"),
    "one megabyte": ({"logout_token": "a" * 1024 * 1024}, None, "over"),
    "a token just over its bound": ({"logout_token": "a." * 4097}, None, "over 8192"),
    "thousands of fields": ("&".join(f"f{n}=1" for n in range(2000)), None, "small form"),
    "bytes that are not text": (b"logout_token=\xff\xfe", None, "small form"),
    "JSON instead of a form": ('{"logout_token": "a.b.c"}', "application/json", "not application"),
}


@pytest.mark.parametrize("body, content_type, reason", BODY_FAULTS.values(),
                         ids=BODY_FAULTS.keys())
def test_a_request_that_is_not_one_logout_token_is_refused(client, body, content_type, reason):
    kwargs = {"content_type": content_type or "application/x-www-form-urlencoded"}
    response = send_logout(client, data=body, **kwargs)
    assert_refused(response, reason)


def test_a_chunked_request_over_the_bound_is_refused(client):
    # No Content-Length (a chunked body, which the server ends): it is read only to the bound.
    body = io.BytesIO(b"logout_token=" + b"a" * 64 * 1024)
    response = client.post("/oidc/backchannel-logout", input_stream=body,
                           content_type="application/x-www-form-urlencoded",
                           environ_overrides={"wsgi.input_terminated": True})
    assert_refused(response, "over")


@pytest.mark.parametrize("path, status, body", [
    ("/jwks", 503, "busy"),
    ("/jwks", 200, "not json"),
    ("/.well-known/openid-configuration", 500, "oops"),
], ids=["jwks 503", "jwks not JSON", "discovery 500"])
def test_a_provider_whose_keys_cannot_be_had_gets_a_400(make_app, provider, path, status, body):
    app = make_app()  # a fresh app: no keys cached yet
    provider.faults.canned[path] = (status, body, "text/plain")
    assert_refused(send_logout(app.test_client(), logout_token(provider, sub="someone")),
                   "provider keys unavailable")


def test_logs_say_why_without_the_token(client, provider, caplog):
    token = logout_token(provider, sub="someone", aud="another-client")
    send_logout(client, token)
    messages = [record.getMessage() for record in caplog.records]
    assert any("back-channel logout refused" in message for message in messages), messages
    assert not any(token in message for message in messages)
