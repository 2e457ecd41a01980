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
