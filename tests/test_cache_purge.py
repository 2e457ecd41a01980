"""Purging shared caches: every public change sends exactly the keys of what it altered to each
cache in CACHE_PURGE_URLS, after the commit, in the background, again when a cache was down; and
a scheduled post's time arriving purges too. A real HTTP endpoint stands in for the cache here;
tests/varnish/ proves the same against Varnish itself."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from blog import clock
from blog.extensions import db
from blog.models import Post
from blog.models import Tag
from tests.helpers import ROLE_GROUPS
from tests.html_forms import csrf_token_in
from tests.page_helpers import edit_page
from tests.page_helpers import stored_page
from tests.page_helpers import write_page
from tests.purge_receiver import PurgeReceiver
from tests.test_site_settings import save as save_settings

LISTS = {"posts", "search", "sitemap", "tags", "authors"}


@pytest.fixture
def receiver():
    """A purge endpoint over real HTTP, recording what it gets."""
    endpoint = PurgeReceiver()
    yield endpoint
    endpoint.close()


@pytest.fixture
def app(make_app, receiver):
    """The blog, purging the receiver."""
    return make_app(CACHE_PURGE_URLS=receiver.url)


@pytest.fixture
def editorial_app(make_app, receiver):
    """The blog with roles, purging the receiver."""
    return make_app(ROLE_GROUPS=ROLE_GROUPS, CACHE_PURGE_URLS=receiver.url)


def settled(app) -> None:
    """Wait until the app's purger has sent everything due."""
    assert app.extensions["blog_caching"].purger.drain(10)


@pytest.fixture
def auth(auth, app, receiver):
    """Alice's browser, logged in; the purge of everything that the process's first request
    sends already received and forgotten."""
    auth.login("alice")
    settled(app)
    assert {purge.keys for purge in receiver.received} == {frozenset(["site"])}
    receiver.received.clear()
    return auth


def ids_of(app, slug: str) -> tuple[int, int, list[int]]:
    """The post's id, its author's id and its tags' ids."""
    with app.app_context():
        post = db.session.execute(db.select(Post).where(Post.slug == slug)).scalar_one()
        return post.id, post.author_id, [tag.id for tag in post.tags]


def published(auth, title="Night trains", tags="Trains, Rails") -> str:
    response = auth.publish(title, "All *aboard*.", tags=tags)
    assert response.status_code == 302
    return response.headers["Location"].lstrip("/")


def test_a_publish_purges_the_post_its_lists_its_author_and_its_tags(app, auth, receiver):
    slug = published(auth)
    post_id, author_id, tag_ids = ids_of(app, slug)
    settled(app)
    assert receiver.all_keys() >= {f"post:{post_id}", f"author:{author_id}", *LISTS,
                                   *(f"tag:{tag_id}" for tag_id in tag_ids)}
    assert receiver.received[0].path == "/purge"


def test_an_edit_purges_the_post_and_not_the_lists(app, auth, receiver):
    slug = published(auth)
    settled(app)
    receiver.received.clear()
    assert auth.edit(slug, "Night trains", "All *aboard*, now.", tags="Trains, Rails"
                     ).status_code == 302
    settled(app)
    post_id, _author, _tags = ids_of(app, slug)
    assert receiver.all_keys() == {f"post:{post_id}", "search", "sitemap"}


def test_retagging_purges_the_old_and_the_new_tag(app, auth, receiver):
    slug = published(auth, tags="Trains")
    old = ids_of(app, slug)[2]
    settled(app)
    receiver.received.clear()
    auth.edit(slug, "Night trains", "All *aboard*.", tags="Boats")
    settled(app)
    new = ids_of(app, slug)[2]
    assert {f"tag:{old[0]}", f"tag:{new[0]}", "tags"} <= receiver.all_keys()


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_taking_a_post_away_purges_every_list_it_was_on(app, auth, receiver, action):
    slug = published(auth)
    post_id, author_id, tag_ids = ids_of(app, slug)
    settled(app)
    receiver.received.clear()
    if action == "unpublish":
        response = auth.edit(slug, "Night trains", "All *aboard*.", "draft")
    else:
        token = csrf_token_in(auth.client.get(f"/{slug}/delete").text)
        response = auth.client.post(f"/{slug}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    settled(app)
    assert receiver.all_keys() >= {f"post:{post_id}", f"author:{author_id}", *LISTS,
                                   *(f"tag:{tag_id}" for tag_id in tag_ids)}


def test_a_draft_purges_nothing(app, auth, receiver):
    assert auth.save_draft("Not yet", "Words.").status_code == 302
    settled(app)
    assert receiver.received == []


def test_a_new_bio_purges_the_authors_pages(app, auth, receiver):
    slug = published(auth)
    author_id = ids_of(app, slug)[1]
    settled(app)
    receiver.received.clear()
    token = csrf_token_in(auth.client.get("/dashboard/profile").text)
    auth.client.post("/dashboard/profile", data={"csrf_token": token, "bio": "Rides trains."})
    settled(app)
    assert receiver.all_keys() == {f"author:{author_id}", "authors", "search"}


def test_a_new_process_purges_everything_once(app, receiver):
    reader = app.test_client()
    reader.get("/")
    reader.get("/")
    settled(app)
    assert [purge.keys for purge in receiver.received] == [frozenset(["site"])]


def test_the_site_settings_purge_everything(editorial_app, make_member, receiver):
    admin = make_member("ada", "admin")
    settled(editorial_app)
    receiver.received.clear()
    assert save_settings(admin, title="Renamed").status_code == 302
    settled(editorial_app)
    assert "site" in receiver.all_keys()


def test_a_page_published_purges_itself_and_the_page_lists(editorial_app, make_member,
                                                            receiver):
    editor = make_member("carol", "editor")
    settled(editorial_app)
    receiver.received.clear()
    write_page(editor, "About", "First.", action="draft")
    settled(editorial_app)
    assert receiver.received == []
    page_id = stored_page(editorial_app, "about").id
    edit_page(editor, page_id, "About", "First.", action="publish")
    settled(editorial_app)
    assert receiver.all_keys() >= {f"page:{page_id}", "pages", "sitemap"}


def test_every_configured_cache_is_purged(make_app, receiver, make_auth):
    second = PurgeReceiver()
    try:
        app = make_app(CACHE_PURGE_URLS=f"{receiver.url} {second.url}")
        author = make_auth(app)
        author.login("alice")
        published(author)
        settled(app)
        assert receiver.all_keys() == second.all_keys()
        assert "posts" in receiver.all_keys()
    finally:
        second.close()


def test_a_cache_that_was_down_is_purged_again(app, auth, receiver):
    receiver.failures_left = 2
    published(auth)
    purge = receiver.wait_for_key("posts", timeout=10)
    assert [got.answered for got in receiver.received] == [503, 503, 200]
    assert purge.keys == receiver.received[0].keys


def test_the_authors_request_does_not_wait_for_the_cache(app, auth, receiver):
    receiver.released.clear()  # the cache holds every answer until told
    slug = published(auth)  # answered while the purge is still unanswered
    assert receiver.received == []
    receiver.released.set()
    assert receiver.wait_for_key(f"post:{ids_of(app, slug)[0]}")


def test_a_scheduled_posts_time_arriving_purges_its_lists(app, auth, receiver):
    slug = published(auth, title="Morning news", tags="News")
    auth.edit(slug, "Morning news", "All *aboard*.", "draft", tags="News")
    at = clock.now() + timedelta(seconds=2)
    response = auth.edit(slug, "Morning news", "All *aboard*.", "schedule", tags="News",
                         publish_at=at.isoformat(timespec="seconds") + "+00:00")
    assert response.status_code == 302
    settled(app)
    receiver.received.clear()
    with app.app_context():
        tag_id = db.session.execute(db.select(Tag.id)).scalar_one()
        scheduled_at = db.session.execute(
            db.select(Post.published_at).where(Post.slug == slug)).scalar_one()
    purge = receiver.wait_for_key(f"tag:{tag_id}", timeout=10)
    assert clock.now() >= scheduled_at
    assert {"posts", f"post:{ids_of(app, slug)[0]}"} <= purge.keys


def test_the_operator_purges_keys_from_the_command_line(app, receiver):
    result = app.test_cli_runner().invoke(args=["purge-cache", "post:7", "tag:2"])
    assert result.exit_code == 0, result.output
    assert f"{receiver.url}: purged" in result.output
    assert receiver.received[-1].keys == {"post:7", "tag:2"}


def test_the_command_purges_everything_by_default_and_says_when_a_cache_refuses(app, receiver):
    receiver.failures_left = 1
    result = app.test_cli_runner().invoke(args=["purge-cache"])
    assert result.exit_code == 1
    assert f"{receiver.url}: FAILED" in result.output
    assert receiver.received[-1].keys == {"site"}


def test_the_command_needs_a_cache_to_purge(make_app):
    result = make_app().test_cli_runner().invoke(args=["purge-cache"])
    assert result.exit_code == 1
    assert "CACHE_PURGE_URLS is empty" in result.output


def test_a_secret_in_the_purge_address_is_sent_as_basic_auth_and_never_logged(make_app, receiver,
                                                                               caplog):
    receiver.failures_left = 1  # so that the failure is logged, with the address
    app = make_app(CACHE_PURGE_URLS=receiver.url.replace("http://", "http://purge:s3cret@"))
    app.test_client().get("/")
    receiver.wait_for_key("site")
    assert {purge.authorization for purge in receiver.received} == {
        "Basic " + base64.b64encode(b"purge:s3cret").decode()}
    assert "answered 503" in caplog.text and "s3cret" not in caplog.text
