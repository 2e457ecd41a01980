"""Autosave: the editor's text reaches the server every few seconds without a page load, and a
published post does not change under its readers until its author saves."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import Post
from blog.models import PostAutosave
from tests.helpers import draft_slug_from
from tests.helpers import slug_from


def autosave(actions, path: str, title: str = "Typed title", body: str = "Typed *words*.",
             **fields):
    """POST the editor's fields to an autosave URL as editor.js does (token in the header)."""
    token = actions.csrf_token("/dashboard")
    data = {"title": title, "body": body, "format": "markdown", **fields}
    return actions.client.post(path, data=data, headers={"X-CSRFToken": token})


def stored(app, slug: str) -> Post:
    with app.app_context():
        return db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()


@pytest.fixture
def alice(auth):
    auth.login("alice")
    return auth


def test_the_first_autosave_of_a_new_post_makes_a_draft(app, alice):
    response = autosave(alice, "/dashboard/autosave")
    assert response.status_code == 201
    answer = response.get_json()
    slug = answer["edit_url"].split("/")[1]
    assert answer["autosave_url"] == f"/{slug}/autosave"
    assert answer["saved_at"].endswith("Z")
    post = stored(app, slug)
    assert (post.status, post.title, post.source) == ("draft", "Typed title", "Typed *words*.")


def test_an_autosaved_draft_is_rendered_for_its_author(app, alice, client):
    slug = autosave(alice, "/dashboard/autosave").get_json()["edit_url"].split("/")[1]
    assert "<em>words</em>" in client.get(f"/{slug}").text


def test_autosaving_a_draft_saves_it_in_place(app, alice):
    slug = draft_slug_from(alice.save_draft("Draft", "First words."))
    response = autosave(alice, f"/{slug}/autosave", "Draft", "First words. More words.")
    assert response.status_code == 200
    assert stored(app, slug).source == "First words. More words."


def test_autosave_leaves_the_address_alone(app, alice):
    slug = draft_slug_from(alice.save_draft("Draft", "Words."))
    autosave(alice, f"/{slug}/autosave", "Draft", "Words.", slug="elsewhere")
    assert stored(app, slug).slug == slug


def test_autosaving_a_published_post_does_not_change_it_for_readers(app, alice):
    slug = slug_from(alice.publish("Live", "What readers see."))
    autosave(alice, f"/{slug}/autosave", "Live", "Half-typed chang")
    assert "What readers see." in app.test_client().get(f"/{slug}").text
    with app.app_context():
        assert db.session.get(PostAutosave, stored(app, slug).id).source == "Half-typed chang"


def test_the_editor_gives_back_a_published_posts_autosaved_text(alice, client):
    slug = slug_from(alice.publish("Live", "What readers see."))
    autosave(alice, f"/{slug}/autosave", "Live", "The changes I was typing.")
    page = client.get(f"/{slug}/edit").text
    assert "The changes I was typing." in page
    assert "you had not saved yet" in page
    assert f'action="/{slug}/autosave/discard"' in page


def test_updating_the_post_ends_its_autosave(app, alice, client):
    slug = slug_from(alice.publish("Live", "Old."))
    autosave(alice, f"/{slug}/autosave", "Live", "New.")
    alice.edit(slug, "Live", "New.", "publish")
    with app.app_context():
        assert db.session.execute(db.select(PostAutosave)).all() == []
    assert "New." in app.test_client().get(f"/{slug}").text


def test_discarding_the_autosave_keeps_the_post_as_it_was(app, alice, client):
    slug = slug_from(alice.publish("Live", "Old words."))
    autosave(alice, f"/{slug}/autosave", "Live", "Discard me.")
    response = client.post(f"/{slug}/autosave/discard",
                           data={"csrf_token": alice.csrf_token("/dashboard")})
    assert response.headers["Location"] == f"/{slug}/edit"
    page = client.get(f"/{slug}/edit").text
    assert "Discard me." not in page and "Old words." in page


def test_autosaving_a_draft_leaves_public_pages_valid(app, alice):
    slug = draft_slug_from(alice.save_draft("Draft", "Words."))
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    autosave(alice, f"/{slug}/autosave", "Draft", "More words.")
    assert reader.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_an_autosave_after_the_session_ended_answers_401_in_json(app, alice):
    token = alice.csrf_token("/dashboard")
    alice.logout()
    response = alice.client.post("/dashboard/autosave", data={"title": "T", "body": "B"},
                                 headers={"X-CSRFToken": token})
    assert response.status_code == 401
    assert "kept in this browser" in response.get_json()["error"]


def test_an_autosave_without_the_csrf_token_is_refused(app, alice):
    response = alice.client.post("/dashboard/autosave", data={"title": "T", "body": "B"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.execute(db.select(Post)).all() == []


def test_an_autosave_too_large_is_refused_with_the_reason(app, alice):
    limit = app.config["BODY_MAX_BYTES"]
    response = autosave(alice, "/dashboard/autosave", "Big", "x" * (limit + 1))
    assert response.status_code == 413
    assert "KB" in response.get_json()["error"]


def test_nothing_typed_yet_makes_no_draft(app, alice):
    assert autosave(alice, "/dashboard/autosave", "", "  ").status_code == 422


def test_a_body_too_complex_to_render_is_still_kept(app, alice):
    slug = draft_slug_from(alice.save_draft("Deep", "Words."))
    deep = "<div>" * 5000 + "deep" + "</div>" * 5000
    response = autosave(alice, f"/{slug}/autosave", "Deep", deep, format="html")
    assert response.status_code == 200
    assert response.get_json()["warning"]
    assert stored(app, slug).source == deep


def test_another_author_cannot_autosave_into_a_post(make_author, alice):
    slug = slug_from(alice.publish("Mine", "Words."))
    bob = make_author("bob")
    assert autosave(bob, f"/{slug}/autosave").status_code == 403


def tag_names(app, slug: str) -> list[str]:
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        return [tag.name for tag in post.tags]


def test_autosave_keeps_a_drafts_tags_and_leaves_refused_ones_alone(app, alice):
    slug = autosave(alice, "/dashboard/autosave", tags="Trains, Europe").get_json()[
        "edit_url"].split("/")[1]
    assert tag_names(app, slug) == ["Trains", "Europe"]
    autosave(alice, f"/{slug}/autosave", tags="Europe")
    assert tag_names(app, slug) == ["Europe"]
    response = autosave(alice, f"/{slug}/autosave", "Longer",
                        tags=",".join(f"t{n}" for n in range(11)))
    assert response.status_code == 200 and stored(app, slug).title == "Longer"
    assert tag_names(app, slug) == ["Europe"]
    autosave(alice, f"/{slug}/autosave", "No field")  # a client that sends no tags field
    assert tag_names(app, slug) == ["Europe"]
