"""The pages fit desktop and phone screens; their screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import DESKTOP
from tests.e2e.browsing import PHONE

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
