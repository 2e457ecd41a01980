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

# How long the blog tab may go on asking before the test gives up: a failure bound, not the
# figure measured (that is printed; timings are for benchmarks, not assertions).
GIVE_UP_SECONDS = 15.0


def test_signing_out_at_the_provider_ends_the_blog_session_in_the_other_tab(
        open_browser, blog_server, openid_provider):
    ada = open_browser()
    ada.log_in("ada.lovelace")
    expect(ada.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada Lovelace")

    provider_tab = ada.page.context.new_page()
    provider_tab.goto(openid_provider.issuer + "/session/end")
    signed_out_at = time.monotonic()
    # oidc-provider delivers the logout token before it answers the sign-out, so once its answer
    # has arrived the blog's very next request must find the session gone.
    with provider_tab.expect_navigation():
        provider_tab.get_by_role("button", name="Yes, sign me out").click()
    first = ada.page.request.get(blog_server.url + "/dashboard", max_redirects=0)
    assert first.status == 302, "the blog session outlived the provider's sign-out"
    elapsed = time.monotonic() - signed_out_at
    assert elapsed < GIVE_UP_SECONDS

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
