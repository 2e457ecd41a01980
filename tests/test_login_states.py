"""Logins in flight: abandoned ones cannot grow the cookie session until the browser drops it."""

from __future__ import annotations

from blog.auth.sessions import MAX_PENDING_LOGINS

# Browsers keep cookies of up to 4096 bytes; one pending login takes about 400 of them.
COOKIE_BOUND = 2048


def set_cookie_length(response) -> int:
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1, cookies
    return len(cookies[0])


def test_abandoned_logins_keep_the_cookie_small(client):
    lengths = [set_cookie_length(client.get("/login")) for _ in range(40)]
    assert max(lengths) < COOKIE_BOUND, lengths


def test_after_many_abandoned_logins_the_next_login_works(auth, client):
    for _ in range(40):
        client.get("/login")
    assert auth.login("alice").headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200


def test_a_login_started_in_another_tab_meanwhile_does_not_spoil_this_one(auth, client):
    first_tab = auth.start()
    auth.start()  # a second tab, not finished
    response = auth.finish(auth.approve(first_tab))
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_only_the_oldest_logins_past_the_few_newest_are_forgotten(auth):
    oldest = auth.start()
    for _ in range(MAX_PENDING_LOGINS):
        auth.start()
    response = auth.finish(auth.approve(oldest))
    assert response.status_code == 400
    assert "expired" in response.text


def test_a_login_in_another_tab_still_finishes_after_this_one(auth, client):
    first_tab, second_tab = auth.start(), auth.start()
    assert auth.finish(auth.approve(first_tab)).status_code == 302
    response = auth.finish(auth.approve(second_tab, "bob"))
    assert response.headers["Location"] == "/dashboard"
    assert "Bob" in client.get("/dashboard").text
