"""Images in the browser: an author uploads one through the file picker (or drops one on the
body), describes it, sets it as the feature image and publishes; readers see it on the post page
and the index on a desktop and a phone; a draft's image stays out of readers' reach."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests import images
from tests.e2e.browsing import DESKTOP
from tests.e2e.browsing import PHONE
from tests.e2e.browsing import check_picture
from tests.e2e.browsing import upload_through_the_picker

pytestmark = pytest.mark.e2e

MEDIA_URL = re.compile(r"/media/[0-9a-f]{32}-[0-9]+\.webp")


@pytest.fixture
def ada(open_browser):
    """Ada Lovelace, logged in, in her own browser."""
    person = open_browser()
    person.log_in("ada.lovelace")
    return person


@pytest.fixture
def photo(tmp_path):
    """A 2400 × 1200 JPEG on disk, for the file picker."""
    path = tmp_path / "cliffs.jpg"
    path.write_bytes(images.jpeg(2400, 1200))
    return path


def test_an_author_uploads_an_image_sets_it_as_feature_and_readers_see_it(
        ada, open_browser, photo, screenshots, blog_server):
    ada.visit("/dashboard")
    form = ada.page.locator("form.post-form")
    form.get_by_label("Title").fill("Cliffs at low tide")
    body = form.get_by_label("Body")
    body.fill("The tide went out further than anyone remembered.")
    body.press("End")
    upload_through_the_picker(ada, photo, "Chalk cliffs above a wet beach", as_feature=True)

    text = body.input_value()
    assert text.startswith("The tide went out further than anyone remembered.\n\n![Chalk cliffs "
                           "above a wet beach](/media/")
    feature = form.get_by_label("Feature image (optional)").input_value()
    assert MEDIA_URL.fullmatch(feature)
    ada.page.screenshot(path=str(screenshots / "images-editor-desktop.png"), full_page=True)
    form.get_by_role("button", name="Publish").click()
    expect(ada.page.locator(".flash")).to_contain_text("Published")
    path = ada.page.url.removeprefix(blog_server.url)

    for screen, viewport, phone in (("desktop", DESKTOP, False), ("phone", PHONE, True)):
        reader = open_browser(viewport=viewport, phone=phone)
        reader.visit(path)
        hero = check_picture(reader, ".feature-image img")
        # Shown at its own proportions (2:1), across the column, from a WebP variant.
        assert abs(hero["width"] / hero["height"] - 2) < 0.02, hero
        assert hero["current"].endswith(".webp")
        assert check_picture(reader, ".post-body img")["natural"] > 0
        assert reader.horizontal_overflow() == 0
        reader.page.screenshot(path=str(screenshots / f"images-post-{screen}.png"),
                               full_page=True)

        reader.visit("/")
        card = reader.page.locator(".post-card").filter(has_text="Cliffs at low tide")
        thumbnail = check_picture(reader, ".post-card-image img")
        assert abs(thumbnail["width"] / thumbnail["height"] - 2) < 0.02, thumbnail
        expect(card.locator("img")).to_have_attribute("alt", "Chalk cliffs above a wet beach")
        assert reader.horizontal_overflow() == 0
        reader.page.screenshot(path=str(screenshots / f"images-index-{screen}.png"),
                               full_page=True)


def test_a_drafts_image_is_not_found_by_a_reader(ada, open_browser, tmp_path):
    # A picture of its own: the same bytes again would be the image published above.
    photo = tmp_path / "unannounced.png"
    photo.write_bytes(images.png(900, 500))
    ada.visit("/dashboard")
    form = ada.page.locator("form.post-form")
    form.get_by_label("Title").fill("Not yet")
    upload_through_the_picker(ada, photo, "Cliffs, unannounced", as_feature=False)
    url = MEDIA_URL.search(form.get_by_label("Body").input_value()).group(0)
    form.get_by_role("button", name="Save draft").click()
    expect(ada.page.locator(".flash")).to_contain_text("Draft saved")

    assert ada.page.request.get(url).status == 200
    reader = open_browser()
    assert reader.page.request.get(url).status == 404
    reader.visit("/")
    assert url not in reader.page.content()


def test_an_image_dropped_on_the_body_needs_its_alt_text_and_goes_in_at_the_cursor(
        ada, screenshots):
    ada.visit("/dashboard")
    body = ada.page.locator("form.post-form").get_by_label("Body")
    body.fill("Before.\n\nAfter.")
    # The cursor between the two paragraphs.
    body.evaluate("(area) => area.setSelectionRange(9, 9)")
    encoded = base64.b64encode(images.png(800, 400)).decode()
    transfer = ada.page.evaluate_handle(
        """(data) => {
             const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
             const transfer = new DataTransfer();
             transfer.items.add(new File([bytes], "chart.png", {type: "image/png"}));
             return transfer;
           }""", encoded)
    body.dispatch_event("dragover", {"dataTransfer": transfer})
    body.dispatch_event("drop", {"dataTransfer": transfer})

    dialog = ada.page.get_by_role("dialog", name="Describe the image")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("chart.png")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Say what the image shows")
    ada.page.screenshot(path=str(screenshots / "images-alt-required-desktop.png"))
    expect(dialog.get_by_label("What it shows (alt text)")).to_be_focused()

    dialog.get_by_label("What it shows (alt text)").fill("Sales by month")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    assert re.fullmatch(r"Before\.\n\n!\[Sales by month\]\(/media/[0-9a-f]{32}-800\.webp\)\n\n"
                        r"After\.", body.input_value())


def test_a_refused_file_says_why_in_the_dialog(ada, tmp_path):
    fake = tmp_path / "notes.png"
    fake.write_bytes(b"<html><script>alert('x')</script></html>")
    ada.visit("/dashboard")
    with ada.page.expect_file_chooser() as chooser:
        ada.page.get_by_role("button", name="Add image").click()
    chooser.value.set_files(str(fake))
    dialog = ada.page.get_by_role("dialog", name="Describe the image")
    dialog.get_by_label("What it shows (alt text)").fill("Not really an image")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text("not a JPEG, PNG, GIF or WebP image")
    # Chromium logs every 4xx answer to a fetch as a console error: this one was expected.
    ada.problems[:] = [problem for problem in ada.problems
                       if "/dashboard/images: Failed to load resource" not in problem]
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert ada.page.locator("form.post-form").get_by_label("Body").input_value() == ""
