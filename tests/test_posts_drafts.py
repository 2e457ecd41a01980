"""Drafts: seen by their author alone, on no public surface, until published; unpublishing makes
a post a draft again."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import Post
from tests.helpers import draft_slug_from
from tests.helpers import slug_from
from tests.images import png


@pytest.fixture
def draft(auth):
    """Alice's draft "Secret plans", tagged "News, Secret", beside her published "Open letter"
    tagged "News" (so that her author page and the tag page exist); the draft's slug."""
    auth.login("alice")
    assert auth.publish("Open letter", "Words.", tags="News").status_code == 302
    response = auth.save_draft("Secret plans", "The *launch* is on Friday.", tags="News, Secret")
    assert response.status_code == 302
    return draft_slug_from(response)


def stored(app, slug: str) -> Post:
    with app.app_context():
        return db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()


def test_saving_a_draft_goes_back_to_its_editor_with_a_message(auth, client, draft):
    page = client.get(f"/{draft}/edit")
    assert "Draft saved" in page.text
    assert "The *launch* is on Friday." in page.text


def test_a_draft_is_stored_as_a_draft_with_no_publication_time(app, draft):
    post = stored(app, draft)
    assert (post.status, post.published_at) == ("draft", None)


# Every public surface that lists or shows posts. Later issues add theirs here (feeds, tags,
# author pages, search, sitemap, API). Posts in review and scheduled posts whose time has not
# come are on none of them either (below).
# Search surfaces name words the drafts below hold (tests/test_search.py checks they find them
# once published).
PUBLIC_SURFACES = ["/", "/?page=1", "/authors/alice", "/authors/alice/feed.atom", "/tags",
                   "/tags/news", "/tags/news/feed.atom", "/feed.atom", "/sitemap.xml",
                   "/sitemap-pages.xml", "/search?q=secret", "/search?q=friday",
                   "/api/v1/posts", "/api/v1/posts?tag=news", "/api/v1/posts?author=alice",
                   "/api/v1/tags", "/api/v1/tags/news", "/api/v1/authors",
                   "/api/v1/authors/alice"]


@pytest.mark.parametrize("path", PUBLIC_SURFACES)
def test_a_draft_is_on_no_public_surface(app, draft, path):
    reader = app.test_client()
    page = reader.get(path)
    assert page.status_code == 200
    assert "Secret plans" not in page.text and draft not in page.text


@pytest.fixture
def illustrated_draft(auth):
    """Alice's draft "Secret plans" with an image in its body and another as its feature image;
    the URLs of both. (Beside her published "Open letter", tagged "News" as the draft is.)"""
    auth.login("alice")
    assert auth.publish("Open letter", "Words.", tags="News").status_code == 302
    body_image = auth.upload_image(png(200, 100), alt="The rocket").get_json()["url"]
    feature = auth.upload_image(png(300, 100), alt="The pad").get_json()["url"]
    response = auth.save_draft("Secret plans", f"![The rocket]({body_image})",
                               feature_image=feature, tags="News")
    assert response.status_code == 302
    return body_image, feature


@pytest.mark.parametrize("path", PUBLIC_SURFACES)
def test_a_drafts_images_are_on_no_public_surface(app, illustrated_draft, path):
    response = app.test_client().get(path)
    assert response.status_code == 200
    page = response.text
    for url in illustrated_draft:
        assert url.removeprefix("/media/").split("-")[0] not in page


def test_a_readers_request_for_a_drafts_images_is_not_found(app, illustrated_draft):
    reader = app.test_client()
    for url in illustrated_draft:
        key = url.removeprefix("/media/").split("-")[0]
        assert reader.get(url).status_code == 404
        assert reader.get(f"/media/{key}-200.png").status_code == 404


def test_a_readers_request_for_a_draft_is_not_found(app, draft):
    assert app.test_client().get(f"/{draft}").status_code == 404


def test_another_author_gets_not_found_for_a_draft(make_author, draft):
    bob = make_author("bob")
    assert bob.client.get(f"/{draft}").status_code == 404


@pytest.mark.parametrize("path", ["/{slug}/edit", "/{slug}/delete"])
def test_another_author_cannot_edit_or_delete_a_draft_nor_learn_it_exists(make_author, draft,
                                                                          path):
    bob = make_author("bob")
    assert bob.client.get(path.format(slug=draft)).status_code == 404


def test_the_author_sees_their_draft_at_its_address_marked_as_a_draft(client, draft):
    page = client.get(f"/{draft}")
    assert page.status_code == 200
    assert "Draft: only you can see this page" in page.text
    assert "<em>launch</em>" in page.text
    assert page.headers["Cache-Control"] == "private, no-store"


def test_a_draft_page_is_never_indexed_by_search_engines(client, draft):
    assert '<meta name="robots" content="noindex">' in client.get(f"/{draft}").text


def test_the_dashboard_shows_drafts_and_published_posts_apart(auth, client, draft):
    auth.publish("Public notes", "Shared with *everyone*.")
    page = client.get("/dashboard").text
    drafts, published = page.split('id="your-drafts"')[1].split('id="your-posts"')
    assert "Secret plans" in drafts and "Public notes" not in drafts
    assert "Public notes" in published and "Secret plans" not in published


def test_publishing_a_draft_puts_it_on_the_index(app, auth, draft):
    response = auth.edit(draft, "Secret plans", "The *launch* is on Friday.", "publish")
    assert response.headers["Location"] == f"/{draft}"
    reader = app.test_client()
    assert reader.get(f"/{draft}").status_code == 200
    assert "Secret plans" in reader.get("/").text


def test_a_published_draft_is_dated_when_it_was_published(app, auth, draft):
    auth.edit(draft, "Secret plans", "Text.", "publish")
    post = stored(app, draft)
    assert post.published_at is not None and post.published_at >= post.created_at


def test_unpublishing_returns_a_post_to_draft_and_hides_it(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("Out soon", "Text."))
    response = auth.edit(slug, "Out soon", "Text.", "draft")
    assert response.headers["Location"] == f"/{slug}/edit"
    assert stored(app, slug).status == "draft"
    reader = app.test_client()
    assert reader.get(f"/{slug}").status_code == 404
    assert "Out soon" not in reader.get("/").text


def test_publishing_again_keeps_the_first_publication_time(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("Back again", "Text."))
    first = stored(app, slug).published_at
    auth.edit(slug, "Back again", "Text.", "draft")
    auth.edit(slug, "Back again", "Text.", "publish")
    assert stored(app, slug).published_at == first


def test_a_draft_may_wait_for_its_title(app, auth):
    auth.login("alice")
    response = auth.save_draft("", "Just an idea.")
    post = stored(app, draft_slug_from(response))
    assert (post.title, post.status) == ("", "draft")


def test_a_draft_with_neither_title_nor_body_is_refused(auth):
    auth.login("alice")
    response = auth.save_draft("", "")
    assert response.status_code == 400
    assert "Write a title or some text" in response.text


def test_publishing_needs_a_title(auth, draft):
    response = auth.edit(draft, "", "Some text.", "publish")
    assert response.status_code == 400
    assert "Give the post a title." in response.text


def test_a_draft_of_the_new_post_form_is_not_published_by_saving(app, auth):
    auth.login("alice")
    auth.save_draft("Quiet", "Text.")
    with app.app_context():
        assert db.session.execute(db.select(Post.status)).scalars().all() == ["draft"]


def test_saving_a_draft_leaves_public_pages_valid(app, auth, client):
    auth.login("alice")
    auth.publish("Public", "Text.")
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    auth.save_draft("Private", "Text.")
    assert reader.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_unpublishing_makes_public_pages_change(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("Public", "Text."))
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    auth.edit(slug, "Public", "Text.", "draft")
    assert reader.get("/", headers={"If-None-Match": etag}).status_code == 200


def test_an_unknown_button_is_a_bad_request(auth):
    auth.login("alice")
    response = auth.client.post("/dashboard", data={
        "csrf_token": auth.csrf_token("/dashboard"), "title": "T", "body": "B",
        "action": "launch"})
    assert response.status_code == 400


@pytest.fixture
def not_yet_public(auth):
    """Alice's "Secret plans" in review and "Secret launch" scheduled far ahead, both tagged
    "News, Secret", beside her published "Open letter" tagged "News"; their slugs."""
    auth.login("alice")
    assert auth.publish("Open letter", "Words.", tags="News").status_code == 302
    review = draft_slug_from(auth.save_draft("Secret plans", "Friday.", tags="News, Secret"))
    auth.edit(review, "Secret plans", "Friday.", "submit", tags="News, Secret")
    scheduled = draft_slug_from(auth.save_draft("Secret launch", "Monday.", tags="News, Secret"))
    auth.edit(scheduled, "Secret launch", "Monday.", "schedule", publish_at="2999-01-01T09:00",
              tags="News, Secret")
    return [review, scheduled]


@pytest.mark.parametrize("path", PUBLIC_SURFACES)
def test_posts_in_review_or_scheduled_are_on_no_public_surface(app, not_yet_public, path):
    page = app.test_client().get(path)
    assert page.status_code == 200
    assert "Secret" not in page.text
    assert not any(slug in page.text for slug in not_yet_public)


def test_tags_only_posts_not_yet_public_have_are_neither_listed_nor_found(app, draft):
    reader = app.test_client()
    listing = reader.get("/tags").text
    assert "/tags/news" in listing and "/tags/secret" not in listing
    assert reader.get("/tags/secret").status_code == 404


def test_tags_of_posts_in_review_or_scheduled_are_neither_listed_nor_counted(app,
                                                                             not_yet_public):
    reader = app.test_client()
    listing = reader.get("/tags").text
    assert "/tags/secret" not in listing
    assert reader.get("/tags/secret").status_code == 404
    assert "1 post" in reader.get("/tags/news").text
    assert "1 post" in reader.get("/authors/alice").text


def test_posts_in_review_or_scheduled_are_not_found_by_readers(app, not_yet_public):
    reader = app.test_client()
    assert [reader.get(f"/{slug}").status_code for slug in not_yet_public] == [404, 404]


def test_the_api_finds_no_draft_nor_post_in_review_or_scheduled_even_for_its_author(
        client, draft, not_yet_public):
    # client is alice's own browser, logged in: the API reads no cookie, so she is a reader.
    for slug in [draft, *not_yet_public]:
        answer = client.get(f"/api/v1/posts/{slug}")
        assert answer.status_code == 404, slug
        assert "Secret" not in answer.text
