"""Images on the site's pages in the browser: an admin adds one to a page through the page form's
"Add image" dialog; readers cannot fetch it while the page is a draft and see it loaded once the
page is published. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import images
from tests.e2e.browsing import check_picture
from tests.e2e.browsing import upload_through_the_picker

pytestmark = pytest.mark.e2e

ADMIN = "ida.admin"
MEDIA_URL = re.compile(r"/media/[0-9a-f]{32}-[0-9]+\.webp")


@pytest.fixture
def admin(open_browser):
    """Ida, an admin (the provider puts logins ending in .admin in the admins' group)."""
    person = open_browser()
    person.log_in(ADMIN)
    return person


@pytest.fixture
def office_photo(tmp_path):
    """A 1600 × 900 PNG on disk, for the file picker (bytes no other e2e test uploads)."""
    path = tmp_path / "office.png"
    path.write_bytes(images.png(1600, 900))
    return path


def test_an_admin_adds_an_image_to_a_page_and_a_reader_sees_it_once_published(
        admin, open_browser, office_photo, screenshots):
    admin.visit("/dashboard/pages/new")
    form = admin.page.locator("form.page-form")
    form.get_by_label("Title").fill("Visiting the harbour office")
    form.get_by_label("Format").select_option("markdown")
    body = form.get_by_label("Body")
    body.fill("The office is by the lighthouse.")
    body.press("End")
    upload_through_the_picker(admin, office_photo, "A white office beside a lighthouse")
    url = MEDIA_URL.search(body.input_value()).group(0)
    admin.page.screenshot(path=str(screenshots / "page-images-editor-desktop.png"),
                          full_page=True)
    form.get_by_role("button", name="Save draft").click()
    expect(admin.page.locator(".flash")).to_contain_text("Draft saved")

    reader = open_browser()
    assert reader.page.request.get(url).status == 404

    admin.page.locator("form.page-form").get_by_role("button", name="Publish").click()
    expect(admin.page.locator(".flash")).to_contain_text("Published")
    reader.visit("/visiting-the-harbour-office")
    picture = reader.page.locator(".post-body img")
    expect(picture).to_have_attribute("alt", "A white office beside a lighthouse")
    assert check_picture(reader, ".post-body img")["natural"] > 0
    reader.page.screenshot(path=str(screenshots / "page-images-reader-desktop.png"),
                           full_page=True)
