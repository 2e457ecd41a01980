"""Images on the site's pages: public while a published page shows them (and only the images
that count: the saving editor's own, or those the page already showed), private again once
the page is a draft or gone, kept by the purge while a page uses them, added from the page
form's "Add image" button, and served for one statement as a post's are."""

from __future__ import annotations

from datetime import timedelta

import pytest

from blog.extensions import db
from blog.media.storage import purge_unused_images
from blog.models import Image
from blog.models import utcnow
from blog.pages.model import Page
from tests import images
from tests.page_helpers import NEW_PAGE
from tests.page_helpers import edit_page
from tests.page_helpers import stored_page
from tests.page_helpers import write_page


@pytest.fixture
def carol(make_member):
    """Carol, an editor, logged in."""
    return make_member("carol", "editor")


@pytest.fixture
def image_url(carol) -> str:
    """The URL of an image Carol uploaded (nothing uses it yet)."""
    return carol.upload_image(images.jpeg(900, 600), alt="The harbour").get_json()["url"]


@pytest.fixture
def reader(editorial_app):
    """A browser that is not logged in."""
    return editorial_app.test_client()


def picture(url: str) -> str:
    return f"Where we are:\n\n![The harbour]({url})"


def page_id(app, slug: str = "about") -> int:
    return stored_page(app, slug).id


def test_an_image_in_a_published_page_is_served_to_readers(carol, reader, image_url):
    write_page(carol, "About", picture(image_url))
    response = reader.get(image_url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_image_in_a_draft_page_is_not_found_by_readers(carol, reader, image_url):
    write_page(carol, "About", picture(image_url), action="draft")
    assert reader.get(image_url).status_code == 404


@pytest.mark.parametrize("ending", ["unpublish", "delete", "remove from the body"])
def test_a_page_that_stops_showing_the_image_makes_it_not_found_again(
        editorial_app, carol, reader, image_url, ending):
    write_page(carol, "About", picture(image_url))
    end_page(editorial_app, carol, ending, image_url)
    assert reader.get(image_url).status_code == 404


@pytest.mark.parametrize("ending", ["unpublish", "delete", "remove from the body"])
def test_a_public_post_keeps_the_image_public_when_the_page_stops_showing_it(
        editorial_app, carol, reader, image_url, ending):
    carol.publish("Harbour news", picture(image_url))
    write_page(carol, "About", picture(image_url))
    end_page(editorial_app, carol, ending, image_url)
    assert reader.get(image_url).status_code == 200


def end_page(app, editor, ending: str, image_url: str) -> None:
    """Unpublish or delete the About page, or take the image out of its body."""
    number = page_id(app)
    if ending == "delete":
        path = f"/dashboard/pages/{number}/delete"
        response = editor.client.post(path, data={"csrf_token": editor.csrf_token(path)})
    elif ending == "unpublish":
        response = edit_page(editor, number, "About", picture(image_url), action="draft")
    else:
        response = edit_page(editor, number, "About", "No picture now.")
    assert response.status_code == 302


@pytest.mark.parametrize("action", ["publish", "draft"])
def test_another_editors_draft_image_pasted_into_a_page_stays_not_found(
        editorial_app, make_member, reader, carol, image_url, action):
    dave = make_member("dave", "editor")
    write_page(dave, "About", picture(image_url), action=action)
    if action == "draft":
        edit_page(dave, page_id(editorial_app), "About", picture(image_url))
    assert reader.get(image_url).status_code == 404
    assert stored_images(editorial_app) == []


def test_a_second_editors_change_keeps_the_first_editors_image_public(
        editorial_app, make_member, reader, carol, image_url):
    write_page(carol, "About", picture(image_url))
    dave = make_member("dave", "editor")
    edit_page(dave, page_id(editorial_app), "About", picture(image_url) + "\n\nMore words.")
    assert reader.get(image_url).status_code == 200


def test_an_image_taken_out_of_a_page_does_not_come_back_with_another_editors_paste(
        editorial_app, make_member, reader, carol, image_url):
    # Once out of the page, it is Carol's draft image again: Dave pasting it back cannot publish
    # it, as he could not have the first time.
    write_page(carol, "About", picture(image_url))
    dave = make_member("dave", "editor")
    edit_page(dave, page_id(editorial_app), "About", "No picture now.")
    edit_page(dave, page_id(editorial_app), "About", picture(image_url))
    assert reader.get(image_url).status_code == 404


def stored_images(app) -> list[str]:
    """The keys of the images the About page is recorded to show."""
    with app.app_context():
        page = db.session.get(Page, page_id(app))
        return [image.key for image in page.images]


@pytest.mark.parametrize("action", ["publish", "draft"])
def test_the_purge_leaves_a_pages_images_alone(editorial_app, carol, image_url, action):
    write_page(carol, "About", picture(image_url), action=action)
    with editorial_app.app_context():
        db.session.execute(db.update(Image).values(created_at=utcnow() - timedelta(days=3)))
        db.session.commit()
        assert purge_unused_images() == 0
        assert db.session.query(Image).count() == 1


def test_the_purge_takes_an_image_a_page_no_longer_shows(editorial_app, carol, image_url):
    write_page(carol, "About", picture(image_url))
    edit_page(carol, page_id(editorial_app), "About", "No picture now.")
    with editorial_app.app_context():
        db.session.execute(db.update(Image).values(created_at=utcnow() - timedelta(days=3)))
        db.session.commit()
        assert purge_unused_images() == 1


def test_a_published_pages_image_costs_one_statement_and_no_session(
        editorial_app, carol, reader, image_url, record_queries):
    write_page(carol, "About", picture(image_url))
    with record_queries(editorial_app) as statements:
        response = reader.get(image_url)
    assert response.status_code == 200
    assert len(statements) == 1
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", [NEW_PAGE, "/dashboard/pages/{id}"])
def test_the_page_form_has_the_image_tools_without_a_feature_image(editorial_app, carol, path):
    write_page(carol, "About", "Words.")
    html = carol.client.get(path.format(id=page_id(editorial_app))).text
    assert "data-image-tools" in html and ">Add image</button>" in html
    assert "data-image-dialog" in html and "data-image-feature" not in html
    assert "/js/images." in html
