"""Feature images: one per post, one of its author's uploads, shown responsively above the post
and on its index card without layout shift, within the pages' query budget and page cache."""

from __future__ import annotations

import re

import pytest

from blog.extensions import db
from blog.models import Image
from blog.models import Post
from tests import images
from tests.helpers import slug_from


@pytest.fixture
def alice(auth):
    """Alice, logged in."""
    auth.login("alice")
    return auth


@pytest.fixture
def photo(alice) -> str:
    """The URL of a 2000 × 1000 photo Alice uploaded."""
    return alice.upload_image(images.jpeg(2000, 1000), alt="Cliffs at low tide").get_json()["url"]


def tag(html: str, name: str, marker: str) -> str:
    """The first <name ...> start tag in html that contains marker."""
    found = re.search(rf"<{name}\b[^>]*{re.escape(marker)}[^>]*>", html)
    assert found, f"no <{name}> with {marker!r}"
    return found.group(0)


def test_the_post_page_shows_the_feature_image_with_its_sizes(app, alice, photo):
    slug = slug_from(alice.publish("Coast", "Words.", feature_image=photo))
    page = app.test_client().get(f"/{slug}").text
    key = photo[7:39]
    figure = page.split('<figure class="feature-image">')[1].split("</figure>")[0]
    source = tag(figure, "source", "image/webp")
    assert f"/media/{key}-400.webp 400w" in source and f"/media/{key}-1600.webp 1600w" in source
    assert 'sizes="' in source
    img = tag(figure, "img", key)
    assert f'src="/media/{key}-1600.jpg"' in img
    assert 'width="1600"' in img and 'height="800"' in img
    assert 'alt="Cliffs at low tide"' in img


def test_the_post_pages_feature_image_loads_at_once(app, alice, photo):
    slug = slug_from(alice.publish("Coast", "Words.", feature_image=photo))
    img = tag(app.test_client().get(f"/{slug}").text, "img", photo[7:39])
    assert 'loading="lazy"' not in img and 'fetchpriority="high"' in img


def test_index_cards_show_feature_images_lazily_below_the_first(app, alice, photo):
    for title in ("Older", "Newer"):
        alice.publish(title, "Words.", feature_image=photo)
    page = app.test_client().get("/").text
    cards = page.split('<li class="post-card')[1:]
    first, second = (tag(card, "img", photo[7:39]) for card in cards)
    assert 'loading="lazy"' not in first and 'loading="lazy"' in second
    assert 'width="1600"' in second and 'height="800"' in second


def test_a_post_without_a_feature_image_shows_none(app, alice):
    slug = slug_from(alice.publish("Plain", "Words."))
    assert "feature-image" not in app.test_client().get(f"/{slug}").text


def test_the_edit_form_shows_the_feature_image_address(alice, photo):
    slug = slug_from(alice.publish("Coast", "Words.", feature_image=photo))
    assert f'value="{photo}"' in alice.client.get(f"/{slug}/edit").text


def test_saving_without_the_field_keeps_the_feature_image(app, alice, photo):
    slug = slug_from(alice.publish("Coast", "Words.", feature_image=photo))
    # A tool that knows nothing of feature images posts the form without the field.
    alice.edit(slug, "Coast", "New words.")
    with app.app_context():
        assert db.session.execute(
            db.select(Post.feature_image_id).filter_by(slug=slug)).scalar_one() is not None


def test_emptying_the_field_removes_the_feature_image(app, alice, photo):
    slug = slug_from(alice.publish("Coast", "Words.", feature_image=photo))
    alice.edit(slug, "Coast", "Words.", feature_image="")
    assert "feature-image" not in app.test_client().get(f"/{slug}").text


@pytest.mark.parametrize("address", ["https://example.org/cat.jpg", "/media/" + "0" * 32 +
                                     "-400.webp", "not an address"])
def test_an_address_that_is_none_of_the_authors_images_is_refused(alice, address):
    response = alice.publish("Coast", "Words.", feature_image=address)
    assert response.status_code == 400
    assert "Use the address of an image you uploaded" in response.text


def test_another_authors_image_cannot_be_a_feature_image(alice, make_author, photo):
    response = make_author("bob").publish("Mine now", "Words.", feature_image=photo)
    assert response.status_code == 400
    assert "Use the address of an image you uploaded" in response.text


def test_any_variants_address_names_the_image(app, alice, photo):
    slug = slug_from(alice.publish("Coast", "Words.",
                                   feature_image=photo.replace("-1600.webp", "-400.webp")))
    assert photo in app.test_client().get(f"/{slug}").text


def test_deleting_the_image_leaves_the_post_without_one(app, alice, photo):
    slug = slug_from(alice.publish("Coast", "Words.", feature_image=photo))
    with app.app_context():
        db.session.execute(db.delete(Image))
        db.session.commit()
        assert db.session.execute(
            db.select(Post.feature_image_id).filter_by(slug=slug)).scalar_one() is None



def illustrated_posts(app, make_auth, count: int) -> list[str]:
    """count published posts by one author, each with a feature image; their slugs."""
    author = make_auth(app)
    author.login("alice")
    slugs = []
    for number in range(count):
        url = author.upload_image(images.png(64 + number, 32)).get_json()["url"]
        slugs.append(slug_from(author.publish(f"Post {number}", "Words.", feature_image=url)))
    return slugs


def test_an_index_of_illustrated_posts_costs_two_statements(uncached_app, make_auth,
                                                            record_queries):
    illustrated_posts(uncached_app, make_auth, 4)
    reader = uncached_app.test_client()
    with record_queries(uncached_app) as statements:
        page = reader.get("/")
    assert page.text.count("<picture") == 4
    assert len(statements) == 2  # the content version, then the page with authors and images


def test_an_illustrated_post_page_costs_two_statements(uncached_app, make_auth, record_queries):
    slug = illustrated_posts(uncached_app, make_auth, 1)[0]
    reader = uncached_app.test_client()
    with record_queries(uncached_app) as statements:
        assert "<picture" in reader.get(f"/{slug}").text
    assert len(statements) == 2


@pytest.mark.parametrize("path", ["/", "/{slug}"])
def test_illustrated_pages_are_kept_by_the_page_cache(app, make_auth, record_queries, path):
    slug = illustrated_posts(app, make_auth, 2)[0]
    reader = app.test_client()
    reader.get(path.format(slug=slug))
    with record_queries(app) as statements:
        assert "<picture" in reader.get(path.format(slug=slug)).text
    assert len(statements) == 1
