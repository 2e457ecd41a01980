"""Serving images: private to their author until a published post uses them, then public at a URL
cached for a year, typed, never sniffed, for the cost of one statement and no session."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import Post
from tests import images
from tests.helpers import draft_slug_from
from tests.helpers import slug_from

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def alice(auth):
    """Alice, logged in."""
    auth.login("alice")
    return auth


@pytest.fixture
def image_url(alice) -> str:
    """The URL of an image Alice uploaded (used by no post yet)."""
    return alice.upload_image(images.jpeg(900, 600), alt="Boats").get_json()["url"]


@pytest.fixture
def reader(app):
    """A browser that is not logged in."""
    return app.test_client()


def test_an_image_no_post_uses_is_not_found_by_readers(reader, image_url):
    assert reader.get(image_url).status_code == 404


def test_an_image_in_a_draft_is_not_found_by_readers(alice, reader, image_url):
    alice.save_draft("Plans", f"![Boats]({image_url})")
    assert reader.get(image_url).status_code == 404


def test_an_image_in_a_draft_is_not_found_by_other_authors(alice, make_author, image_url):
    alice.save_draft("Plans", f"![Boats]({image_url})")
    assert make_author("bob").client.get(image_url).status_code == 404


def test_its_author_sees_their_unpublished_image_privately(alice, image_url):
    response = alice.client.get(image_url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_publishing_a_post_that_shows_it_makes_the_image_public(alice, reader, image_url):
    alice.publish("Harbour", f"![Boats]({image_url})")
    response = reader.get(image_url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers


def test_a_feature_image_of_a_published_post_is_public(alice, reader, image_url):
    alice.publish("Harbour", "Words.", feature_image=image_url)
    assert reader.get(image_url).status_code == 200


def test_every_variant_of_a_public_image_is_public(alice, reader, image_url):
    alice.publish("Harbour", f"![Boats]({image_url})")
    key = image_url.removeprefix("/media/").split("-")[0]
    for name, content_type in ((f"{key}-400.webp", "image/webp"),
                               (f"{key}-800.webp", "image/webp"),
                               (f"{key}-900.jpg", "image/jpeg")):
        response = reader.get(f"/media/{name}")
        assert (response.status_code, response.headers["Content-Type"]) == (200, content_type)


def test_unpublishing_the_post_makes_the_image_private_again(alice, reader, image_url):
    slug = slug_from(alice.publish("Harbour", f"![Boats]({image_url})"))
    alice.edit(slug, "Harbour", f"![Boats]({image_url})", "draft")
    assert reader.get(image_url).status_code == 404


def test_removing_it_from_the_post_makes_the_image_private_again(alice, reader, image_url):
    slug = slug_from(alice.publish("Harbour", f"![Boats]({image_url})"))
    alice.edit(slug, "Harbour", "No picture now.")
    assert reader.get(image_url).status_code == 404


def test_deleting_the_post_makes_the_image_private_again(alice, reader, image_url):
    slug = slug_from(alice.publish("Harbour", f"![Boats]({image_url})"))
    alice.client.post(f"/{slug}/delete", data={"csrf_token": alice.csrf_token(f"/{slug}")})
    assert reader.get(image_url).status_code == 404


def test_another_authors_post_cannot_publish_somebody_elses_image(alice, make_author, reader,
                                                                  image_url):
    make_author("bob").publish("Borrowed", f"![Boats]({image_url})")
    assert reader.get(image_url).status_code == 404


def test_a_public_image_costs_one_statement_and_no_session(app, alice, reader, image_url,
                                                           record_queries):
    alice.publish("Harbour", f"![Boats]({image_url})")
    with record_queries(app) as statements:
        response = reader.get(image_url)
    assert response.status_code == 200
    assert len(statements) == 1
    assert "Vary" not in response.headers and "Set-Cookie" not in response.headers


def test_an_author_gets_a_public_image_as_everybody_does(alice, image_url):
    alice.publish("Harbour", f"![Boats]({image_url})")
    response = alice.client.get(image_url)
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert "Set-Cookie" not in response.headers


def test_head_of_a_public_image_sends_its_headers_only(alice, reader, image_url):
    alice.publish("Harbour", f"![Boats]({image_url})")
    full = reader.get(image_url)
    head = reader.head(image_url)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == full.headers["Content-Length"]


def test_an_image_opened_on_its_own_may_run_nothing(alice, reader, image_url):
    alice.publish("Harbour", f"![Boats]({image_url})")
    assert reader.get(image_url).headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("name", [
    "{key}-401.webp", "{key}-900.png", "{key}-900.svg", "{KEY}-900.webp", "{key}-0900.webp",
    "{key}.webp", "{key}-900.webp%00", "..%2f{key}-900.webp", "0" * 32 + "-900.webp"])
def test_names_of_no_stored_file_are_not_found(alice, reader, image_url, name):
    alice.publish("Harbour", f"![Boats]({image_url})")
    key = image_url.removeprefix("/media/").split("-")[0]
    assert reader.get("/media/" + name.format(key=key, KEY=key.upper())).status_code == 404


def test_media_is_one_of_the_blogs_own_addresses(alice):
    response = alice.publish("Media", "Text.", slug="media")
    assert response.status_code == 400
    assert "one of the blog’s own addresses" in response.text


def test_a_published_post_that_shows_an_image_is_still_public_after_a_draft_stops(
        app, alice, reader, image_url):
    # Two posts use it; one goes back to draft, the other keeps it public.
    alice.publish("One", f"![Boats]({image_url})")
    second = slug_from(alice.publish("Two", f"![Boats]({image_url})"))
    alice.edit(second, "Two", f"![Boats]({image_url})", "draft")
    assert reader.get(image_url).status_code == 200


def test_an_autosaved_draft_records_the_images_it_shows(app, alice, image_url):
    slug = draft_slug_from(alice.save_draft("Plans", "Nothing yet."))
    token = alice.csrf_token(f"/{slug}/edit")
    alice.client.post(f"/{slug}/autosave", headers={"X-CSRFToken": token},
                      data={"title": "Plans", "body": f"![Boats]({image_url})",
                            "format": "markdown"})
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        assert [image.key for image in post.images] == [image_url[7:39]]
