"""A reader who is not logged in browses the index and opens a post."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "On the Creation of Monsters"
BODY = ("<p>It was on a dreary night of November that I beheld the accomplishment of my "
        "toils.</p><h2>The workshop</h2><p>With an anxiety that almost amounted to agony…</p>")


@pytest.fixture(scope="module")
def published_post(blog_server) -> str:
    """A post by Mary Shelley, written straight into the database; its path."""
    return blog_server.seed_post(author_name="Mary Shelley", subject="mary.shelley",
                                 title=TITLE, body=BODY)


def test_a_reader_finds_the_post_on_the_index_and_opens_it(open_browser, blog_server,
                                                           published_post):
    reader = open_browser()
    reader.visit("/")
    expect(reader.page.get_by_role("heading", name="Latest posts")).to_be_visible()
    card = reader.page.locator(".post-card").filter(has_text=TITLE)
    expect(card.locator(".author")).to_have_text("Mary Shelley")
    expect(card.locator(".excerpt")).to_contain_text("It was on a dreary night of November")

    card.get_by_role("link", name=TITLE).click()

    expect(reader.page).to_have_url(blog_server.url + published_post)
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.page.get_by_role("heading", name="The workshop")).to_be_visible()
    expect(reader.page.locator(".byline .author")).to_have_text("Mary Shelley")


def test_a_reader_sees_no_author_controls(open_browser, published_post):
    reader = open_browser()
    reader.visit(published_post)
    expect(reader.page.get_by_role("link", name="Log in")).to_be_visible()
    expect(reader.page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(reader.page.get_by_role("link", name="Delete")).to_have_count(0)


BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


@pytest.mark.parametrize(("system", "chosen", "background"), [
    ("light", "dark", "rgb(16, 19, 23)"), ("dark", "light", "rgb(251, 250, 248)")])
def test_the_theme_button_overrides_the_system_and_is_remembered_without_a_cookie(
        open_browser, published_post, system, chosen, background):
    reader = open_browser(color_scheme=system)
    reader.visit(published_post)
    assert reader.page.evaluate(BACKGROUND) != background
    button = reader.page.get_by_role("button", name="Dark theme")
    expect(button).to_have_attribute("aria-pressed", str(system == "dark").lower())
    button.click()
    expect(button).to_have_attribute("aria-pressed", str(chosen == "dark").lower())
    assert reader.page.evaluate(BACKGROUND) == background
    reader.visit("/")
    assert reader.page.evaluate(BACKGROUND) == background
    assert reader.page.locator("html").get_attribute("data-theme") == chosen
    assert reader.page.context.cookies() == []


def test_without_javascript_the_system_scheme_holds_and_the_button_is_hidden(open_browser,
                                                                          published_post):
    reader = open_browser(color_scheme="dark", javascript=False)
    reader.visit(published_post)
    assert reader.page.evaluate(BACKGROUND) == "rgb(16, 19, 23)"
    expect(reader.page.get_by_role("button", name="Dark theme")).to_be_hidden()


def test_a_printed_post_is_its_words_without_the_header_search_or_footer(open_browser,
                                                                         published_post):
    reader = open_browser(color_scheme="dark")
    reader.visit(published_post)
    reader.page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".site-search"):
        expect(reader.page.locator(hidden)).to_be_hidden()
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert reader.page.evaluate(BACKGROUND) == "rgb(255, 255, 255)"
