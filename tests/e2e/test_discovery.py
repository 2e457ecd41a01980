"""A reader goes from a post to its author, its tag, a feed reader and a search, on a desktop
and on a phone; screenshots of each page go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import feedparser
import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import DESKTOP
from tests.e2e.browsing import PHONE
from tests.e2e.browsing import Person

pytestmark = pytest.mark.e2e

TITLE = "Airship crossings of the North Sea"
BODY = ("<p>The <strong>zeppelin</strong> left Friedrichshafen at dawn and crossed the North Sea "
        "by night.</p>")
TAGS = "Airships, Night travel"
SCREENS = {"desktop": {"viewport": DESKTOP}, "phone": {"viewport": PHONE, "phone": True}}


@pytest.fixture(scope="module")
def tagged_post(browser, blog_server, openid_provider) -> str:
    """A post an author published in the browser with two tags; its path."""
    author = Person.open(browser, blog_url=blog_server.url, provider_url=openid_provider.issuer)
    author.log_in("hugo.eckener")
    author.visit("/dashboard")
    form = author.page.locator("form.post-form")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Format").select_option("html")
    form.get_by_label("Body").fill(BODY)
    form.get_by_label("Tags").fill(TAGS)
    form.get_by_role("button", name="Publish").click()
    expect(author.page.locator(".flash")).to_contain_text("Published")
    path = re.sub(r"^https?://[^/]+", "", author.page.url)
    problems = author.problems
    author.close()
    assert problems == []
    return path


def feed_link(person: Person) -> str:
    """The address of the Atom feed the page announces (the last one: the most specific)."""
    links = person.page.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert links.count() >= 1
    return links.last.get_attribute("href")


def read_feed(person: Person, url: str):
    """What a feed reader makes of the feed at url, fetched with the browser's own HTTP."""
    response = person.page.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("screen", SCREENS)
def test_a_reader_goes_from_a_post_to_its_author_tag_feed_and_a_search(open_browser, tagged_post,
                                                                      screenshots, screen):
    reader = open_browser(**SCREENS[screen])
    reader.visit(tagged_post)
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert reader.horizontal_overflow() == 0

    # The byline leads to the author's page, which lists the post and announces a feed.
    byline = reader.page.locator('.byline a[rel="author"]')
    author_name = byline.inner_text()
    byline.click()
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(author_name)
    expect(reader.page.get_by_role("link", name=TITLE)).to_be_visible()
    assert reader.horizontal_overflow() == 0
    reader.page.screenshot(path=screenshots / f"author-{screen}.png", full_page=True)
    author_feed = read_feed(reader, feed_link(reader))
    assert TITLE in [entry.title for entry in author_feed.entries]

    # Back on the post, a tag leads to the tag's page and its feed.
    reader.page.go_back()
    reader.page.locator('a[rel="tag"]', has_text="Night travel").click()
    expect(reader.page.get_by_role("heading", level=1)).to_contain_text("Night travel")
    expect(reader.page.get_by_role("link", name=TITLE)).to_be_visible()
    assert reader.horizontal_overflow() == 0
    reader.page.screenshot(path=screenshots / f"tag-{screen}.png", full_page=True)
    tag_feed = read_feed(reader, feed_link(reader))
    assert [entry.title for entry in tag_feed.entries] == [TITLE]

    # The list of tags counts it.
    reader.visit("/tags")
    expect(reader.page.get_by_role("link", name="Airships")).to_be_visible()
    reader.page.screenshot(path=screenshots / f"tags-{screen}.png", full_page=True)

    # The header's search finds it, with the word marked, and leads back to it.
    search = reader.page.get_by_role("searchbox", name="Search posts")
    search.fill("zeppelin")
    search.press("Enter")
    reader.page.wait_for_url(re.compile(r"/search\?q=zeppelin"))
    result = reader.page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(reader.page.locator("mark", has_text="zeppelin").first).to_be_visible()
    assert reader.horizontal_overflow() == 0
    reader.page.screenshot(path=screenshots / f"search-{screen}.png", full_page=True)
    result.click()
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # The site's feed has it too.
    site_feed = read_feed(reader, feed_link(reader))
    assert TITLE in [entry.title for entry in site_feed.entries]
