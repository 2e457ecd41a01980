"""Every page type passes axe-core at WCAG 2.2 A and AA, on a desktop and a phone, in light and
dark mode; a screenshot of each goes to test-artifacts/screenshots/accessibility/.

A new page type joins READER_PAGES, AUTHOR_PAGES or STATES when it is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from blog.devidp import create_provider_app
from tests.devidp.flows import CALLBACK
from tests.devidp.flows import CLIENT_ID
from tests.devidp.flows import CLIENTS
from tests.e2e import axe
from tests.e2e.browsing import DESKTOP
from tests.e2e.browsing import PHONE
from tests.e2e.browsing import Person
from tests.e2e.sample_content import AUTHOR_PAGES
from tests.e2e.sample_content import EDITOR
from tests.e2e.sample_content import POST_BODY
from tests.e2e.sample_content import READER_PAGES
from tests.e2e.sample_content import REFUSAL_PAGES
from tests.e2e.sample_content import REFUSED
from tests.e2e.sample_content import WRITER
from tests.e2e.sample_content import create_sample_content
from tests.live_server import LiveServer

pytestmark = pytest.mark.e2e

SCREENS = {"desktop": {"viewport": DESKTOP}, "phone": {"viewport": PHONE, "phone": True}}
SCHEMES = ("light", "dark")
@pytest.fixture(scope="module")
def content(browser, blog_server, openid_provider) -> dict:
    """The sample content (tests/e2e/sample_content.py), published by the admin."""
    person = Person.open(browser, blog_url=blog_server.url, provider_url=openid_provider.issuer)
    person.log_in(EDITOR)
    paths = create_sample_content(person)
    problems = person.problems
    person.close()
    assert problems == []
    return paths


def refused_editor(person: Person, content: dict) -> None:
    """The editor after a publish without a title: the errors shown."""
    person.visit("/dashboard")
    form = person.page.locator("form.post-form")
    form.get_by_label("Body").fill("Words without a title.")
    form.get_by_role("button", name="Publish").click()
    expect(person.page.locator(".field-errors").first).to_be_visible()


def previewed_editor(person: Person, content: dict) -> None:
    """The editor showing the preview of what was typed."""
    person.visit("/dashboard")
    form = person.page.locator("form.post-form")
    form.get_by_label("Title").fill("A preview")
    form.get_by_label("Format").select_option("markdown")
    form.get_by_label("Body").fill(POST_BODY)
    form.get_by_role("button", name="Preview").click()
    expect(person.page.locator(".preview table")).to_be_visible()


def conflict(person: Person, content: dict) -> None:
    """The conflict page: the post was saved in another tab since this editor opened it."""
    person.visit(f"{content['post']}/edit")
    other = person.page.context.new_page()
    other.goto(f"{content['post']}/edit")
    other.get_by_label("Summary").fill("Saved in the other tab.")
    other.get_by_role("button", name="Update").click()
    expect(other.locator(".flash")).to_contain_text("published")
    other.close()
    person.page.get_by_label("Summary").fill("Saved in this tab.")
    person.page.get_by_role("button", name="Update").click()
    expect(person.page.get_by_role("heading", level=1)).to_contain_text("saved this post")


def compared_revisions(person: Person, content: dict) -> None:
    """What changed between the post's two revisions (the history page's Compare button)."""
    person.visit(f"{content['post']}/history")
    person.page.get_by_role("button", name="Compare").click()
    expect(person.page).to_have_url(re.compile(r"/compare\?"))


STATES: dict[str, Callable[[Person, dict], None]] = {
    "compared revisions": compared_revisions,
    "editor with errors": refused_editor,
    "editor with a preview": previewed_editor,
    "conflict": conflict,
}


def check(person: Person, name: str, screen: str, scheme: str, screenshots) -> list[str]:
    """axe's findings on the person's page, and its screenshot."""
    folder = screenshots / "accessibility"
    folder.mkdir(exist_ok=True)
    slug = re.sub(r"\W+", "-", name)
    person.page.screenshot(path=folder / f"{slug}-{screen}-{scheme}.png", full_page=True)
    found = axe.described(axe.violations(person.page), f"{name} ({screen}, {scheme})")
    # WCAG 1.4.10 (reflow): nothing makes the page scroll sideways, even on a phone.
    overflow = person.horizontal_overflow()
    if overflow:
        found.append(f"{name} ({screen}, {scheme}): {overflow}px wider than the screen")
    return found


# A form posted without its CSRF token (what an expired page sends): the 400 page.
POST_WITHOUT_TOKEN = """() => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/logout";
  document.body.append(form);
  form.submit();
}"""


def expired_form(person: Person) -> None:
    """The 400 page of a form whose token is missing."""
    person.expect_refusals("/logout")
    person.visit("/")
    with person.page.expect_navigation():
        person.page.evaluate(POST_WITHOUT_TOKEN)
    expect(person.page.locator(".error-page")).to_contain_text("expired")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", SCREENS)
def test_reader_pages_have_no_violations(open_browser, content, screenshots, screen, scheme):
    reader = open_browser(**SCREENS[screen], color_scheme=scheme)
    reader.expect_refusals(*REFUSED)
    found = []
    for name, path in READER_PAGES.items():
        reader.visit(path(content))
        found += check(reader, name, screen, scheme, screenshots)
    expired_form(reader)
    found += check(reader, "bad request", screen, scheme, screenshots)
    assert found == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", SCREENS)
def test_author_pages_have_no_violations(open_browser, content, screenshots, screen, scheme):
    author = open_browser(**SCREENS[screen], color_scheme=scheme)
    author.log_in(EDITOR)
    found = []
    for name, path in AUTHOR_PAGES.items():
        author.visit(path(content))
        found += check(author, name, screen, scheme, screenshots)
    for name, reach in STATES.items():
        reach(author, content)
        found += check(author, name, screen, scheme, screenshots)
    assert found == []


# The number of characters on the first line of an element's first text node.
FIRST_LINE_LENGTH = """(element) => {
  const text = [...element.childNodes].find((node) => node.nodeType === Node.TEXT_NODE);
  const range = document.createRange();
  let top = null;
  for (let index = 0; index < text.length; index++) {
    range.setStart(text, index);
    range.setEnd(text, index + 1);
    const box = range.getClientRects()[0];
    if (!box) continue;
    if (top === null) top = box.top;
    else if (box.top > top + 1) return index;
  }
  return text.length;
}"""


def test_a_line_of_a_post_holds_60_to_75_characters_on_a_desktop(open_browser, content):
    reader = open_browser()
    reader.visit(content["post"])
    paragraph = reader.page.locator(".post-body p", has_text="Readers follow a line")
    assert 60 <= paragraph.evaluate(FIRST_LINE_LENGTH) <= 75


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", SCREENS)
def test_refusal_pages_have_no_violations(open_browser, screenshots, screen, scheme):
    writer = open_browser(**SCREENS[screen], color_scheme=scheme)
    writer.log_in(WRITER)
    writer.expect_refusals(*REFUSAL_PAGES.values())
    found = []
    for name, path in REFUSAL_PAGES.items():
        assert writer.visit(path).status == 403
        found += check(writer, name, screen, scheme, screenshots)
    assert found == []


@pytest.fixture(scope="module")
def development_provider(signing_key):
    """The built-in development provider (what `scripts/dev` logs in with), on its own port."""
    app = create_provider_app(CLIENTS, secret_key="axe-secret", signing_key=signing_key)
    with LiveServer(app) as server:
        yield server.url


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_development_providers_pages_have_no_violations(browser, development_provider,
                                                           screenshots, screen, scheme):
    phone = screen == "phone"
    context = browser.new_context(viewport=SCREENS[screen]["viewport"], is_mobile=phone,
                                  has_touch=phone, color_scheme=scheme)
    page = context.new_page()
    sign_in = (f"{development_provider}/authorize?response_type=code&client_id={CLIENT_ID}"
               f"&redirect_uri={CALLBACK}&scope=openid&state=s&nonce=n")
    found = []
    for name, url in {"development sign-in": sign_in,
                      "development provider error": f"{development_provider}/authorize"}.items():
        page.goto(url)
        folder = screenshots / "accessibility"
        folder.mkdir(exist_ok=True)
        page.screenshot(path=folder / f"{name.replace(' ', '-')}-{screen}-{scheme}.png",
                        full_page=True)
        found += axe.described(axe.violations(page), f"{name} ({screen}, {scheme})")
    context.close()
    assert found == []
