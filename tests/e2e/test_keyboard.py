"""The keyboard alone: an author writes, previews and publishes a post, recovers from a refused
form through its error summary, and adds an image through the image dialog, with Tab, Shift+Tab,
Enter, Space, Escape and typing only. Every element focused on the way must show a focus ring of
3:1 or more, and the order must make sense: the skip link first, the header, then the page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests import images
from tests.e2e.browsing import describe
from tests.e2e.browsing import ring_problems

pytestmark = pytest.mark.e2e

TITLE = "Written with the keyboard alone"
BODY = "Not one *click* went into this post.\n\nTab, type, Enter: that is all."
REGIONS = ("header", "main", "footer")
# In a form, Enter presses its default (first) button, which Publish is; a real keyboard user
# presses Enter or Space on the button they mean, as these tests do.
PUBLISH = "form.post-form button[value=publish]"
PREVIEW = "form.post-form button[value=preview]"


@pytest.fixture
def kay(open_browser):
    """Kay, an author, logged in (by the mouse: the provider's sign-in is not the blog's) and on
    her dashboard."""
    person = open_browser()
    person.log_in("kay.keyboard")
    return person


def assert_rings(path: list[dict]) -> None:
    """Every element focused on the way shows, with a ring that can be seen."""
    problems = [problem for focused in path for problem in ring_problems(focused)]
    assert problems == [], problems


def assert_top_down(path: list[dict]) -> None:
    """The skip link first, then the header's links and controls, then the page's own (main),
    never back up."""
    assert path[0]["classes"] == ["skip-link"], describe(path[0])
    rest = path[1:]
    order = [REGIONS.index(focused["region"]) if focused["region"] in REGIONS else -1
             for focused in rest]
    assert -1 not in order and order == sorted(order), [
        (focused["region"], describe(focused)) for focused in rest]


def from_the_top(person, selector: str) -> list[dict]:
    """From a page just loaded, Tab to the selector; checks the order and the rings on the way."""
    path = person.tab_until(selector)
    assert_top_down(path)
    assert_rings(path)
    return path


def test_an_author_writes_previews_and_publishes_with_the_keyboard_only(kay):
    page = kay.page
    path = from_the_top(kay, "#title")
    assert [focused["region"] for focused in path].count("header") >= 3  # brand, search, account
    page.keyboard.type(TITLE)
    assert kay.press("Tab")["id"] == "format"  # Markdown, as it is
    assert kay.press("Tab")["id"] == "body"
    page.keyboard.type(BODY)

    # On to Preview, past the editor's own buttons (Add image) and the other fields.
    path = kay.tab_until(PREVIEW)
    assert_rings(path)
    assert "Add image" in [focused["text"] for focused in path]
    kay.press("Enter")
    preview = page.locator("#preview-body")
    expect(preview.locator("em")).to_have_text("click")
    expect(preview).to_contain_text("Tab, type, Enter: that is all.")
    assert kay.focused()["text"] == "Preview"  # the preview did not take the focus away

    # Back to Publish (the first of the buttons) and press it.
    assert_rings(kay.tab_until(PUBLISH, key="Shift+Tab"))
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert urlsplit(page.url).path == "/written-with-the-keyboard-alone"
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".post-body em")).to_have_text("click")

    # The post page: skip link first, and it skips the header.
    skip = kay.press("Tab")
    assert skip["classes"] == ["skip-link"] and ring_problems(skip) == []
    kay.press("Enter")
    after = kay.press("Tab")
    assert after["region"] == "main", describe(after)
    assert ring_problems(after) == []


def test_a_refused_form_puts_the_focus_on_its_summary_whose_link_leads_to_the_field(
        kay, screenshots):
    page = kay.page
    from_the_top(kay, "#body")  # past the title, left empty
    page.keyboard.type("A body without a title.")
    kay.tab_until(PUBLISH)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.title().startswith("Error: ")
    summary = kay.focused()
    assert summary["id"] == "error-summary", describe(summary)
    assert ring_problems(summary) == []
    page.screenshot(path=str(screenshots / "keyboard-error-summary-desktop.png"))
    link = kay.press("Tab")
    assert link["tag"] == "a" and link["text"] == "Give the post a title.", describe(link)
    assert ring_problems(link) == []
    field = kay.press("Enter")
    assert field["id"] == "title", describe(field)
    assert ring_problems(field) == []
    expect(page.locator("#body")).to_have_value("A body without a title.")

    # Given its title, the post goes out.
    page.keyboard.type("A title found at last")
    kay.tab_until(PUBLISH)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/a-title-found-at-last"


def open_the_image_dialog(kay, picture) -> None:
    """Tab to Add image and press Enter; choose the file in the browser's picker."""
    kay.tab_until("[data-add-image]")
    with kay.page.expect_file_chooser() as chooser:
        # Playwright starts catching the picker without waiting for the browser to agree; one
        # round trip first, or a key press right away can open a picker nobody catches.
        kay.focused()
        kay.page.keyboard.press("Enter")
    chooser.value.set_files(str(picture))
    expect(kay.page.get_by_role("dialog", name="Describe the image")).to_be_visible()


@pytest.fixture
def picture(tmp_path):
    """A PNG of its own for this test."""
    path = tmp_path / "keys.png"
    path.write_bytes(images.png(640, 320))
    return path


def test_the_image_dialog_keeps_the_focus_inside_and_gives_it_back(kay, picture):
    page = kay.page
    open_the_image_dialog(kay, picture)
    first = kay.focused()
    assert first["id"] == "image-alt", describe(first)

    # Tab goes round the dialog's controls, never behind it, each with its ring.
    round_trip = [kay.press("Tab") for _ in range(6)]
    assert {focused["region"] for focused in round_trip} == {"dialog"}, [
        describe(focused) for focused in round_trip]
    assert_rings([first, *round_trip])

    # Escape closes it, and the focus is back on the button that opened it.
    closed = kay.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert closed["text"] == "Add image", describe(closed)

    # Again, this time described, made the feature image and uploaded.
    with page.expect_file_chooser() as chooser:
        kay.focused()  # as in open_the_image_dialog
        page.keyboard.press("Enter")
    chooser.value.set_files(str(picture))
    assert kay.focused()["id"] == "image-alt"
    page.keyboard.type("Keys on a keyboard")
    assert kay.press("Tab")["text"] == ""  # the checkbox (its label wraps it)
    page.keyboard.press("Space")
    expect(page.get_by_label("Use it as the feature image too")).to_be_checked()
    assert kay.press("Tab")["text"] == "Upload and insert"
    kay.press("Enter")
    expect(page.locator("[data-image-status]")).to_contain_text("Image inserted")
    back = kay.focused()
    assert back["id"] == "body", describe(back)
    assert "![Keys on a keyboard](" in page.locator("#body").input_value()
    assert page.locator("#feature_image").input_value().startswith("/media/")


# Pages an author goes through; on each the skip link comes first, then the header, then main.
PAGES = ["/", "/dashboard", "/dashboard/profile", "/search?q=keyboard",
         "/no-such-post"]


@pytest.fixture(params=["light", "dark"])
def kay_in_either_scheme(request, open_browser):
    """Kay logged in, her system set to a light or a dark scheme (every ring is checked in
    both)."""
    person = open_browser(color_scheme=request.param)
    person.log_in("kay.keyboard")
    return person


@pytest.mark.parametrize("path", PAGES)
def test_every_page_starts_with_the_skip_link_then_the_header_then_the_page(
        kay_in_either_scheme, path):
    kay = kay_in_either_scheme
    if path == "/no-such-post":
        kay.expect_refusals(path)
    kay.visit(path)
    from_the_top(kay, "main :is(a, button, input, textarea, select)")
