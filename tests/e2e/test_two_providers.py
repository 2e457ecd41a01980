"""Two providers side by side: two oidc-provider 9 instances, one blog configured for both.

"staff" authenticates the blog with its client secret, "guests" with private_key_jwt against the
key the blog serves at /oidc/jwks (oidc-provider fetches it from there). /login offers both.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import Person
from tests.e2e.servers import two_providers_and_blog

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def two_providers(tmp_path_factory, e2e_requirements):
    """(staff, guests, blog), all running."""
    with two_providers_and_blog(tmp_path_factory.mktemp("e2e-two-providers")) as servers:
        yield servers


@pytest.fixture
def person(browser, two_providers):
    """A fresh browser at the two-provider blog; what it saw must be clean."""
    staff, guests, blog = two_providers
    someone = Person.open(browser, blog_url=blog.url, provider_url=staff.issuer,
                          other_providers=(guests.issuer,))
    yield someone
    someone.close()
    assert someone.problems == []


@pytest.mark.parametrize("label, login, name", [
    ("Staff", "ada.lovelace", "Ada Lovelace"),
    ("Guest authors", "grace.hopper", "Grace Hopper"),
])
def test_each_provider_logs_in(person, two_providers, label, login, name):
    staff, guests, blog = two_providers
    person.visit("/")
    person.page.get_by_role("link", name="Log in").click()
    person.page.get_by_role("link", name=label).click()
    expected = staff if label == "Staff" else guests
    assert person.page.url.startswith(expected.issuer), person.page.url
    person.provider_url = expected.issuer
    person.sign_in_at_provider(login)
    person.consent_at_provider()
    expect(person.page).to_have_url(blog.url + "/dashboard")
    expect(person.page.get_by_role("heading", level=1)).to_have_text(f"Hello, {name}")


def test_signing_out_at_one_provider_ends_only_its_session(person, browser, two_providers):
    staff, guests, blog = two_providers
    other = Person.open(browser, blog_url=blog.url, provider_url=guests.issuer,
                        other_providers=(staff.issuer,))
    try:
        for someone, label, login in ((person, "Staff", "alan.turing"),
                                      (other, "Guest authors", "alan.turing")):
            someone.visit("/login")
            someone.page.get_by_role("link", name=label).click()
            someone.provider_url = staff.issuer if label == "Staff" else guests.issuer
            someone.sign_in_at_provider(login)
            someone.consent_at_provider()
            expect(someone.page).to_have_url(blog.url + "/dashboard")

        tab = other.page.context.new_page()
        tab.goto(guests.issuer + "/session/end")
        tab.get_by_role("button", name="Yes, sign me out").click()
        expect(tab.get_by_text("Sign-out Success")).to_be_visible()

        other.visit("/dashboard")
        # Logged out: the dashboard sends them to log in, which asks which provider.
        expect(other.page.get_by_role("heading", name="Log in with")).to_be_visible()
        person.visit("/dashboard")
        expect(person.page.get_by_role("heading", level=1)).to_have_text("Hello, Alan Turing")
    finally:
        other.close()
    assert other.problems == []
