"""Logout by POST (OIDC_END_SESSION_METHOD=POST) at a provider that takes the hand-off by POST.

oidc-provider 9 serves end_session by GET only unless told otherwise (enableHttpPostMethods, which
it allows only with SameSite=None session cookies, so that a cross-site POST carries them). This
module runs such a provider, and a blog set to hand over by POST with the ID token hint.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import logged_in
from tests.e2e.servers import provider_and_blog

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def post_logout_servers(tmp_path_factory):
    """A provider taking POST at end_session, and a blog handing over by POST."""
    workdir = tmp_path_factory.mktemp("e2e-post-logout")
    with provider_and_blog(workdir, client_id="blog-e2e-post", http_post_methods=True,
                           blog_settings={"OIDC_END_SESSION_METHOD": "POST"}) as servers:
        yield servers


@pytest.fixture
def author(browser, post_logout_servers):
    """Grace, logged in at the blog of post_logout_servers."""
    with logged_in(browser, post_logout_servers, "grace.hopper") as person:
        yield person


def test_logging_out_by_post_ends_the_session_at_the_provider_too(author, post_logout_servers):
    provider, _blog = post_logout_servers
    end_session = provider.issuer + "/session/end"
    posted = []
    author.page.on("request", lambda request: posted.append(request.post_data or "")
                   if request.method == "POST" and request.url == end_session else None)

    author.log_out()

    assert len(posted) == 1
    assert "id_token_hint=" in posted[0]

    author.page.get_by_role("link", name="Log in").click()
    expect(author.page.get_by_placeholder("Enter any login")).to_be_visible()
    assert author.at_provider(), author.page.url
