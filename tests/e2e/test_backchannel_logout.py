"""Back-channel logout from oidc-provider 9: signing out at the provider ends the blog session.

The author has the blog open in one tab and signs out at the provider in another; oidc-provider
POSTs a logout token naming the session (sid) to /oidc/backchannel-logout, and the blog's tab is
logged out at its next request.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# The promise: out of the blog within a second of signing out at the provider.
WITHIN_SECONDS = 1.0


def test_signing_out_at_the_provider_ends_the_blog_session_in_the_other_tab(
        open_browser, blog_server, openid_provider):
    ada = open_browser()
    ada.log_in("ada.lovelace")
    expect(ada.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada Lovelace")

    provider_tab = ada.page.context.new_page()
    provider_tab.goto(openid_provider.issuer + "/session/end")
    provider_tab.get_by_role("button", name="Yes, sign me out").click(no_wait_after=True)
    signed_out_at = time.monotonic()

    # The blog's tab, still showing the dashboard, asks the blog again until it is logged out.
    while True:
        answer = ada.page.request.get(blog_server.url + "/dashboard", max_redirects=0)
        if answer.status == 302:
            break
        assert time.monotonic() - signed_out_at < WITHIN_SECONDS, "still logged in at the blog"
        time.sleep(0.05)
    elapsed = time.monotonic() - signed_out_at
    assert elapsed < WITHIN_SECONDS

    print(f"blog session ended {elapsed * 1000:.0f} ms after signing out at the provider")
    ada.visit("/")
    expect(ada.page.get_by_role("link", name="Log in")).to_be_visible()
    provider_tab.close()


def test_the_provider_saw_the_blog_accept_its_logout_token(open_browser, blog_server,
                                                            openid_provider):
    grace = open_browser()
    grace.log_in("grace.hopper")
    provider_tab = grace.page.context.new_page()
    provider_tab.goto(openid_provider.issuer + "/session/end")
    provider_tab.get_by_role("button", name="Yes, sign me out").click()
    expect(provider_tab.get_by_text("Sign-out Success")).to_be_visible()
    log = blog_server.process.log.read_text(encoding="utf-8", errors="replace")
    assert "back-channel logout: 1 login session(s) ended" in log
    assert '"POST /oidc/backchannel-logout HTTP/1.1" 200' in log
    provider_tab.close()
