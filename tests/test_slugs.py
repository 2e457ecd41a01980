"""Post slugs: readable from any title, unique among posts, and never a route of the blog itself."""

from __future__ import annotations

import re

import pytest

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.posts.slugs import SLUG_MAX_LENGTH
from blog.posts.slugs import base_slug
from blog.posts.slugs import next_free_slug
from blog.posts.slugs import reserved_slugs
from blog.posts.slugs import unique_slug
from tests.helpers import change_post
from tests.helpers import save_post

SLUG_SHAPE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# "devidp" is where the development provider is mounted, beside the app's URL map.
BLOG_ROUTES = ["dashboard", "login", "logout", "register", "oidc", "static", "devidp"]


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


def make_author(subject: str = "alice") -> Author:
    author = Author(issuer="https://id.example", subject=subject, name=subject.title())
    db.session.add(author)
    db.session.commit()
    return author


@pytest.fixture
def author(app_context):
    return make_author()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("Über café", "uber-cafe"),
        ("Crème brûlée à la carte", "creme-brulee-a-la-carte"),
        ("Straße", "strasse"),
        ("Привет, мир", "privet-mir"),
        ("Ελληνικά", "ellenika"),
        ("  spaced   out  ", "spaced-out"),
        ("snake_case and CamelCase", "snake-case-and-camelcase"),
        ("100% sure", "100-sure"),
    ],
)
def test_titles_are_transliterated_to_lower_case_words(title, slug):
    assert base_slug(title) == slug


@pytest.mark.parametrize(
    "title", ["北京欢迎你", "東京タワー", "한국어", "مرحبا بالعالم", "🎉 party"]
)
def test_titles_in_any_script_give_a_usable_slug(title):
    assert SLUG_SHAPE.fullmatch(base_slug(title))


@pytest.mark.parametrize("title", ["", "   ", "!!!", "---", "?!/…", "🎉🎉", None])
def test_titles_without_letters_or_digits_get_the_fallback(title):
    assert base_slug(title) == "post"


def test_long_titles_are_cut_at_a_word_boundary():
    title = " ".join(f"word{number}" for number in range(40))
    full = "-".join(f"word{number}" for number in range(40))
    slug = base_slug(title)
    assert len(slug) <= SLUG_MAX_LENGTH
    assert SLUG_SHAPE.fullmatch(slug)
    assert full.startswith(slug + "-")


def test_a_first_title_gets_its_base_slug(author):
    assert save_post(author, "Hello", "<p>x</p>").slug == "hello"


def test_equal_titles_are_numbered_from_two(author):
    slugs = [save_post(author, "Hello", "<p>x</p>").slug for _ in range(3)]
    assert slugs == ["hello", "hello-2", "hello-3"]


def test_equal_titles_of_different_authors_are_numbered_too(author):
    bob = make_author("bob")
    assert save_post(author, "Hello", "<p>x</p>").slug == "hello"
    assert save_post(bob, "Hello", "<p>x</p>").slug == "hello-2"


def test_a_longer_slug_with_the_same_start_does_not_take_the_base(author):
    save_post(author, "Hello world", "<p>x</p>")
    assert unique_slug("Hello") == "hello"


def test_numbering_fills_the_first_free_number(author):
    for slug in ("hello", "hello-2", "hello-4"):
        db.session.add(Post(slug=slug, title="Hello", body="", author_id=author.id))
    db.session.commit()
    assert unique_slug("Hello") == "hello-3"


def test_long_equal_titles_still_get_distinct_slugs_that_fit(author):
    title = "A rather long title " * 10
    first = save_post(author, title, "<p>x</p>").slug
    second = save_post(author, title, "<p>x</p>").slug
    assert first != second
    assert second == first + "-2"
    assert len(second) <= Post.__table__.c.slug.type.length


def test_editing_the_title_keeps_the_slug(author):
    post = save_post(author, "First title", "<p>x</p>")
    change_post(post, "A completely different title", "<p>y</p>")
    stored = db.session.get(Post, post.id)
    assert stored.slug == "first-title"
    assert stored.title == "A completely different title"


@pytest.mark.parametrize("route", BLOG_ROUTES)
def test_the_blogs_own_routes_are_reserved(app_context, route):
    assert route in reserved_slugs()


def test_reserved_slugs_are_plain_first_path_segments(app_context):
    reserved = reserved_slugs()
    assert "" not in reserved
    assert all("/" not in slug and "<" not in slug for slug in reserved)


@pytest.mark.parametrize(
    "title", ["Dashboard", "Login", "Logout", "Register", "OIDC", "Static", "Devidp"]
)
def test_a_title_equal_to_a_route_never_gets_that_slug(author, title):
    slug = save_post(author, title, "<p>x</p>").slug
    assert slug == f"{title.lower()}-2"
    assert slug not in reserved_slugs()


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Dashboard tips", "dashboard-tips"), ("Login troubles", "login-troubles"),
     ("Static typing", "static-typing")],
)
def test_a_longer_title_starting_with_a_route_is_fine(author, title, slug):
    assert save_post(author, title, "<p>x</p>").slug == slug


def test_routes_added_to_the_app_are_reserved_too(make_app):
    app = make_app()
    # Flask allows new routes only before the first request, so add it straight away.
    app.add_url_rule("/about", endpoint="about_for_test", view_func=lambda: "about")
    with app.app_context():
        assert "about" in reserved_slugs()
        author = make_author()
        assert save_post(author, "About", "<p>x</p>").slug == "about-2"


def test_reserved_slugs_come_from_the_url_map_not_a_fixed_list(app_context):
    assert "about" not in reserved_slugs()



@pytest.mark.parametrize(("taken", "first_number", "expected"), [
    (set(), 2, "hello"),
    ({"hello"}, 2, "hello-2"),
    ({"hello", "hello-2", "hello-3"}, 2, "hello-4"),
    ({"hello", "hello-3"}, 2, "hello-2"),
    ({"hello"}, 7, "hello-7"),
])
def test_next_free_slug_takes_the_first_free_number(taken, first_number, expected):
    assert next_free_slug("hello", taken, first_number) == expected
