"""Logging in and out at oidc-provider: sign-in, consent, the name it gives, logout, denial."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_an_author_signs_in_consents_and_sees_the_providers_name_on_the_dashboard(
        open_browser, blog_server):
    ada = open_browser()
    ada.visit("/")
    ada.page.get_by_role("link", name="Log in").click()

    ada.sign_in_at_provider("ada.lovelace")
    expect(ada.page.get_by_text("scopes:")).to_be_visible()
    expect(ada.page.get_by_role("listitem").filter(has_text="profile")).to_have_count(1)
    ada.consent_at_provider()

    expect(ada.page).to_have_url(blog_server.url + "/dashboard")
    expect(ada.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada Lovelace")
    expect(ada.page.locator(".nav-user")).to_have_text("Ada Lovelace")
    expect(ada.page.locator(".nav-user")).to_have_attribute("title", "ada.lovelace@example.test")
    expect(ada.page.get_by_role("button", name="Log out")).to_be_visible()


def test_register_signs_in_at_the_provider_which_has_no_sign_up_screen(open_browser, blog_server):
    # oidc-provider does not list "create" in prompt_values_supported: /register is a plain login.
    ada = open_browser()
    ada.visit("/")
    ada.page.get_by_role("link", name="Register").click()
    ada.sign_in_at_provider("ada.lovelace")
    ada.consent_at_provider()
    expect(ada.page).to_have_url(blog_server.url + "/dashboard")


def test_while_signed_in_at_the_provider_logging_in_again_asks_nothing(open_browser, blog_server):
    alan = open_browser()
    alan.log_in("alan.turing")
    alan.visit("/")
    # Only the blog's session ends (the provider's stays): the next login goes straight through.
    alan.page.context.clear_cookies(name="blog_session")
    alan.visit("/login")
    expect(alan.page).to_have_url(blog_server.url + "/dashboard")


def test_logging_out_ends_the_session_at_the_provider_too(open_browser, blog_server):
    alan = open_browser()
    alan.log_in("alan.turing")

    alan.page.get_by_role("button", name="Log out").click()
    # The blog hands over to the provider's end_session_endpoint, which asks for confirmation.
    expect(alan.page.get_by_role("button", name="Yes, sign me out")).to_be_visible()
    assert alan.at_provider(), alan.page.url
    alan.page.get_by_role("button", name="Yes, sign me out").click()

    expect(alan.page).to_have_url(blog_server.url + "/")
    expect(alan.page.get_by_role("link", name="Log in")).to_be_visible()
    alan.page.get_by_role("link", name="Log in").click()
    expect(alan.page.get_by_placeholder("Enter any login")).to_be_visible()
    assert alan.at_provider(), alan.page.url


def test_after_logging_out_the_dashboard_asks_to_log_in(open_browser, blog_server):
    alan = open_browser()
    alan.log_in("alan.turing")
    alan.log_out()
    alan.visit("/dashboard")
    expect(alan.page.get_by_placeholder("Enter any login")).to_be_visible()


def test_cancelling_at_the_provider_says_the_login_was_cancelled(open_browser, blog_server):
    katherine = open_browser()
    katherine.visit("/login")
    katherine.sign_in_at_provider("katherine.johnson")
    expect(katherine.page.get_by_role("heading", name="Authorize")).to_be_visible()

    with katherine.page.expect_navigation(url=blog_server.url + "/oidc/callback**") as landed:
        katherine.page.get_by_role("link", name="[ Cancel ]").click()

    assert landed.value.status == 403
    expect(katherine.page).to_have_title("Login cancelled · The Blog")
    expect(katherine.page.get_by_role("heading", level=1)).to_have_text("You cancelled the login")
    katherine.page.get_by_role("link", name="Log in again").click()
    # Still signed in at the provider, so it asks only for consent this time.
    expect(katherine.page.get_by_role("heading", name="Authorize")).to_be_visible()
    assert katherine.at_provider(), katherine.page.url


def test_after_many_abandoned_logins_logging_in_still_works(open_browser, blog_server):
    # Each visit to /login leaves a login in flight; before, about 20 of them made the cookie too
    # big for Chromium, which then dropped it, and the next login failed for an hour.
    ada = open_browser()
    for _ in range(25):
        ada.page.goto("/login", wait_until="commit")
    ada.log_in("ada.lovelace")
    expect(ada.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada Lovelace")
