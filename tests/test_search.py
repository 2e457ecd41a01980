"""Search: public posts only, ranked, with escaped snippets, kept up to date by every write."""

from __future__ import annotations

import re
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy import update

from blog import clock
from blog.demo import seed_demo
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from tests.helpers import PUBLIC_CACHE_CONTROL
from tests.helpers import draft_slug_from
from tests.helpers import slug_from

RESULT_LINK = re.compile(r'<h2 class="post-card-title"><a href="/([^"]+)">')


def results(client, q: str, **params) -> list[str]:
    """The slugs of the results page for q, in order (the page must answer 200)."""
    page = client.get("/search", query_string={"q": q, **params})
    assert page.status_code == 200, page.text
    return RESULT_LINK.findall(page.text)


def insert_posts(app, rows: list[dict], author_name: str = "Writer") -> list[str]:
    """Insert posts straight into the table, as a seed or an import does (a body, no search
    text), a day apart, oldest first; their slugs."""
    with app.app_context():
        author = Author(issuer="https://seed.example", subject=author_name, name=author_name)
        db.session.add(author)
        db.session.flush()
        start = datetime(2025, 1, 1)
        for number, row in enumerate(rows):
            at = start + timedelta(days=number)
            db.session.add(Post(author_id=author.id, created_at=at, updated_at=at,
                                slug=f"{author_name.lower()}-{number}", **row))
        db.session.commit()
    return [f"{author_name.lower()}-{number}" for number in range(len(rows))]


@pytest.fixture
def reader(app):
    """An anonymous reader's browser."""
    return app.test_client()


@pytest.fixture
def set_clock(mocker):
    """set_clock(moment): the blog's one clock function answers moment from now on."""
    def set_to(moment: datetime) -> None:
        mocker.patch("blog.clock.now", return_value=moment)
    return set_to


def test_the_search_page_answers_without_a_query(reader):
    page = reader.get("/search")
    assert page.status_code == 200
    assert 'role="search"' in page.text and "match “" not in page.text


def test_every_page_has_a_search_form_in_its_header(reader):
    page = reader.get("/").text
    assert '<form class="site-search" role="search" method="get" action="/search">' in page
    assert '<label for="site-search-q"' in page


def test_a_published_post_is_found_by_a_word_of_its_title_summary_or_body(auth, reader):
    auth.login("alice")
    slug = slug_from(auth.publish("Gardening notes", "Tomatoes like *sunshine*.",
                                  summary="What grows where"))
    for word in ("gardening", "GROWS", "sunshine", "Tomatoes"):
        assert results(reader, word) == [slug], word
    assert results(reader, "cabbage") == []


def test_every_word_must_match(auth, reader):
    auth.login("alice")
    slug = slug_from(auth.publish("Red apples", "Crisp and sweet."))
    assert results(reader, "red sweet") == [slug]
    assert results(reader, "red sour") == []


def test_a_quoted_phrase_matches_its_words_in_order(app, reader):
    first, second = insert_posts(app, [{"title": "One", "body": "<p>red apple pie</p>"},
                                       {"title": "Two", "body": "<p>apple red pie</p>"}])
    assert results(reader, '"red apple"') == [first]
    assert set(results(reader, "red apple")) == {first, second}


def test_a_starred_word_matches_the_words_it_begins(app, reader):
    [slug] = insert_posts(app, [{"title": "Gardening", "body": "<p>x</p>"}])
    assert results(reader, "garden*") == [slug]
    assert results(reader, "garden") == []
    # One letter is too short a prefix: it is the word itself.
    assert results(reader, "g*") == []


def test_a_match_in_the_title_ranks_above_one_in_the_text(app, reader):
    in_text, in_title, elsewhere = insert_posts(app, [
        {"title": "Notes", "body": "<p>A long day, and then the kiwi arrived at last.</p>"},
        {"title": "Kiwi", "body": "<p>A long day, and then it arrived at last.</p>"},
        {"title": "Other", "body": "<p>Nothing to see.</p>"},
    ])
    assert results(reader, "kiwi") == [in_title, in_text]


def test_equal_matches_come_newest_first(app, reader):
    slugs = insert_posts(app, [{"title": "Same", "body": "<p>same words</p>"}] * 3)
    assert results(reader, "same") == slugs[::-1]


def test_the_snippet_marks_the_words_and_escapes_everything_else(auth, reader):
    auth.login("alice")
    auth.publish("The <b>bold</b> vector", "Use `vector<int>` here; never "
                 "`<script>alert(1)</script>` there.")
    page = reader.get("/search?q=vector").text
    assert "<mark>vector</mark>&lt;int&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "The &lt;b&gt;bold&lt;/b&gt; <mark>vector</mark>" in page
    # (The page's one script element is the theme's, <script src=...>.)
    assert "<script>" not in page and "<b>" not in page
    # The words inside angle brackets are words too, on both databases.
    assert len(results(reader, "int")) == 1 and len(results(reader, "script")) == 1


def test_a_post_without_text_shows_its_excerpt(app, reader):
    insert_posts(app, [{"title": "Just a title", "body": "", "excerpt": "An excerpt"}])
    page = reader.get("/search?q=title").text
    assert "<mark>title</mark>" in page and '<p class="excerpt">An excerpt</p>' in page


def test_an_edit_is_found_at_once_and_the_old_words_are_not(auth, reader):
    auth.login("alice")
    slug = slug_from(auth.publish("Weather report", "Rain all week."))
    assert results(reader, "rain") == [slug]
    auth.edit(slug, "Weather report", "Sun all week.", "publish")
    assert results(reader, "rain") == [] and results(reader, "sun") == [slug]


def test_unpublishing_removes_a_post_from_the_results_at_once(auth, reader):
    auth.login("alice")
    slug = slug_from(auth.publish("Weather report", "Rain all week."))
    assert results(reader, "rain") == [slug]
    auth.edit(slug, "Weather report", "Rain all week.", "draft")
    assert results(reader, "rain") == []
    page = reader.get("/search?q=rain").text
    assert "No posts match" in page


def test_deleting_removes_a_post_from_the_results_at_once(auth, reader):
    auth.login("alice")
    slug = slug_from(auth.publish("Weather report", "Rain all week."))
    assert results(reader, "rain") == [slug]
    token = auth.csrf_token(f"/{slug}/delete")
    assert auth.client.post(f"/{slug}/delete", data={"csrf_token": token}).status_code == 302
    assert results(reader, "rain") == []


def test_posts_inserted_without_the_app_are_searchable(app, reader):
    with app.app_context():
        seed_demo(5, 1)
        title = db.session.execute(db.select(Post.title).limit(1)).scalar_one()
    assert results(reader, title)


def test_a_change_made_straight_in_the_table_is_indexed_too(app, reader):
    [slug] = insert_posts(app, [{"title": "Before", "body": "<p>x</p>"}])
    with app.app_context():
        db.session.execute(update(Post).values(title="After", summary="Changed in SQL"))
        db.session.commit()
    assert results(reader, "before") == []
    assert results(reader, "after") == [slug] and results(reader, "sql") == [slug]


@pytest.mark.parametrize("q", ["secret", "friday"])
def test_the_leak_surfaces_find_the_drafts_words_once_published(auth, reader, q):
    # tests/test_posts_drafts.py's search surfaces would show a leaked draft.
    auth.login("alice")
    slug = slug_from(auth.publish("Secret plans", "The *launch* is on Friday."))
    assert results(reader, q) == [slug]


def test_drafts_and_posts_in_review_are_never_found(auth, reader):
    auth.login("alice")
    draft = draft_slug_from(auth.save_draft("Hidden draft", "Quiet words."))
    review = draft_slug_from(auth.save_draft("Hidden review", "Quiet words."))
    auth.edit(review, "Hidden review", "Quiet words.", "submit")
    for q in ("hidden", "quiet", "hid*"):
        page = reader.get("/search", query_string={"q": q}).text
        assert "No posts match" in page
        assert draft not in page and review not in page and "Quiet" not in page


def test_a_scheduled_post_is_found_from_its_time_on(auth, reader, set_clock):
    auth.login("alice")
    at = (clock.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    slug = draft_slug_from(auth.save_draft("Morning news", "Read all about it."))
    auth.edit(slug, "Morning news", "Read all about it.", "schedule",
              publish_at=at.isoformat() + "+00:00")
    assert results(reader, "morning") == []
    assert "No posts match" in reader.get("/search?q=news").text
    set_clock(at + timedelta(seconds=1))
    assert results(reader, "morning") == [slug]


def test_results_are_paginated_and_counted(make_app):
    app = make_app(POSTS_PER_PAGE=2)
    slugs = insert_posts(app, [{"title": f"Fruit {n}", "body": "<p>fruit</p>"}
                               for n in range(5)])
    insert_posts(app, [{"title": "Vegetable", "body": "<p>leek</p>"}], author_name="Other")
    reader = app.test_client()
    first = reader.get("/search?q=fruit")
    assert "5 posts match “fruit”." in first.text
    assert RESULT_LINK.findall(first.text) == [slugs[4], slugs[3]]
    assert 'href="/search?page=2&amp;q=fruit"' in first.text
    third = reader.get("/search?q=fruit&page=3")
    assert RESULT_LINK.findall(third.text) == [slugs[0]]
    assert "5 posts match" in third.text
    assert 'href="/search?page=2&amp;q=fruit"' in third.text
    assert 'rel="next"' not in third.text
    assert reader.get("/search?q=fruit&page=4").status_code == 404
    assert reader.get("/search?q=fruit&page=0").status_code == 404
    assert reader.get("/search?q=fruit&page=51").status_code == 404
    # Page 2 links back to the bare first page.
    assert 'href="/search?q=fruit"' in reader.get("/search?q=fruit&page=2").text


def test_one_match_is_counted_in_the_singular(app, reader):
    insert_posts(app, [{"title": "Lonely", "body": "<p>x</p>"}])
    assert "1 post matches “lonely”." in reader.get("/search?q=lonely").text


def test_equivalent_searches_share_a_page_and_revalidate_with_a_304(app, auth, reader):
    auth.login("alice")
    auth.publish("Cache notes", "Kept pages.")
    auth.logout()
    first = reader.get("/search?q=Cache")
    assert first.status_code == 200 and first.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    etag = first.headers["ETag"]
    assert reader.get("/search?q=cache", headers={"If-None-Match": etag}).status_code == 304
    assert reader.get("/search?q=%20CACHE%20", headers={"If-None-Match": etag}
                      ).status_code == 304


def test_a_new_post_changes_the_search_pages_etag(app, auth, reader):
    etag = reader.get("/search?q=fresh").headers["ETag"]
    auth.login("alice")
    slug = slug_from(auth.publish("Fresh words", "New."))
    page = app.test_client().get("/search?q=fresh", headers={"If-None-Match": etag})
    assert page.status_code == 200 and slug in page.text


def test_the_page_shows_the_search_in_its_normal_spelling(reader):
    page = reader.get("/search", query_string={"q": 'Foo AND (bar) "Baz  qux" pre*'}).text
    assert 'value="foo and bar &#34;baz qux&#34; pre*"' in page or \
        'value="foo and bar &quot;baz qux&quot; pre*"' in page


def test_only_the_most_recently_written_matches_are_ranked(app, reader, monkeypatch):
    # The bound on a search's work (blog/search/results.py), made small enough to see.
    monkeypatch.setattr("blog.search.results.RANKED_CANDIDATES", 3)
    slugs = insert_posts(app, [{"title": "Plum" * (n == 0) or "Other", "body": "<p>plum</p>"}
                               for n in range(5)])
    assert results(reader, "plum") == slugs[:1:-1]
    assert "3 posts match" in reader.get("/search?q=plum").text


def test_a_result_links_its_author_to_their_page(app, auth):
    auth.login("alice")
    auth.publish("Zeppelin notes", "The zeppelin moors.")
    page = app.test_client().get("/search?q=zeppelin").text
    assert 'rel="author" href="/authors/alice"' in page
