"""The API's tags, authors, pages and site: public content only, with their counts."""

from __future__ import annotations

from datetime import datetime

from blog.caching.version import bump_content_version
from blog.extensions import db
from blog.models import Author
from blog.pages.model import Page
from blog.site.store import NavLink
from blog.site.store import Site
from blog.site.store import save_site


def add_page(app, slug: str, title: str, status: str = "published") -> None:
    """A page row, as the pages' editor would store it (the content version bumped)."""
    with app.app_context():
        db.session.add(Page(slug=slug, title=title, body=f"<p>{title} text</p>",
                            source=f"{title} text", status=status,
                            published_at=datetime(2026, 3, 1, 12) if status == "published"
                            else None))
        bump_content_version(db.session)
        db.session.commit()


def test_tags_are_those_of_public_posts_with_their_counts(app, api_blog):
    answer = app.test_client().get("/api/v1/tags")
    assert answer.status_code == 200
    assert answer.get_json()["items"] == [
        {"slug": "news", "name": "News", "post_count": 2, "url": "http://localhost/tags/news",
         "posts_url": "http://localhost/api/v1/posts?tag=news"},
        {"slug": "python", "name": "Python", "post_count": 2,
         "url": "http://localhost/tags/python",
         "posts_url": "http://localhost/api/v1/posts?tag=python"},
    ]


def test_one_tag_has_its_count(app, api_blog):
    answer = app.test_client().get("/api/v1/tags/python").get_json()
    assert (answer["name"], answer["post_count"]) == ("Python", 2)


def test_a_tag_only_a_draft_has_is_not_found(app, api_blog):
    for path in ("/api/v1/tags/secret", "/api/v1/tags/nothing"):
        answer = app.test_client().get(path)
        assert answer.status_code == 404
        assert answer.mimetype == "application/problem+json"


def test_authors_are_those_with_public_posts(app, make_author, api_blog):
    carol = make_author("carol")
    carol.save_draft("Carol's draft", "Soon.")
    answer = app.test_client().get("/api/v1/authors").get_json()
    assert [(author["slug"], author["post_count"]) for author in answer["items"]] == [
        ("alice", 2), ("bob", 1)]
    assert app.test_client().get("/api/v1/authors/carol").status_code == 404


def test_an_author_has_their_bio_picture_and_addresses(app, api_blog):
    with app.app_context():
        alice = db.session.execute(db.select(Author).filter_by(slug="alice")).scalar_one()
        alice.bio, alice.picture_url = "Writes.", "https://img.example/alice.png"
        db.session.commit()
    answer = app.test_client().get("/api/v1/authors/alice").get_json()
    assert answer == {"slug": "alice", "name": "Alice", "bio": "Writes.",
                      "picture_url": "https://img.example/alice.png", "post_count": 2,
                      "url": "http://localhost/authors/alice",
                      "posts_url": "http://localhost/api/v1/posts?author=alice"}


def test_an_author_never_shows_their_email(app, api_blog):
    text = app.test_client().get("/api/v1/authors").get_data(as_text=True)
    assert "@" not in text


def test_pages_are_the_published_ones(app):
    add_page(app, "about", "About us")
    add_page(app, "plans", "Plans", status="draft")
    answer = app.test_client().get("/api/v1/pages").get_json()
    assert answer["items"] == [{"slug": "about", "title": "About us",
                                "url": "http://localhost/about",
                                "api_url": "http://localhost/api/v1/pages/about",
                                "published_at": "2026-03-01T12:00:00Z",
                                "updated_at": answer["items"][0]["updated_at"]}]


def test_one_page_has_its_html(app):
    add_page(app, "about", "About us")
    answer = app.test_client().get("/api/v1/pages/about").get_json()
    assert answer["html"] == "<p>About us text</p>"


def test_a_draft_page_is_not_found(app):
    add_page(app, "plans", "Plans", status="draft")
    assert app.test_client().get("/api/v1/pages/plans").status_code == 404


def test_the_site_has_its_settings_address_and_entry_points(app, api_blog):
    with app.app_context():
        alice = db.session.execute(db.select(Author).filter_by(slug="alice")).scalar_one()
        save_site(Site(title="Field notes", description="Notes from the field.", about="Us.",
                       navigation=(NavLink("About", "/about"),
                                   NavLink("Elsewhere", "https://elsewhere.example/"))),
                  alice)
    answer = app.test_client().get("/api/v1/site").get_json()
    assert answer == {
        "title": "Field notes", "description": "Notes from the field.", "about": "Us.",
        "navigation": [{"label": "About", "url": "http://localhost/about"},
                       {"label": "Elsewhere", "url": "https://elsewhere.example/"}],
        "url": "http://localhost/",
        "links": {name: f"http://localhost/api/v1/{name}"
                  for name in ("posts", "tags", "authors", "pages", "site")}
        | {"openapi": "http://localhost/api/v1/openapi.json"},
    }


def test_addresses_follow_public_url(make_app):
    app = make_app(PUBLIC_URL="https://blog.example")
    answer = app.test_client().get("/api/v1/site", headers={"Host": "evil.example"})
    assert answer.get_json()["url"] == "https://blog.example/"
