"""The editor in the browser: Markdown with a live preview, drafts, autosave, text that outlives
the session, publishing and renaming (blog/static/js/editor.js against the real server)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import DESKTOP
from tests.e2e.browsing import PHONE

pytestmark = pytest.mark.e2e

TITLE = "Counting with vectors"
# Every character of a fenced block must survive: angle brackets, ampersands, quotes.
CODE = '''def smallest(values: list[int]) -> int:
    # vector<int> in C++; "a & b < c" stays as typed
    return min(v for v in values if v < 10 and v & 1)'''
FENCE = "```"
# Autosave waits 3 s after the last keystroke, a retry 10 s: expectations wait longer than that.
SAVE_WAIT = 15_000
SAVED = re.compile(r"Saved at \d\d:\d\d:\d\d\.")
PREVIEW_URL = "/dashboard/preview"


def markdown_body(blog_url: str) -> str:
    """A post with code, a table and an image by URL (the blog's own icon: nothing off-machine)."""
    return f"""\
In C++ a list of numbers is a `vector<int>`; in Python it is simply a list.

{FENCE}python
{CODE}
{FENCE}

| Language | A list of numbers |
| -------- | ----------------- |
| C++      | `vector<int>`     |
| Python   | `list[int]`       |

![The blog's icon]({blog_url}/static/favicon.svg)
"""


HOSTILE_TYPING = ('\n<iframe src="https://example.org/embed"></iframe>\n\n'
                  '<p onclick="alert(1)">Click me</p>\n')
AFTER_THE_SESSION = "\nEvery word typed after the session ended survives."
SUMMARY = "Why vector<int> and list[int] are one idea."


def editor_of(person):
    """The post form on the person's page, and the parts of the editor the tests read."""
    page = person.page
    return (page.locator("form.post-form"), page.locator("#preview-body"),
            page.locator("[data-autosave-status]"))


def type_at_the_end(field, text: str) -> None:
    """Type into a field after what it holds, key by key, as a person would."""
    field.click()
    field.press("Control+End")
    field.press_sequentially(text)


def browser_copies(person) -> dict:
    """The editor's copies in this browser's localStorage (on a page of the blog)."""
    return person.page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter((key) => key.startsWith("blog-editor:"))
        .map((key) => [key, JSON.parse(localStorage.getItem(key))]))""")


def path_of(person) -> str:
    return urlsplit(person.page.url).path


@pytest.fixture
def annie(open_browser):
    """Annie Easley, logged in, on her dashboard, in her own browser."""
    person = open_browser()
    person.log_in("annie.easley")
    return person


def test_an_author_writes_markdown_keeps_a_draft_outlives_her_session_publishes_and_renames(
        annie, open_browser, blog_server):
    form, preview, status = editor_of(annie)
    body = form.get_by_label("Body")

    # She writes in Markdown (the default) and watches the preview.
    expect(form.get_by_label("Format")).to_have_value("markdown")
    form.get_by_label("Title").fill(TITLE)
    body.fill(markdown_body(blog_server.url))
    code = preview.locator("pre > code.language-python")
    expect(code.locator("span.k").first).to_have_text("def")
    assert code.text_content().rstrip("\n") == CODE
    expect(preview.locator("table th").first).to_have_text("Language")
    expect(preview.locator("table td code").first).to_have_text("vector<int>")
    image = preview.get_by_role("img", name="The blog's icon")
    expect(image).to_have_attribute("src", blog_server.url + "/static/favicon.svg")
    annie.page.wait_for_function("(image) => image.complete && image.naturalWidth > 0",
                                 arg=image.element_handle())

    # What browsers must not run is shown as removed, and is not in the preview.
    type_at_the_end(body, HOSTILE_TYPING)
    removed = annie.page.locator("#preview-removed")
    expect(removed).to_be_visible()
    expect(removed).to_contain_text("Removed when saved, because readers’ browsers must not run")
    expect(removed).to_contain_text("<iframe>")
    expect(removed).to_contain_text("onclick")
    expect(preview.get_by_text("Click me")).to_be_visible()
    expect(preview.locator("iframe, [onclick]")).to_have_count(0)

    # Autosave has made it a draft already; she saves it as one.
    expect(status).to_have_text(SAVED, timeout=SAVE_WAIT)
    form.get_by_role("button", name="Save draft").click()
    expect(annie.page.locator(".flash")).to_have_text(
        "Draft saved. Only you and the editors can see it.")
    edit_path = path_of(annie)
    assert edit_path == "/counting-with-vectors/edit"
    draft_path = edit_path.removesuffix("/edit")
    expect(annie.page.locator(".draft-note")).to_be_visible()

    # Readers see nothing of it.
    reader = open_browser()
    assert reader.visit(draft_path).status == 404
    reader.visit("/")
    expect(reader.page.locator("main")).not_to_contain_text(TITLE)

    # Her session ends while she goes on writing: the editor keeps her text and says so.
    blog_server.expire_login_sessions("annie.easley")
    annie.expect_refusals(PREVIEW_URL, draft_path + "/autosave")
    type_at_the_end(body, AFTER_THE_SESSION)
    form.get_by_label("Summary").fill(SUMMARY)
    expect(status).to_have_text("Your session has ended. Your text is kept in this browser; log "
                                "in again to save it.", timeout=SAVE_WAIT)
    copy = browser_copies(annie)["blog-editor:" + edit_path]
    assert AFTER_THE_SESSION.strip() in copy["body"] and copy["summary"] == SUMMARY

    # She logs in again from the editor's link and finds every word, saved.
    login = status.get_by_role("link", name="log in again")
    expect(login).to_have_attribute("href", "/login?next=" + edit_path.replace("/", "%2F"))
    login.click()
    annie.page.wait_for_url(blog_server.url + edit_path)
    expect(status).to_contain_text("Restored your text from this browser (written ")
    expect(status).to_contain_text(") and saved it at ", timeout=SAVE_WAIT)
    assert browser_copies(annie) == {}
    annie.visit(edit_path)
    expect(body).to_have_value(re.compile(re.escape(AFTER_THE_SESSION.strip()) + r"\s*$"))
    expect(body).to_have_value(re.compile(re.escape(CODE)))
    expect(form.get_by_label("Summary")).to_have_value(SUMMARY)
    expect(status).to_have_text("")

    # She publishes it.
    form.get_by_role("button", name="Publish").click()
    expect(annie.page.locator(".flash")).to_have_text(f"Published “{TITLE}”.")
    assert path_of(annie) == draft_path
    assert reader.visit(draft_path).status == 200
    expect(reader.page.locator(".post-body pre > code span.k").first).to_have_text("def")
    expect(reader.page.locator(".post-body")).to_contain_text(AFTER_THE_SESSION.strip())

    # She renames its address; the old one redirects for good.
    annie.visit(edit_path)
    form.get_by_label("Address").fill("vectors-and-lists")
    form.get_by_role("button", name="Update").click()
    expect(annie.page.locator(".flash")).to_have_text("Your changes are published.")
    assert path_of(annie) == "/vectors-and-lists"
    reader.visit(draft_path)
    expect(reader.page).to_have_url(blog_server.url + "/vectors-and-lists")
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(TITLE)
    answer = reader.page.request.get(draft_path, max_redirects=0)
    assert answer.status == 301
    assert answer.headers["location"] in ("/vectors-and-lists",
                                          blog_server.url + "/vectors-and-lists")


def test_autosave_says_when_it_saved_while_the_author_types_without_a_page_load(annie):
    form, _, status = editor_of(annie)
    annie.page.evaluate("() => { window.stillThisPage = true; }")
    form.get_by_label("Title").press_sequentially("Typed, not submitted")
    type_at_the_end(form.get_by_label("Body"), "Words that save themselves.")

    expect(status).to_have_text(SAVED, timeout=SAVE_WAIT)
    assert annie.page.evaluate("() => window.stillThisPage") is True
    # The new post is a draft now, and a reload would open its editor.
    assert path_of(annie) == "/typed-not-submitted/edit"
    assert form.get_attribute("action") == path_of(annie)


def test_an_empty_form_is_never_autosaved(annie):
    form, _, status = editor_of(annie)
    form.get_by_label("Summary").fill("A summary alone is not a post.")
    annie.page.wait_for_timeout(4_000)
    expect(status).to_have_text("")
    assert path_of(annie) == "/dashboard"


def test_closing_the_tab_after_an_autosave_and_reopening_the_editor_shows_the_autosaved_text(
        annie):
    form, _, status = editor_of(annie)
    form.get_by_label("Title").fill("Closed too soon")
    type_at_the_end(form.get_by_label("Body"), "Saved before the tab went.")
    expect(status).to_have_text(SAVED, timeout=SAVE_WAIT)
    edit_path = path_of(annie)

    annie.new_tab()
    annie.visit(edit_path)

    form, _, status = editor_of(annie)
    expect(form.get_by_label("Title")).to_have_value("Closed too soon")
    expect(form.get_by_label("Body")).to_have_value("Saved before the tab went.")
    # From the server: the browser's copy went once the text was saved.
    expect(status).to_have_text("")
    assert browser_copies(annie) == {}


def test_a_published_post_changes_for_readers_only_at_update_yet_its_autosave_outlives_the_tab(
        annie, open_browser):
    path = annie.publish("Stable for readers", "First words.", source_format="markdown")
    annie.visit(path + "/edit")
    form, _, status = editor_of(annie)
    type_at_the_end(form.get_by_label("Body"), " Second thoughts.")
    expect(status).to_have_text(re.compile(SAVED.pattern + " Readers see the changes when you "
                                           "press Update."), timeout=SAVE_WAIT)
    reader = open_browser()
    reader.visit(path)
    expect(reader.page.locator(".post-body")).to_have_text("First words.")

    annie.visit(path + "/edit")

    expect(annie.page.locator(".flash")).to_contain_text("the changes you had not saved yet")
    expect(form.get_by_label("Body")).to_have_value("First words. Second thoughts.")


def test_offline_the_text_is_kept_and_saved_once_the_network_is_back(annie):
    form, _, status = editor_of(annie)
    form.get_by_label("Title").fill("Written on a train")
    expect(status).to_have_text(SAVED, timeout=SAVE_WAIT)
    edit_path = path_of(annie)
    annie.expect_refusals(PREVIEW_URL, edit_path.removesuffix("/edit") + "/autosave")
    annie.page.context.set_offline(True)

    type_at_the_end(form.get_by_label("Body"), "Through a tunnel.")

    expect(status).to_have_text("Not saved (offline?): kept in this browser; retrying.",
                                timeout=SAVE_WAIT)
    assert browser_copies(annie)["blog-editor:" + edit_path]["body"] == "Through a tunnel."
    annie.page.context.set_offline(False)
    expect(status).to_have_text(SAVED, timeout=SAVE_WAIT)
    assert browser_copies(annie) == {}


def test_logging_out_forgets_the_text_kept_in_this_browser(annie):
    form, _, _ = editor_of(annie)
    form.get_by_label("Title").fill("Not for the next person")
    assert list(browser_copies(annie)) == ["blog-editor:/dashboard"]

    annie.log_out()

    assert browser_copies(annie) == {}


SCREENS = {"desktop": {"viewport": DESKTOP}, "phone": {"viewport": PHONE, "phone": True}}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_editor_and_its_preview_fit_the_screen(open_browser, blog_server, screenshots,
                                                   screen):
    author = open_browser(**SCREENS[screen])
    author.log_in(f"editor.{screen}")
    form, preview, status = editor_of(author)
    form.get_by_label("Title").fill("Software engineering for the Apollo guidance computer")
    form.get_by_label("Body").fill(markdown_body(blog_server.url) + HOSTILE_TYPING)
    expect(preview.locator("table")).to_be_visible()
    expect(author.page.locator("#preview-removed")).to_be_visible()
    expect(status).to_have_text(SAVED, timeout=SAVE_WAIT)

    author.page.screenshot(path=screenshots / f"editor-{screen}.png", full_page=True)
    form_box, preview_box = author.box("form.post-form"), author.box("section.preview")
    if screen == "desktop":
        # Side by side: the preview starts right of the form, at the same height.
        assert preview_box["x"] >= form_box["x"] + form_box["width"], (form_box, preview_box)
        assert abs(preview_box["y"] - form_box["y"]) <= 2, (form_box, preview_box)
    else:
        assert preview_box["y"] >= form_box["y"] + form_box["height"], (form_box, preview_box)
    assert author.horizontal_overflow() == 0
