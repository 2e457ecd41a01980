"""Author pages: name, picture, bio (plain text) and public posts, paginated with numbers; bylines
link there; an author who published nothing has no page; the bio form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from blog import clock
from blog.auth.author_slugs import unique_author_slug
from blog.extensions import db
from blog.models import Author
from blog.posts.queries import Page
from tests.helpers import draft_slug_from
from tests.helpers import slug_from
from tests.helpers import write_posts
from tests.html_forms import csrf_token_in


def set_author(app, who: str, **values) -> None:
    with app.app_context():
        author = db.session.execute(db.select(Author).filter_by(name=who)).scalar_one()
        for key, value in values.items():
            setattr(author, key, value)
        db.session.commit()


def test_an_author_page_shows_name_picture_bio_and_public_posts(app, auth):
    auth.login("alice")
    auth.publish("First steps", "Words.")
    auth.save_draft("Hidden thoughts", "Words.")
    set_author(app, "Alice", picture_url="https://pictures.example/alice.png",
               bio="Writes about trains.\nLives by the sea.")
    page = app.test_client().get("/authors/alice")
    assert page.status_code == 200 and page.headers["ETag"]
    assert '<h1 class="page-title">Alice</h1>' in page.text
    assert 'src="https://pictures.example/alice.png"' in page.text
    assert "Writes about trains.\nLives by the sea." in page.text
    assert "First steps" in page.text and "Hidden thoughts" not in page.text


def test_an_author_with_no_public_post_has_no_page(app, auth):
    auth.login("alice")
    auth.save_draft("Hidden thoughts", "Words.")
    reader = app.test_client()
    assert reader.get("/authors/alice").status_code == 404
    assert reader.get("/authors/nobody").status_code == 404
    assert reader.get("/authors/" + "a" * 300).status_code == 404


def test_a_bio_is_plain_text_escaped(app, auth):
    auth.login("alice")
    auth.publish("First steps", "Words.")
    set_author(app, "Alice", bio='<script>alert("x")</script> & <b>bold</b>')
    page = app.test_client().get("/authors/alice").text
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_bylines_link_to_the_author_page_with_rel_author(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("First steps", "Words."))
    reader = app.test_client()
    link = '<a class="author" rel="author" href="/authors/alice">Alice</a>'
    assert link in reader.get("/").text
    assert link in reader.get(f"/{slug}").text
    assert reader.get("/authors/alice").status_code == 200


def test_the_slug_is_made_once_and_kept_when_the_name_changes(app, auth, make_author):
    auth.login("alice")
    auth.publish("First steps", "Words.")
    set_author(app, "Alice", name="Alice Liddell")
    page = app.test_client().get("/authors/alice")
    assert page.status_code == 200 and "Alice Liddell" in page.text


def test_a_second_author_of_the_same_name_gets_a_numbered_slug(app, auth):
    auth.login("alice")
    with app.app_context():
        assert unique_author_slug("Alice") == "alice-2"
        assert unique_author_slug("Ålice!") == "alice-2"
        assert unique_author_slug("Bob") == "bob"
        assert unique_author_slug("???") == "author"


def test_author_pages_are_paginated_with_numbers_and_a_jump(make_app, make_auth):
    app = make_app(POSTS_PER_PAGE=2)
    alice = make_auth(app)
    alice.login("alice")
    write_posts(app, "Alice", 13)  # 7 pages
    reader = app.test_client()
    page = reader.get("/authors/alice?page=4").text
    numbers = re.findall(r'<a href="/authors/alice(?:\?page=(\d+))?"><span class="visually-'
                         r'hidden">Page </span>(\d+)</a>', page)
    assert [int(shown) for _, shown in numbers] == [1, 2, 3, 5, 6, 7]
    assert numbers[0] == ("", "1")  # page 1 at its bare address
    assert 'aria-current="page"><span class="visually-hidden">Page </span>4</span>' in page
    assert '<form class="pager-jump" method="get" action="/authors/alice">' in page
    assert 'name="page" min="1" max="7" value="4"' in page
    assert '<label for="pager-jump-' in page
    assert reader.get("/authors/alice?page=7").text.count("<li class=\"post-card") == 1
    assert reader.get("/authors/alice?page=8").status_code == 404


@pytest.mark.parametrize(("number", "last", "shown"), [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (6, 31, [1, None, 4, 5, 6, 7, 8, None, 31]),
    (1, 31, [1, 2, 3, None, 31]),
    (31, 31, [1, None, 29, 30, 31]),
    (4, 31, [1, 2, 3, 4, 5, 6, None, 31]),  # one number between: shown, not "…"
])
def test_the_numbered_pager_shows_first_last_and_neighbours(number, last, shown):
    page = Page(posts=[], number=number, has_previous=number > 1, has_next=number < last,
                total=last * 10, last=last)
    assert page.numbers() == shown


def test_the_dashboard_pager_without_a_count_keeps_its_neighbour_links(auth, client, app):
    assert Page(posts=[], number=2, has_previous=True, has_next=False).numbers() == []


def test_the_bio_form_saves_plain_text_and_changes_the_author_page(app, auth, client):
    auth.login("alice")
    auth.publish("First steps", "Words.")
    reader = app.test_client()
    etag = reader.get("/authors/alice").headers["ETag"]
    form = client.get("/dashboard/profile")
    assert form.status_code == 200 and 'maxlength="500"' in form.text
    response = client.post("/dashboard/profile", data={
        "csrf_token": csrf_token_in(form.text), "bio": "  I write <em>slowly</em>.  "})
    assert response.status_code == 302
    page = reader.get("/authors/alice", headers={"If-None-Match": etag})
    assert page.status_code == 200
    assert "I write &lt;em&gt;slowly&lt;/em&gt;." in page.text


def test_the_bio_form_needs_its_csrf_token(app, auth, client):
    auth.login("alice")
    assert client.post("/dashboard/profile", data={"bio": "Hello"}).status_code == 400
    with app.app_context():
        assert db.session.execute(db.select(Author.bio)).scalar_one() == ""


def test_a_bio_too_long_is_refused_with_the_text_kept(app, auth, client):
    auth.login("alice")
    token = csrf_token_in(client.get("/dashboard/profile").text)
    response = client.post("/dashboard/profile", data={"csrf_token": token, "bio": "x" * 501})
    assert response.status_code == 400
    assert "At most 500 characters." in response.text and "x" * 501 in response.text
    with app.app_context():
        assert db.session.execute(db.select(Author.bio)).scalar_one() == ""


def test_the_bio_form_needs_a_login(client):
    response = client.get("/dashboard/profile")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def set_clock(mocker):
    """set_clock(moment): the blog's clock answers moment from now on."""
    def set_to(moment):
        mocker.patch("blog.clock.now", return_value=moment)
    return set_to


def test_a_scheduled_post_appears_on_its_author_and_tag_pages_at_its_time(app, auth, set_clock):
    auth.login("alice")
    auth.publish("Already out", "Words.", tags="Trains")
    at = (clock.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    slug = draft_slug_from(auth.save_draft("Coming soon", "Words.", tags="Trains, Soon"))
    auth.edit(slug, "Coming soon", "Words.", "schedule", tags="Trains, Soon",
              publish_at=at.strftime("%Y-%m-%dT%H:%M") + "+00:00")
    reader = app.test_client()
    before = {path: reader.get(path) for path in ("/authors/alice", "/tags/trains", "/tags")}
    assert all("Coming soon" not in page.text for page in before.values())
    assert "/tags/soon" not in before["/tags"].text
    assert reader.get("/tags/soon").status_code == 404
    set_clock(at + timedelta(seconds=1))
    for path, page in before.items():
        after = reader.get(path, headers={"If-None-Match": page.headers["ETag"]})
        assert after.status_code == 200, path
    assert "Coming soon" in reader.get("/authors/alice").text
    assert "Coming soon" in reader.get("/tags/trains").text
    assert "/tags/soon" in reader.get("/tags").text
    assert "Coming soon" in reader.get("/tags/soon").text
