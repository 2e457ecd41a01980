"""The pages fit desktop and phone screens; their screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import DESKTOP
from tests.e2e.browsing import PHONE
from tests.e2e.contrast import contrast_ratio

pytestmark = pytest.mark.e2e

TITLE = "Software engineering for the Apollo guidance computer"
# A body with everything authors use, including things that tend to break a narrow screen.
RICH_BODY = """\
<p>When the <strong>1202 alarm</strong> went off during the descent, the software did what it was
designed to do: it <em>shed low-priority work</em> and kept the landing going.</p>
<h2>What made it work</h2>
<ol><li>Priority scheduling</li><li>Restart protection</li><li>Testing everything, twice</li></ol>
<blockquote><p>There was no second chance. We knew that.</p></blockquote>
<pre><code class="language-python">def restart(job_table):  # too long for a phone screen
    return [job for job in job_table if job.priority >= CRITICAL]</code></pre>
<table><thead><tr><th>Alarm</th><th>Meaning</th><th>Action taken by the executive</th></tr></thead>
<tbody><tr><td>1201</td><td>No VAC areas</td><td>Restart, keep high-priority jobs</td></tr>
<tr><td>1202</td><td>Executive overflow</td><td>Restart, keep high-priority jobs</td></tr>
</tbody></table>
<p>Sources: https://example.org/a/very/long/address/that/does/not/break/anywhere/on/its/own/at/all</p>
"""
SCREENS = {"desktop": ({"viewport": DESKTOP}), "phone": ({"viewport": PHONE, "phone": True})}


@pytest.fixture(scope="module")
def margarets_post(blog_server) -> str:
    """Margaret Hamilton's post with everything in it, and a short one by someone else; its path."""
    blog_server.seed_post(author_name="Mary Shelley", subject="mary.shelley",
                          title="A short note", body="<p>Brief, but there.</p>")
    return blog_server.seed_post(author_name="Margaret Hamilton", subject="margaret.hamilton",
                                 title=TITLE, body=RICH_BODY)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_fits_the_screen_without_sideways_scrolling(open_browser, screenshots, screen,
                                                               margarets_post):
    margaret = open_browser(**SCREENS[screen])
    # The provider's account margaret.hamilton is the author of the seeded post.
    margaret.log_in("margaret.hamilton")
    path = margarets_post
    pages = {
        "index": "/",
        "post": path,
        "dashboard": "/dashboard",
        "edit": path + "/edit",
        "error-404": "/no-such-post",
        "login-failed": "/oidc/callback?state=forged&code=forged",
    }

    overflowing = {}
    for name, page_path in pages.items():
        margaret.visit(page_path)
        expect(margaret.page.locator("main")).to_be_visible()
        margaret.page.screenshot(path=screenshots / f"{name}-{screen}.png", full_page=True)
        if overflow := margaret.horizontal_overflow():
            overflowing[name] = f"{overflow}px too wide"

    assert overflowing == {}


# The longest title the form takes, as one word: nothing to break it at but the edge of the screen.
LONG_WORD_TITLE = ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 5)[:200]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_title_of_one_long_word_wraps_on_every_page(open_browser, screenshots, screen):
    author = open_browser(**SCREENS[screen])
    author.log_in(f"long.word.{screen}")
    path = author.publish(LONG_WORD_TITLE, "A post whose title is one word.")
    overflowing = {}

    def check(name: str) -> None:
        expect(author.page.locator("main")).to_be_visible()
        author.page.screenshot(path=screenshots / f"long-title-{name}-{screen}.png",
                               full_page=True)
        if overflow := author.horizontal_overflow():
            overflowing[name] = f"{overflow}px too wide"

    check("published-flash")
    for name, page_path in {"index": "/", "post": path, "dashboard": "/dashboard",
                            "edit": path + "/edit", "delete": path + "/delete"}.items():
        author.visit(page_path)
        check(name)
    author.page.get_by_role("button", name="Delete post").click()
    expect(author.page.locator(".flash")).to_contain_text("Deleted")
    check("deleted-flash")

    assert overflowing == {}


# page -> (path, the reading column's selector, whether its edges line up with the header's).
COLUMNS = {
    "index": ("/", ".post-list", True),
    "post": (None, ".post", True),
    "dashboard": ("/dashboard", ".dashboard", True),
    "not found": ("/no-such-post", ".error-page", False),
}


@pytest.mark.parametrize("page", COLUMNS)
def test_on_a_desktop_the_column_is_centred_under_the_header(open_browser, margarets_post, page):
    path, column, aligned = COLUMNS[page]
    margaret = open_browser(viewport=DESKTOP)
    margaret.log_in("margaret.hamilton")
    margaret.visit(path or margarets_post)
    box, centre = margaret.box(column), margaret.viewport_width() / 2
    assert abs(box["x"] + box["width"] / 2 - centre) <= 2, box
    if aligned:
        brand, nav = margaret.box(".brand"), margaret.box(".nav-list")
        assert abs(brand["x"] - box["x"]) <= 2, (brand, box)
        assert abs(nav["x"] + nav["width"] - (box["x"] + box["width"])) <= 2, (nav, box)


# What a keyboard user focuses -> (page, selector); None is Margaret's post.
FOCUS_TARGETS = {
    "skip link": ("/", ".skip-link"),
    "header link": ("/dashboard", ".nav-list a"),
    "header button": ("/dashboard", ".nav-list button"),
    "button in a panel": ("/dashboard", "form.post-form button[type=submit]"),
    "title field": ("/dashboard", "#title"),
    "body field": ("/dashboard", "#body"),
    "link in a card": ("/", ".post-card-title a"),
    "link on the page": (None, "main > p > a"),
    "button on the page": (None, ".post-actions a"),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("target", FOCUS_TARGETS)
def test_the_focus_ring_has_3_to_1_contrast_with_what_it_sits_on(open_browser, margarets_post,
                                                                 target, scheme):
    path, selector = FOCUS_TARGETS[target]
    margaret = open_browser(viewport=DESKTOP, color_scheme=scheme)
    margaret.log_in("margaret.hamilton")
    margaret.visit(path or margarets_post)
    ring = margaret.focus_ring(selector)
    assert ring["focused"] and ring["style"] != "none" and ring["width"] >= 2, ring
    assert contrast_ratio(ring["colour"], ring["background"]) >= 3, ring
