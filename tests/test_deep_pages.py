"""Deep index pages start from anchors: the same posts as counting from the top, at page-1 cost."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import pytest

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.posts import anchors

PER_PAGE = 10
EVERY = 30


@pytest.fixture
def deep_app(make_app, monkeypatch):
    """A blog of 400 posts (several to a timestamp, as imports make), anchors every 30 posts and
    no page cache, so that every page is read from the database."""
    monkeypatch.setattr(anchors, "ANCHOR_EVERY", EVERY)
    app = make_app(PAGE_CACHE_MAX_ENTRIES=0, POSTS_PER_PAGE=PER_PAGE)
    with app.app_context():
        author = Author(issuer="https://seed.example", subject="importer", name="Importer")
        db.session.add(author)
        start = datetime(2020, 1, 1)
        db.session.add_all(
            Post(slug=f"imported-{n}", title=f"Imported {n}", body="<p>x</p>", excerpt="x",
                 author=author, created_at=start + timedelta(hours=n // 7),
                 updated_at=start + timedelta(hours=n // 7))
            for n in range(400))
        db.session.commit()
    return app


def newest_first(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(
            db.select(Post.slug).order_by(Post.created_at.desc(), Post.id.desc())).scalars())


def slugs_on(client, page: int) -> list[str]:
    text = client.get(f"/?page={page}").text
    return [part.split('"', 1)[0] for part in text.split('class="post-card-title"><a href="/')[1:]]


def test_every_page_shows_the_posts_counted_from_the_top(deep_app):
    expected = newest_first(deep_app)
    reader = deep_app.test_client()
    for page in range(1, 41):
        assert slugs_on(reader, page) == expected[(page - 1) * PER_PAGE:page * PER_PAGE], page


def test_a_new_post_shifts_every_deep_page_at_once(deep_app, make_auth):
    reader = deep_app.test_client()
    before = slugs_on(reader, 25)
    alice = make_auth(deep_app)
    alice.login("alice")
    alice.write_post(title="Newest of all")
    expected = newest_first(deep_app)
    assert slugs_on(reader, 25) == expected[240:250]
    assert slugs_on(reader, 25)[1:] == before[:-1]


def test_a_deep_page_reads_its_anchors_once_per_version(deep_app, record_queries):
    reader = deep_app.test_client()
    with record_queries(deep_app) as first:
        reader.get("/?page=30")
    with record_queries(deep_app) as later:
        reader.get("/?page=31")
        reader.get("/?page=7")
    assert len(first) == 3  # the content version, the anchors, the page
    assert len(later) == 4  # the version and the page, twice


def test_the_first_pages_need_no_anchors(deep_app, record_queries):
    with record_queries(deep_app) as statements:
        deep_app.test_client().get("/?page=3")
    assert len(statements) == 2


def test_a_page_past_the_last_anchor_is_not_found(deep_app):
    assert deep_app.test_client().get("/?page=41").status_code == 404
    assert deep_app.test_client().get("/?page=500").status_code == 404


def test_an_author_sees_the_same_deep_pages(deep_app, make_auth):
    reader = deep_app.test_client()
    alice = make_auth(deep_app)
    alice.login("alice")
    assert slugs_on(alice.client, 33) == slugs_on(reader, 33)


def test_a_deep_page_starts_from_its_anchor_in_the_index(deep_app, record_queries):
    if not deep_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("reads SQLite's query plans")
    reader = deep_app.test_client()
    reader.get("/?page=30")
    with record_queries(deep_app) as statements:
        reader.get("/?page=31")
    page_query, parameters = statements[-1]
    with deep_app.app_context(), db.engine.connect() as connection:
        plan = [row[-1] for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + page_query, parameters).all()]
    assert any(step.startswith("SEARCH posts USING COVERING INDEX ix_posts_status_published_at_id")
               for step in plan), plan
