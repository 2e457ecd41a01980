"""An admin renames the site and adds an About page in the browser; a reader, already on the
blog in another browser, sees both at once: the new title, the page in the navigation and at
its address. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import PHONE

pytestmark = pytest.mark.e2e

ADMIN = "grace.admin"
NEW_TITLE = "Notes from the Harbour"
ABOUT = """\
We write about **boats**, tides and the people who keep both.

| Day     | Tide  |
| ------- | ----- |
| Monday  | 06:12 |
"""


@pytest.fixture
def admin(open_browser):
    """Grace, an admin (the provider puts logins ending in .admin in the admins' group)."""
    person = open_browser()
    person.log_in(ADMIN)
    return person


@pytest.fixture
def restored_title(admin):
    """Put the site's title and navigation back afterwards: other e2e tests share the blog."""
    admin.visit("/dashboard/site")
    title = admin.page.get_by_label("Title").input_value()
    yield
    admin.visit("/dashboard/site")
    admin.page.get_by_label("Title").fill(title)
    admin.page.get_by_role("button", name="Save").click()
    expect(admin.page.locator(".flash")).to_contain_text("Saved")


def add_about_page(admin) -> None:
    """From the dashboard to a published About page that is in the navigation."""
    admin.visit("/dashboard")
    admin.page.get_by_role("link", name="The site's pages").click()
    admin.page.get_by_role("link", name="New page").click()
    admin.page.get_by_label("Title").fill("About")
    admin.page.get_by_label("Format").select_option("markdown")
    admin.page.get_by_label("Body").fill(ABOUT)
    admin.page.get_by_label("Show in the site's navigation").check()
    admin.page.get_by_role("button", name="Publish").click()
    expect(admin.page.locator(".flash")).to_contain_text("Published")


def rename_site(admin, title: str) -> None:
    """Save a new title on the site settings page."""
    admin.visit("/dashboard")
    admin.page.get_by_role("link", name="Site settings").click()
    admin.page.get_by_label("Title").fill(title)
    admin.page.get_by_role("button", name="Save").click()
    expect(admin.page.locator(".flash")).to_contain_text("Saved")


def test_a_reader_sees_the_new_title_and_the_about_page_at_once(open_browser, admin,
                                                               restored_title, screenshots):
    readers = {"desktop": open_browser(), "phone": open_browser(viewport=PHONE, phone=True)}
    for reader in readers.values():
        reader.visit("/")
        expect(reader.page.locator(".brand")).not_to_have_text(NEW_TITLE)

    rename_site(admin, NEW_TITLE)
    add_about_page(admin)

    for screen, reader in readers.items():
        reader.page.reload()
        expect(reader.page.locator(".brand")).to_have_text(NEW_TITLE)
        expect(reader.page).to_have_title(re.compile(re.escape(NEW_TITLE) + "$"))
        nav = reader.page.get_by_role("navigation", name="Site")
        nav.get_by_role("link", name="About").click()
        reader.page.wait_for_url(reader.blog_url + "/about")
        expect(reader.page.get_by_role("heading", level=1)).to_have_text("About")
        expect(reader.page.locator("main strong")).to_have_text("boats")
        expect(reader.page.locator("main table td").first).to_have_text("Monday")
        expect(nav.get_by_role("link", name="About")).to_have_attribute("aria-current", "page")
        expect(reader.page.locator(".site-footer")).to_contain_text(NEW_TITLE)
        assert reader.horizontal_overflow() == 0
        reader.page.screenshot(path=screenshots / f"about-page-{screen}.png", full_page=True)
