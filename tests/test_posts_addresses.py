"""Addresses: an author may choose and change a post's slug; every earlier address of a published
post answers with a 301 to the current one, forever, and no post can take it."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import PostRedirect
from tests.helpers import draft_slug_from
from tests.helpers import slug_from
from tests.html_forms import editor_form


@pytest.fixture
def published(auth):
    """Alice's published post "First name"; its slug."""
    auth.login("alice")
    return slug_from(auth.publish("First name", "Words."))


def rename(auth, slug: str, new: str, action: str = "publish"):
    return auth.edit(slug, "First name", "Words.", action, slug=new)


def test_a_new_post_may_be_given_its_address(auth):
    auth.login("alice")
    assert slug_from(auth.publish("Any title", "Words.", slug="my-address")) == "my-address"


@pytest.mark.parametrize(("typed", "slug"), [
    ("My Address", "my-address"),
    ("  Ünïcode Straße ", "unicode-strasse"),
    ("a/b?c#d", "a-b-c-d"),
])
def test_a_typed_address_is_normalised_like_generated_ones(auth, typed, slug):
    auth.login("alice")
    assert slug_from(auth.publish("Title", "Words.", slug=typed)) == slug


def test_renaming_moves_the_post_to_its_new_address(app, auth, published):
    response = rename(auth, published, "second-name")
    assert response.headers["Location"] == "/second-name"
    assert app.test_client().get("/second-name").status_code == 200


def test_the_old_address_redirects_permanently_to_the_new_one(app, auth, published):
    rename(auth, published, "second-name")
    response = app.test_client().get(f"/{published}")
    assert response.status_code == 301
    assert response.headers["Location"] == "/second-name"


def test_every_earlier_address_redirects_to_the_current_one(app, auth, published):
    rename(auth, published, "second-name")
    rename(auth, "second-name", "third-name")
    reader = app.test_client()
    for old in (published, "second-name"):
        response = reader.get(f"/{old}")
        assert (response.status_code, response.headers["Location"]) == (301, "/third-name")


def test_a_post_may_take_back_an_earlier_address(app, auth, published):
    rename(auth, published, "second-name")
    rename(auth, "second-name", published)
    reader = app.test_client()
    assert reader.get(f"/{published}").status_code == 200
    assert reader.get("/second-name").headers["Location"] == f"/{published}"


def test_another_post_cannot_take_an_earlier_address(auth, published):
    rename(auth, published, "second-name")
    response = auth.publish("Other", "Words.", slug=published)
    assert response.status_code == 400
    assert "Another post has the address" in response.text


def test_a_generated_address_never_takes_an_earlier_one(auth, published):
    rename(auth, published, "second-name")
    assert slug_from(auth.publish("First name", "Other words.")) == f"{published}-2"


def test_another_posts_current_address_is_refused_and_the_text_kept(auth, published):
    other = slug_from(auth.publish("Other", "Other words."))
    response = auth.edit(other, "Other", "Changed words.", "publish", slug=published)
    assert response.status_code == 400
    assert "Another post has the address" in response.text
    assert "Changed words." in response.text


@pytest.mark.parametrize("route", ["dashboard", "login", "static", "oidc"])
def test_the_blogs_own_routes_are_refused(auth, published, route):
    response = rename(auth, published, route)
    assert response.status_code == 400
    assert "one of the blog’s own addresses" in response.text


def test_an_address_without_letters_or_digits_is_refused(auth, published):
    response = rename(auth, published, "--- !!")
    assert response.status_code == 400
    assert "Use letters or digits" in response.text


def test_a_refused_address_changes_nothing(app, auth, published):
    rename(auth, published, "dashboard")
    assert app.test_client().get(f"/{published}").status_code == 200


def test_a_drafts_old_address_is_simply_free_again(app, auth):
    auth.login("alice")
    slug = draft_slug_from(auth.save_draft("Working title", "Words."))
    auth.edit(slug, "Working title", "Words.", "draft", slug="better-title")
    with app.app_context():
        assert db.session.execute(db.select(PostRedirect)).all() == []
    assert slug_from(auth.publish("Working title", "Other.")) == slug


def test_an_unpublished_posts_old_address_is_not_found_for_readers(app, auth, published):
    rename(auth, published, "second-name", action="draft")
    reader = app.test_client()
    assert reader.get(f"/{published}").status_code == 404
    assert reader.get("/second-name").status_code == 404


def test_its_author_follows_an_old_address_of_their_draft(auth, client, published):
    rename(auth, published, "second-name", action="draft")
    assert client.get(f"/{published}").headers["Location"] == "/second-name"


def test_deleting_a_post_ends_its_redirects(app, auth, client, published):
    rename(auth, published, "second-name")
    client.post("/second-name/delete", data={"csrf_token": auth.csrf_token("/second-name")})
    assert app.test_client().get(f"/{published}").status_code == 404


def test_an_address_that_never_existed_is_not_found_within_two_statements(
        app, published, record_queries):
    reader = app.test_client()
    with record_queries(app) as statements:
        assert reader.get("/no-such-post").status_code == 404
    # The content version is read by the page cache before the app; then the post, the redirect.
    assert len(statements) <= 3


def autosave_new(actions, title: str) -> str:
    """The first autosave of a new post, as the editor's script sends it; the draft's slug."""
    response = actions.client.post("/dashboard/autosave", data={
        "title": title, "body": "Words.", "format": "markdown"},
        headers={"X-CSRFToken": actions.csrf_token("/dashboard")})
    return response.get_json()["edit_url"].split("/")[1]


def test_a_drafts_address_follows_its_finished_title(auth, client):
    auth.login("alice")
    slug = autosave_new(auth, "Notes o")
    assert slug == "notes-o"
    response = auth.edit(slug, "Notes on tides", "Words.", "draft", slug="")
    assert response.headers["Location"] == "/notes-on-tides/edit"
    assert client.get("/notes-o").status_code == 404


def test_a_never_published_drafts_editor_leaves_the_address_to_the_blog(auth, client):
    auth.login("alice")
    slug = autosave_new(auth, "Notes o")
    form = editor_form(client.get(f"/{slug}/edit").text)
    assert form.fields["slug"] == ""


def test_an_address_the_author_typed_stays_when_the_title_changes(auth):
    auth.login("alice")
    slug = draft_slug_from(auth.save_draft("Working title", "Words.", slug="my-choice"))
    response = auth.edit(slug, "Another title", "Words.", "draft", slug="my-choice")
    assert response.headers["Location"] == "/my-choice/edit"


def test_a_published_posts_address_never_follows_its_title(auth, published):
    response = auth.edit(published, "A new title", "Words.", "publish", slug=published)
    assert response.headers["Location"] == f"/{published}"
