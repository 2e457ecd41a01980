"""Every reader-facing surface of the discovery pages (index, author and tag pages and their
feeds, the tag list, the site feed, the sitemap, search) hides a post until its time and shows it
from then on, through the page cache; an unpublished post leaves all of them again.

tests/test_posts_drafts.py proves the same surfaces hide drafts and posts in review.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from blog import clock
from tests.helpers import draft_slug_from

TITLE = "Zeppelin season"
BODY = "The *zeppelin* moors at dawn."
# Where the post shows once public, and what shows it there: its title, or its tag (the tag
# list names the tag, not the post).
SURFACES = [
    ("/", TITLE),
    ("/?page=1", TITLE),
    ("/authors/alice", TITLE),
    ("/authors/alice/feed.atom", TITLE),
    ("/tags", "Airships"),
    ("/tags/news", TITLE),
    ("/tags/news/feed.atom", TITLE),
    ("/feed.atom", TITLE),
    ("/sitemap.xml", "zeppelin-season"),
    ("/search?q=zeppelin", "Zeppelin"),
    ("/api/v1/posts", TITLE),
    ("/api/v1/posts?tag=news", TITLE),
    ("/api/v1/posts?author=alice", TITLE),
    ("/api/v1/tags", "Airships"),
]


@pytest.fixture
def set_clock(mocker):
    """set_clock(moment): the blog's one clock function answers moment from now on."""
    def set_to(moment) -> None:
        mocker.patch("blog.clock.now", return_value=moment)
    return set_to


@pytest.fixture
def alice_has_a_public_post(auth):
    """Alice's published "Open letter", tagged News: her page and the tag's page exist."""
    auth.login("alice")
    assert auth.publish("Open letter", "Words.", tags="News").status_code == 302


@pytest.fixture
def scheduled(auth, alice_has_a_public_post):
    """Alice's "Zeppelin season", tagged "News, Airships", scheduled an hour ahead; its time."""
    at = (clock.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    slug = draft_slug_from(auth.save_draft(TITLE, BODY, tags="News, Airships"))
    response = auth.edit(slug, TITLE, BODY, "schedule", publish_at=at.isoformat() + "+00:00",
                         tags="News, Airships")
    assert response.status_code == 302, response.text
    return at


@pytest.mark.parametrize(("path", "shown_by"), SURFACES)
def test_a_scheduled_post_appears_on_every_surface_at_its_time_through_the_page_cache(
        app, scheduled, set_clock, path, shown_by):
    reader = app.test_client()
    before = reader.get(path)
    assert before.status_code == 200
    assert shown_by not in before.text
    assert shown_by not in reader.get(path).text  # from the page cache now
    set_clock(scheduled + timedelta(seconds=1))
    after = reader.get(path)
    assert after.status_code == 200
    assert shown_by in after.text


@pytest.mark.parametrize(("path", "shown_by"), SURFACES)
def test_an_unpublished_post_leaves_every_surface(app, auth, alice_has_a_public_post, path,
                                                  shown_by):
    reader = app.test_client()
    slug = auth.publish(TITLE, BODY, tags="News, Airships").headers["Location"].lstrip("/")
    assert shown_by in reader.get(path).text
    assert auth.edit(slug, TITLE, BODY, "draft", tags="News, Airships").status_code == 302
    page = reader.get(path)
    assert page.status_code == 200
    assert shown_by not in page.text


@pytest.mark.parametrize("path", ["/tags/airships", "/tags/airships/feed.atom",
                                  "/api/v1/tags/airships", "/api/v1/posts?tag=airships",
                                  "/api/v1/posts/zeppelin-season"])
def test_a_tag_only_a_scheduled_post_has_is_not_found_until_its_time(app, scheduled, set_clock,
                                                                     path):
    reader = app.test_client()
    assert reader.get(path).status_code == 404
    set_clock(scheduled + timedelta(seconds=1))
    assert reader.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/authors/bob", "/authors/bob/feed.atom"])
def test_an_author_whose_only_post_is_a_draft_has_no_page_nor_feed(app, make_author, path):
    bob = make_author("bob")
    assert bob.save_draft("Bob's secret", "Soon.").status_code == 302
    assert app.test_client().get(path).status_code == 404
