"""How long a login lasts when the provider's access tokens are short-lived.

oidc-provider issues access tokens for an hour and, as OpenID Connect Core section 11 asks, a
refresh token only for the offline_access scope, which the blog does not request. This module runs
its own provider whose access tokens live a few seconds, so that an hour passes quickly: the blog
must keep the session (an expired token is not a revoked one) and the post being sent.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import logged_in
from tests.e2e.servers import provider_and_blog

pytestmark = pytest.mark.e2e

ACCESS_TOKEN_TTL = 2


@pytest.fixture(scope="module")
def short_lived_servers(tmp_path_factory):
    """A provider whose access tokens live seconds; a blog refreshing profiles every second."""
    workdir = tmp_path_factory.mktemp("e2e-short-tokens")
    with provider_and_blog(workdir, client_id="blog-e2e-short", access_token_ttl=ACCESS_TOKEN_TTL,
                           blog_settings={"PROFILE_MAX_AGE": "1"}) as servers:
        yield servers


@pytest.fixture
def author(browser, short_lived_servers):
    """Ada, logged in at the blog of short_lived_servers."""
    with logged_in(browser, short_lived_servers, "ada.lovelace") as person:
        yield person


def test_a_post_written_for_longer_than_an_access_token_lives_is_still_published(author):
    author.visit("/dashboard")
    form = author.page.locator("form.post-form")
    form.get_by_label("Title").fill("Written slowly")
    form.get_by_label("Body").fill("<p>An hour of careful work.</p>")
    time.sleep(ACCESS_TOKEN_TTL + 1)

    form.get_by_role("button", name="Publish").click()

    expect(author.page.locator(".flash")).to_have_text("Published “Written slowly”.",
                                                       timeout=3_000)
