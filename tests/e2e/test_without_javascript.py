"""The editor in a browser that runs no script: a textarea whose Preview button posts the form and
shows the page again with the preview, Publish, and a refused form's error summary that still
comes first and still leads to its fields."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "Written where no script runs"
BODY = "Plain *forms* still work.\n\n- one list item"


@pytest.fixture
def nora(open_browser):
    """Nora, an author whose browser runs no JavaScript, logged in and on her dashboard."""
    person = open_browser(javascript=False)
    person.log_in("nora.noscript")
    return person


def test_preview_posts_the_form_and_shows_the_page_again_with_the_text_kept(nora):
    page = nora.page
    form = page.locator("form.post-form")
    expect(form.get_by_role("button", name="Add image")).to_be_hidden()  # it needs the script
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Body").fill(BODY)
    with page.expect_navigation():
        form.get_by_role("button", name="Preview").click()

    preview = page.locator("#preview-body")
    expect(preview.locator("em")).to_have_text("forms")
    expect(preview.locator("li")).to_have_text("one list item")
    expect(form.get_by_label("Title")).to_have_value(TITLE)
    expect(form.get_by_label("Body")).to_have_value(BODY)
    assert not page.title().startswith("Error")

    with page.expect_navigation():
        form.get_by_role("button", name="Publish").click()
    assert urlsplit(page.url).path == "/written-where-no-script-runs"
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".post-body em")).to_have_text("forms")


def test_a_refused_form_shows_its_summary_first_and_its_links_lead_to_the_fields(nora):
    page = nora.page
    form = page.locator("form.post-form")
    form.get_by_label("Body").fill("No title yet.")
    with page.expect_navigation():
        form.get_by_role("button", name="Publish").click()

    assert page.title().startswith("Error: ")
    summary = page.locator("form.post-form > .error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(form.get_by_label("Body")).to_have_value("No title yet.")
    link = summary.get_by_role("link", name="Give the post a title.")
    link.focus()
    page.keyboard.press("Enter")
    expect(form.get_by_label("Title")).to_be_focused()
