"""Scheduled posts appear on every public surface at their time, by the clock alone: no write
happens then, and the page cache, ETags and 304s of every worker agree with the clock."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import pytest

from blog import clock
from tests.helpers import draft_slug_from
from tests.helpers import stored_post

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def scheduled(app, auth):
    """Alice's post "Morning news", scheduled an hour from now; (its slug, its time)."""
    auth.login("alice")
    at = (clock.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    response = auth.publish("Morning news", "Read *all* about it.")
    slug = response.headers["Location"].lstrip("/")
    response = auth.edit(slug, "Morning news", "Read *all* about it.", "draft")
    response = auth.edit(slug, "Morning news", "Read *all* about it.", "schedule",
                         publish_at=at.isoformat() + "+00:00")
    assert response.status_code == 302, response.text
    return draft_slug_from(response), at


@pytest.fixture
def set_clock(mocker):
    """set_clock(moment): the blog's one clock function answers moment from now on."""
    def set_to(moment: datetime) -> None:
        mocker.patch("blog.clock.now", return_value=moment)
    return set_to


def test_a_scheduled_post_is_stored_published_for_its_time(app, scheduled):
    slug, at = scheduled
    post = stored_post(app, slug)
    assert (post.status, post.published_at) == ("published", at)


def test_before_its_time_it_is_on_no_public_surface(app, scheduled):
    slug, _at = scheduled
    reader = app.test_client()
    assert "Morning news" not in reader.get("/").text
    assert reader.get(f"/{slug}").status_code == 404


def test_at_its_time_it_appears_through_the_page_cache_with_no_write(app, scheduled, set_clock,
                                                                     record_queries):
    slug, at = scheduled
    reader = app.test_client()
    before = reader.get("/")
    assert "Morning news" not in before.text
    assert "Morning news" not in reader.get("/").text  # now answered from the page cache
    set_clock(at + timedelta(seconds=1))
    with record_queries(app) as statements:
        after = reader.get("/", headers={"If-None-Match": before.headers["ETag"]})
        page = reader.get(f"/{slug}")
    assert after.status_code == 200 and "Morning news" in after.text
    assert after.headers["ETag"] != before.headers["ETag"]
    assert page.status_code == 200
    assert not [sql for sql, _ in statements if sql.lstrip().upper().startswith(WRITES)]


def test_a_second_before_its_time_readers_still_get_304s(app, scheduled, set_clock):
    _slug, at = scheduled
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    set_clock(at - timedelta(seconds=1))
    assert reader.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_every_worker_agrees_on_the_etag_once_the_time_has_passed(make_app, app, scheduled,
                                                                  set_clock):
    _slug, at = scheduled
    other_worker = make_app()  # another process's app on the same database
    first, second = app.test_client(), other_worker.test_client()
    assert first.get("/").headers["ETag"] == second.get("/").headers["ETag"]
    set_clock(at + timedelta(milliseconds=500))
    one, two = first.get("/"), second.get("/")
    assert one.headers["ETag"] == two.headers["ETag"]
    assert "Morning news" in one.text and "Morning news" in two.text


def test_the_author_sees_it_marked_scheduled_on_the_dashboard(client, scheduled):
    page = client.get("/dashboard").text
    drafts = page.split('id="your-drafts"')[1].split('id="your-posts"')[0]
    assert "Morning news" in drafts and "Scheduled for" in drafts


def test_a_time_without_an_offset_is_read_in_the_sites_time_zone(make_app, make_auth):
    app = make_app(SITE_TIMEZONE="Europe/Paris")
    alice = make_auth(app)
    alice.login("alice")
    slug = draft_slug_from(alice.save_draft("Summer", "Text."))
    alice.edit(slug, "Summer", "Text.", "schedule", publish_at="2999-07-01T09:30")
    assert stored_post(app, slug).published_at == datetime(2999, 7, 1, 7, 30)


@pytest.mark.parametrize(("value", "message"), [
    ("2001-01-01T09:00", "That time has passed"),
    ("next tuesday", "ISO 8601"),
    ("", "Choose when"),
])
def test_an_unusable_time_is_refused_with_the_text_kept(auth, client, value, message):
    auth.login("alice")
    slug = draft_slug_from(auth.save_draft("Later", "Kept words."))
    response = auth.edit(slug, "Later", "Kept words.", "schedule", publish_at=value)
    assert response.status_code == 400
    assert message in response.text and "Kept words." in response.text


def test_publishing_a_scheduled_post_now_dates_it_now(app, auth, scheduled):
    slug, at = scheduled
    auth.edit(slug, "Morning news", "Read *all* about it.", "publish")
    post = stored_post(app, slug)
    assert post.published_at < at and app.test_client().get(f"/{slug}").status_code == 200


def test_unpublishing_a_scheduled_post_forgets_its_time(app, auth, scheduled):
    slug, _at = scheduled
    auth.edit(slug, "Morning news", "Read *all* about it.", "draft")
    assert stored_post(app, slug).published_at is None


def test_a_site_time_zone_that_does_not_exist_stops_the_app(make_app):
    from blog.settings import ConfigurationError

    with pytest.raises(ConfigurationError, match="SITE_TIMEZONE"):
        make_app(SITE_TIMEZONE="Mars/Olympus")
