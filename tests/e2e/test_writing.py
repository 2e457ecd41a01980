"""An author writes, edits and deletes a post in the browser; hostile HTML never runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Rich HTML the blog keeps, and hostile HTML it must defuse, in one body.
HOSTILE_BODY = """\
<p>The <strong>Analytical Engine</strong> weaves <em>algebraical patterns</em>.</p>
<ul><li>just as the Jacquard loom</li><li>weaves flowers and leaves</li></ul>
<p>See <a href="https://example.org/notes" target="_blank"
          onclick="alert('onclick')">the notes</a>.</p>
<script>alert('script element')</script>
<img src="/healthz" onerror="alert('img onerror')" alt="an image that is not an image">
<p><a href="javascript:alert('javascript url')">a javascript link</a></p>
<p onmouseover="alert('onmouseover')" style="position:fixed;inset:0">hover over me</p>
<iframe src="javascript:alert('iframe')"></iframe>
<svg onload="alert('svg onload')"><circle r="10"/></svg>
<form action="https://example.org/steal"><input name="password"><button>Send</button></form>
"""

# Everything in the post body that could run script or leave the page.
DANGEROUS_IN_BODY = """(body) => {
  const found = [];
  for (const element of body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'iframe', 'svg', 'form', 'object', 'embed', 'style'].includes(tag)) {
      found.push(`<${tag}>`);
    }
    for (const attribute of element.attributes) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.startsWith('on') || attribute.name === 'style'
          || value.startsWith('javascript:') || value.startsWith('data:')) {
        found.push(`${tag}[${attribute.name}=${attribute.value}]`);
      }
    }
  }
  return found;
}"""


@pytest.fixture
def ada(open_browser):
    """Ada Lovelace, logged in, in her own browser."""
    person = open_browser()
    person.log_in("ada.lovelace")
    return person


def test_hostile_html_is_defused_on_the_post_page_and_rich_html_kept(ada):
    path = ada.publish("Notes on the Engine", HOSTILE_BODY)
    body = ada.page.locator(".post-body")

    # Give every defused handler its chance: hover, click, scroll to the end.
    body.get_by_text("hover over me").hover()
    body.get_by_text("a javascript link").click()
    ada.page.mouse.wheel(0, 2000)
    ada.visit(path)

    assert ada.dialogs == []
    assert body.evaluate(DANGEROUS_IN_BODY) == []
    expect(body.locator("strong")).to_have_text("Analytical Engine")
    expect(body.locator("ul > li")).to_have_count(2)
    link = body.get_by_role("link", name="the notes")
    expect(link).to_have_attribute("href", "https://example.org/notes")
    expect(link).to_have_attribute("rel", "nofollow ugc noopener")
    expect(link).not_to_have_attribute("target", "_blank")


def test_the_post_is_on_the_index_under_the_authors_name_without_markup(ada, blog_server):
    ada.publish("Sketch of the Engine", HOSTILE_BODY)
    ada.visit("/")
    card = ada.page.locator(".post-card").filter(has_text="Sketch of the Engine")
    expect(card.locator(".author")).to_have_text("Ada Lovelace")
    expect(card.locator(".excerpt")).to_contain_text("The Analytical Engine weaves algebraical")
    assert card.evaluate(DANGEROUS_IN_BODY) == []
    assert ada.dialogs == []


def test_an_author_edits_their_post_and_its_address_stays(ada, blog_server):
    path = ada.publish("First draft", "<p>Rough notes.</p>")
    ada.page.get_by_role("link", name="Edit").click()
    expect(ada.page.get_by_role("heading", name="Edit post")).to_be_visible()
    expect(ada.page.get_by_label("Body")).to_have_value("<p>Rough notes.</p>")

    ada.page.get_by_label("Title").fill("Second draft")
    ada.page.get_by_label("Body").fill("<p>Polished <em>notes</em>.</p>")
    ada.page.get_by_role("button", name="Update").click()

    expect(ada.page).to_have_url(blog_server.url + path)
    expect(ada.page.locator(".flash")).to_have_text("Your changes are published.")
    expect(ada.page.get_by_role("heading", level=1)).to_have_text("Second draft")
    expect(ada.page.locator(".post-body em")).to_have_text("notes")


def test_an_author_deletes_their_post_after_confirming(ada, blog_server):
    path = ada.publish("Doomed thoughts", "<p>Soon gone.</p>")
    ada.page.locator(".post-actions").get_by_role("link", name="Delete").click()
    expect(ada.page.get_by_role("heading", level=1)).to_have_text("Delete “Doomed thoughts”?")

    ada.page.get_by_role("button", name="Delete post").click()

    expect(ada.page).to_have_url(blog_server.url + "/dashboard")
    expect(ada.page.locator(".flash")).to_have_text("Deleted “Doomed thoughts”.")
    # Neither among her drafts nor among her published posts.
    expect(ada.page.locator(".dashboard")).not_to_contain_text("Doomed thoughts")
    assert ada.visit(path).status == 404


def test_keeping_the_post_on_the_confirmation_page_deletes_nothing(ada, blog_server):
    path = ada.publish("Survivor", "<p>Still here.</p>")
    ada.visit(path + "/delete")
    ada.page.get_by_role("link", name="Keep it").click()
    expect(ada.page).to_have_url(blog_server.url + path)
    expect(ada.page.get_by_role("heading", level=1)).to_have_text("Survivor")


def test_another_author_gets_the_403_page_on_the_edit_url(ada, open_browser):
    path = ada.publish("Ada's own", "<p>Mine.</p>")
    grace = open_browser()
    grace.log_in("grace.hopper")

    response = grace.visit(path + "/edit")

    assert response.status == 403
    expect(grace.page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(grace.page.get_by_label("Body")).to_have_count(0)
