"""Tags: normalised as typed, saved with the post, shown with rel="tag", listed with counts of
public posts only, and a part of what makes public pages change."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from blog.posts.tags import MAX_TAGS_PER_POST
from blog.posts.tags import TagName
from blog.posts.tags import TagsRefused
from blog.posts.tags import normalise_tag
from blog.posts.tags import parse_tags
from tests.helpers import draft_slug_from
from tests.helpers import slug_from
from tests.html_forms import editor_form


@pytest.mark.parametrize(("typed", "name", "slug"), [
    ("Python", "Python", "python"),
    ("  PYTHON  ", "PYTHON", "python"),
    ("night   trains", "night trains", "night-trains"),
    ("night\t\ntrains", "night trains", "night-trains"),
    ("Ｐｙｔｈｏｎ", "Python", "python"),  # full-width compatibility forms
    ("ﬁle systems", "file systems", "file-systems"),  # the "fi" ligature
    ("Straße", "Straße", "strasse"),  # case-folded: ß is ss
    ("Zoë", "Zoë", "zoe"),
    ("C", "C", "c"),
    ("C++", "C++", "c-plus-plus"),  # not "c": three languages, three tags
    ("C#", "C#", "c-sharp"),
])
def test_a_tag_is_normalised(typed, name, slug):
    assert normalise_tag(typed) == TagName(name, slug)


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])  # \u3000: an ideographic space
def test_an_empty_item_is_no_tag(typed):
    assert normalise_tag(typed) is None


def test_duplicates_are_merged_keeping_the_first_spelling_and_the_order():
    tags = parse_tags("Travel, trains, TRAVEL, ,  travel ,Ｔｒａｉｎｓ, food,")
    assert [(tag.name, tag.slug) for tag in tags] == [
        ("Travel", "travel"), ("trains", "trains"), ("food", "food")]


def test_up_to_ten_tags_are_accepted_and_eleven_refused():
    assert len(parse_tags(",".join(f"t{n}" for n in range(MAX_TAGS_PER_POST)))) == 10
    with pytest.raises(TagsRefused, match="at most 10 tags"):
        parse_tags(",".join(f"t{n}" for n in range(MAX_TAGS_PER_POST + 1)))
    # Duplicates count once, up to a bound on the items read at all.
    assert len(parse_tags(",".join(["a"] * 40 + [f"t{n}" for n in range(9)]))) == 10
    with pytest.raises(TagsRefused, match="this has 51 items"):
        parse_tags(",".join(["a"] * 51))


def test_a_tag_too_long_or_with_nothing_to_make_an_address_from_is_refused():
    assert normalise_tag("x" * 60).slug == "x" * 60
    with pytest.raises(TagsRefused, match="longer than 60"):
        normalise_tag("x" * 61)
    with pytest.raises(TagsRefused, match="no letters or digits"):
        normalise_tag("!!!")
    with pytest.raises(TagsRefused, match="at most 1000 characters"):
        parse_tags("a," * 600)


def stored_tags(app, slug: str) -> list[tuple[str, str]]:
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        return [(tag.name, tag.slug) for tag in post.tags]


def test_tags_are_saved_in_the_order_typed_and_shown_with_rel_tag(app, auth, client):
    auth.login("alice")
    slug = slug_from(auth.publish("Trains", "Words.", tags="Night trains, Europe, night TRAINS"))
    assert stored_tags(app, slug) == [("Night trains", "night-trains"), ("Europe", "europe")]
    page = app.test_client().get(f"/{slug}").text
    assert page.index('rel="tag" href="/tags/night-trains"') < page.index(
        'rel="tag" href="/tags/europe"')
    assert ">Night trains</a>" in page


def test_a_tag_is_shared_by_posts_under_the_name_first_typed(app, auth):
    auth.login("alice")
    first = slug_from(auth.publish("One", "Words.", tags="Python"))
    second = slug_from(auth.publish("Two", "Words.", tags="PYTHON"))
    assert stored_tags(app, first) == stored_tags(app, second) == [("Python", "python")]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Tag)).scalar() == 1


def test_the_edit_form_shows_the_tags_and_saving_changes_them(app, auth, client):
    auth.login("alice")
    slug = slug_from(auth.publish("Trains", "Words.", tags="Europe, Trains"))
    assert editor_form(client.get(f"/{slug}/edit").text).fields["tags"] == "Europe, Trains"
    auth.edit(slug, "Trains", "Words.", tags="Trains, Food")
    assert stored_tags(app, slug) == [("Trains", "trains"), ("Food", "food")]
    auth.edit(slug, "Trains", "Words.", tags="")
    assert stored_tags(app, slug) == []


def test_a_save_without_a_tags_field_leaves_the_tags_alone(app, auth, client):
    # Tools written before tags post the form without the field.
    auth.login("alice")
    slug = slug_from(auth.publish("Trains", "Words.", tags="Europe"))
    token = auth.csrf_token(f"/{slug}/edit")
    response = client.post(f"/{slug}/edit", data={"csrf_token": token, "title": "Trains 2",
                                                  "body": "<p>More.</p>"})
    assert response.status_code == 302
    assert stored_tags(app, slug) == [("Europe", "europe")]


def test_too_many_tags_are_refused_with_the_text_kept(app, auth, client):
    auth.login("alice")
    typed = ", ".join(f"topic {n}" for n in range(11))
    response = auth.publish("Many", "Words.", tags=typed)
    assert response.status_code == 400
    assert "A post may have at most 10 tags; this has 11." in response.text
    form = editor_form(response.text)
    assert form.fields["tags"] == typed and form.fields["title"] == "Many"
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Post)).scalar() == 0


def test_a_tag_change_on_a_published_post_changes_its_public_pages(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("Trains", "Words.", tags="Europe"))
    reader = app.test_client()
    etag = reader.get(f"/{slug}").headers["ETag"]
    auth.edit(slug, "Trains", "Words.", tags="Europe, Asia")
    page = reader.get(f"/{slug}", headers={"If-None-Match": etag})
    assert page.status_code == 200 and "/tags/asia" in page.text
    assert reader.get("/tags/asia").status_code == 200


def test_a_drafts_tag_change_leaves_public_pages_alone(app, auth):
    auth.login("alice")
    auth.publish("Public", "Words.", tags="Europe")
    draft = draft_slug_from(auth.save_draft("Private", "Words.", tags="Europe"))
    reader = app.test_client()
    etag = reader.get("/tags").headers["ETag"]
    auth.edit(draft, "Private", "Words.", "draft", tags="Asia")
    assert reader.get("/tags", headers={"If-None-Match": etag}).status_code == 304


def copies(app, slug: str) -> set[tuple[str, bool]]:
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        rows = db.session.execute(db.select(post_tags.c.status, post_tags.c.published_at)
                                  .where(post_tags.c.post_id == post.id)).all()
        assert all(row.published_at == post.published_at for row in rows)
        return {(row.status, row.published_at is not None) for row in rows}


def test_post_tags_keep_the_posts_state_through_publishing_and_unpublishing(app, auth):
    auth.login("alice")
    slug = draft_slug_from(auth.save_draft("Trains", "Words.", tags="Europe, Asia"))
    assert copies(app, slug) == {("draft", False)}
    auth.edit(slug, "Trains", "Words.", "publish", tags="Europe, Asia")
    assert copies(app, slug) == {("published", True)}
    auth.edit(slug, "Trains", "Words.", "draft", tags="Europe, Asia")
    assert copies(app, slug) == {("draft", True)}
    assert app.test_client().get("/tags/europe").status_code == 404


def test_the_tags_page_lists_tags_of_public_posts_with_their_counts(app, auth):
    auth.login("alice")
    auth.publish("One", "Words.", tags="Europe, Trains")
    auth.publish("Two", "Words.", tags="europe")
    auth.save_draft("Three", "Words.", tags="Europe, Hidden")
    page = app.test_client().get("/tags").text
    assert 'href="/tags/europe">Europe</a> <span class="muted">2' in page
    assert 'href="/tags/trains">Trains</a> <span class="muted">1' in page
    assert "/tags/hidden" not in page and ">Hidden<" not in page


def test_a_tag_page_lists_its_public_posts_newest_first(app, auth):
    auth.login("alice")
    auth.publish("Older", "Words.", tags="Europe")
    auth.publish("Untagged", "Words.")
    auth.publish("Newer", "Words.", tags="Europe")
    page = app.test_client().get("/tags/europe").text
    assert "Posts tagged “Europe”" in page and "2 posts" in page
    assert page.index(">Newer</a>") < page.index(">Older</a>") and "Untagged" not in page
    assert 'rel="author" href="/authors/alice"' in page


def test_an_unknown_tag_and_a_page_past_the_end_are_not_found(app, auth):
    auth.login("alice")
    auth.publish("One", "Words.", tags="Europe")
    reader = app.test_client()
    assert reader.get("/tags/nothing").status_code == 404
    assert reader.get("/tags/europe?page=2").status_code == 404
    assert reader.get("/tags/" + "x" * 500).status_code == 404
