"""The editorial workflow in the browser, against oidc-provider sending groups: a contributor
submits a post for review, an editor publishes it from the review queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_contributor_submits_and_an_editor_publishes(open_browser):
    dora = open_browser()
    dora.log_in("dora.contributor")
    form = dora.page.locator("form.post-form")
    expect(form.get_by_role("button", name="Publish")).to_have_count(0)
    form.get_by_label("Title").fill("Notes from the field")
    form.get_by_label("Body").fill("The *river* rose overnight.")
    form.get_by_label("Note for the editors").fill("First piece: be kind.")
    form.get_by_role("button", name="Submit for review").click()
    expect(dora.page.locator(".flash")).to_contain_text("Submitted for review")

    carol = open_browser()
    carol.log_in("carol.editor")
    carol.visit("/review")
    queue = carol.page.locator(".review-queue")
    expect(queue).to_contain_text("First piece: be kind.")
    queue.get_by_role("link", name="Notes from the field").click()
    carol.page.locator("form.post-form").get_by_role("button", name="Publish").click()
    expect(carol.page.locator(".flash")).to_contain_text("Published")

    reader = open_browser()
    reader.visit("/")
    expect(reader.page.get_by_role("link", name="Notes from the field")).to_be_visible()
