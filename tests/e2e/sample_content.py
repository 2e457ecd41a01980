"""The sample blog the accessibility run and scripts/page_weight.py look at: a post with code, a
table, a picture and a tag, revised once, and a page; and the page types to visit, by name."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.browsing import Person

EDITOR = "axel.admin"  # an admin: every dashboard page is theirs to see
WRITER = "wanda.writer"  # an author only: the refusal pages
FENCE = "```"
LONG_PARAGRAPH = ("Readers follow a line of text back to its start more easily when it is neither "
                  "too long nor too short, which is why books and newspapers keep their columns "
                  "narrow, and why the blog keeps its own to a measure of about sixty-five "
                  "characters whatever the width of the screen it is read on.")
POST_BODY = f"""\
A post with the parts readers meet: `inline code`, a block, a table and a picture.

{LONG_PARAGRAPH}

{FENCE}python
def smallest(values: list[int]) -> int:
    return min(v for v in values if v < 10)
{FENCE}

| Language | A list of numbers |
| -------- | ----------------- |
| C++      | `vector<int>`     |
| Python   | `list[int]`       |

![The blog's icon](/static/favicon.svg)
"""


def create_sample_content(person: Person) -> dict:
    """Publish the sample post (revised once) and page as person, an admin already logged in;
    the paths of what readers and editors then visit."""
    person.visit("/dashboard")
    form = person.page.locator("form.post-form")
    form.get_by_label("Title").fill("Reading code on a small screen")
    form.get_by_label("Format").select_option("markdown")
    form.get_by_label("Body").fill(POST_BODY)
    form.get_by_label("Tags").fill("Accessibility")
    form.get_by_role("button", name="Publish").click()
    expect(person.page.locator(".flash")).to_contain_text("Published")
    post = urlsplit(person.page.url).path
    person.visit(f"{post}/edit")
    person.page.get_by_label("Title").fill("Reading code on a small screen, again")
    person.page.get_by_role("button", name="Update").click()
    expect(person.page.locator(".flash")).to_contain_text("published")
    post = urlsplit(person.page.url).path
    author = person.page.locator('.byline a[rel="author"]').get_attribute("href")
    person.visit("/dashboard/pages/new")
    person.page.get_by_label("Title").fill("Colophon")
    person.page.get_by_label("Body").fill("How this blog is made: **Flask**, and care.\n\n"
                                          "| Part | Tool |\n| --- | --- |\n| Words | Markdown |\n")
    person.page.get_by_role("button", name="Publish").click()
    expect(person.page.locator(".flash")).to_contain_text("Published")
    person.visit("/dashboard/pages")
    page_editor = person.page.get_by_role("link", name="Colophon", exact=True).get_attribute("href")
    return {"post": post, "author": urlsplit(author).path, "tag": "/tags/accessibility",
            "page": "/colophon", "page_editor": urlsplit(page_editor).path}


READER_PAGES: dict[str, Callable[[dict], str]] = {
    "index": lambda c: "/",
    "post": lambda c: c["post"],
    "author": lambda c: c["author"],
    "tag": lambda c: c["tag"],
    "tags": lambda c: "/tags",
    "search with results": lambda c: "/search?q=screen",
    "search without results": lambda c: "/search?q=zeppelinless",
    "page": lambda c: c["page"],
    "not found": lambda c: "/no-such-page-here",
    "method not allowed": lambda c: "/dashboard/preview",
    "login failed": lambda c: "/oidc/callback?error=access_denied&state=none",
}
REFUSED = ("/no-such-page-here", "/dashboard/preview", "/oidc/callback")
AUTHOR_PAGES: dict[str, Callable[[dict], str]] = {
    "dashboard": lambda c: "/dashboard",
    "editor of a post": lambda c: f"{c['post']}/edit",
    "revision history": lambda c: f"{c['post']}/history",
    "delete confirmation": lambda c: f"{c['post']}/delete",
    "review queue": lambda c: "/review",
    "audit log": lambda c: "/audit",
    "profile": lambda c: "/dashboard/profile",
    "site settings": lambda c: "/dashboard/site",
    "the site's pages": lambda c: "/dashboard/pages",
    "page editor": lambda c: c["page_editor"],
    "page delete confirmation": lambda c: f"{c['page_editor']}/delete",
}
# What an author without an editor's or admin's rights is refused.
REFUSAL_PAGES = {"forbidden (review queue)": "/review",
                 "forbidden (site settings)": "/dashboard/site"}
