"""The Atom feed at /feed.atom: valid Atom 1.0 whatever the posts hold, public posts only, absolute
addresses, ids that survive a rename, and HTTP validators that feed readers use."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import feedparser
import pytest

from blog import clock
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from tests.helpers import PUBLIC_CACHE_CONTROL
from tests.helpers import slug_from
from tests.images import png
from tests.xml_schemas import assert_valid

ATOM = "{http://www.w3.org/2005/Atom}"
TRICKY_TITLES = ["Fish & chips", "a < b > c", 'She said "hi" & \'bye\'', "Launch 🚀 day",
                 "</script><!-- not a comment", "]]> CDATA end"]


def read_feed(client, **kwargs):
    response = client.get("/feed.atom", **kwargs)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return response


def test_an_empty_blog_has_a_valid_feed(app):
    response = read_feed(app.test_client())
    assert_valid(response.data, "atom")
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0 and parsed.entries == []


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_any_title_makes_a_valid_feed_that_readers_parse(app, auth, title):
    auth.login("alice")
    auth.publish(title, "Text with `code & <tags>` and\n\n```\nif a < b && c > d:\n```\n")
    response = read_feed(app.test_client())
    assert_valid(response.data, "atom")
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.bozo_exception
    assert parsed.entries[0].title == title
    assert "if a &lt; b &amp;&amp; c &gt; d:" in parsed.entries[0].content[0].value


def test_every_field_of_an_entry_is_there(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("Field notes", "The *first* words.", summary="All about it."))
    parsed = feedparser.parse(read_feed(app.test_client()).data)
    assert parsed.bozo == 0
    assert parsed.feed.title == "The Blog"
    assert parsed.feed.link == "http://localhost/"
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == (
        "http://localhost/feed.atom")
    entry = parsed.entries[0]
    assert entry.link == f"http://localhost/{slug}"
    assert entry.id.startswith("tag:localhost,")
    assert entry.author == "Alice" or entry.author_detail.name
    assert entry.summary == "All about it."
    assert entry.content[0].type == "text/html"
    assert "<em>first</em>" in entry.content[0].value
    assert entry.published_parsed and entry.updated_parsed
    assert parsed.feed.updated == entry.updated


def test_images_and_links_in_an_entry_are_absolute(app, auth):
    auth.login("alice")
    image = auth.upload_image(png(200, 100), alt="A rocket").get_json()["url"]
    auth.publish("Pictures", f"![A rocket]({image})\n\n[Home](/) and [elsewhere](//other.example/)"
                             " and [notes](#notes)")
    root = assert_valid(read_feed(app.test_client()).data, "atom")
    content = root.find(f"{ATOM}entry/{ATOM}content")
    assert f'src="http://localhost{image}"' in content.text
    assert 'href="http://localhost/"' in content.text
    # Other sites' protocol-relative links stay as they are; the rest resolve by xml:base.
    assert 'href="//other.example/"' in content.text and 'href="#notes"' in content.text
    assert content.get("{http://www.w3.org/XML/1998/namespace}base").startswith(
        "http://localhost/pictures")


def test_code_that_shows_an_attribute_is_left_as_it_is(app, auth):
    auth.login("alice")
    auth.publish("Markup", 'Write `<img src="/x.png">` like this.')
    content = feedparser.parse(read_feed(app.test_client()).data).entries[0].content[0].value
    assert '&lt;img src="/x.png"&gt;' in content


def test_characters_xml_cannot_hold_are_left_out(app):
    # Written past the form, which strips them (PostgreSQL would refuse a NUL at all).
    with app.app_context():
        author = Author(issuer="https://seed.example", subject="s", name="Bell\x07 Ringer")
        db.session.add(Post(slug="bells", title="Ding\x01dong\x0b\ufffe", body="<p>a\x1fb</p>",
                            excerpt="x\x02y", author=author))
        db.session.commit()
    response = read_feed(app.test_client())
    assert_valid(response.data, "atom")
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0 and parsed.entries[0].title == "Dingdong"


def test_the_entry_id_stays_when_the_post_is_renamed(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("First name", "Text."))
    before = feedparser.parse(read_feed(app.test_client()).data).entries[0]
    auth.edit(slug, "Second name", "Text.", slug="second-name")
    after = feedparser.parse(read_feed(app.test_client()).data).entries[0]
    assert after.id == before.id and after.link != before.link
    assert after.title == "Second name"


def test_the_feed_holds_the_newest_feed_entries_posts(make_app, auth):
    app = make_app(FEED_ENTRIES=3)
    with app.app_context():
        author = Author(issuer="https://seed.example", subject="s", name="Writer")
        start = datetime(2025, 1, 1)
        db.session.add_all(Post(slug=f"p-{n}", title=f"Post {n}", body="<p>b</p>", author=author,
                                created_at=start + timedelta(days=n),
                                updated_at=start + timedelta(days=n)) for n in range(6))
        db.session.commit()
    parsed = feedparser.parse(read_feed(app.test_client()).data)
    assert [entry.title for entry in parsed.entries] == ["Post 5", "Post 4", "Post 3"]


def test_a_scheduled_post_joins_the_feed_at_its_time(app, auth, mocker):
    auth.login("alice")
    slug = slug_from(auth.publish("Now", "Text."))
    at = (clock.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    draft = auth.save_draft("Later", "Text.")
    later = draft.headers["Location"].split("/")[1]
    auth.edit(later, "Later", "Text.", "schedule", publish_at=at.isoformat() + "+00:00")
    reader = app.test_client()
    assert [e.title for e in feedparser.parse(read_feed(reader).data).entries] == ["Now"]
    mocker.patch("blog.clock.now", return_value=at + timedelta(minutes=1))
    entries = feedparser.parse(read_feed(reader).data).entries
    assert [entry.title for entry in entries] == ["Later", "Now"]
    # Updated no earlier than it appeared: readers that sort by it see it as new.
    assert entries[0].updated.startswith(at.strftime("%Y-%m-%dT%H:%M"))
    assert slug


@pytest.mark.parametrize("cache_entries", [1000, 0], ids=["page cache", "no page cache"])
def test_the_feed_answers_304_to_either_validator(make_app, auth, cache_entries):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=cache_entries)
    auth.client = app.test_client()
    auth.login("alice")
    auth.publish("Hello", "Text.")
    reader = app.test_client()
    first = read_feed(reader)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert reader.get("/feed.atom", headers={"If-None-Match": etag}).status_code == 304
    assert reader.get("/feed.atom", headers={"If-Modified-Since": modified}).status_code == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert reader.get("/feed.atom", headers={"If-Modified-Since": older}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
    assert reader.get("/feed.atom", headers={"If-None-Match": '"other"',
                                             "If-Modified-Since": modified}).status_code == 200


def test_a_new_post_changes_both_validators(app, auth, mocker):
    auth.login("alice")
    auth.publish("Hello", "Text.")
    reader = app.test_client()
    first = read_feed(reader)
    # Last-Modified counts whole seconds: the next post is published a minute later.
    mocker.patch("blog.clock.now", return_value=clock.now() + timedelta(minutes=1))
    auth.publish("Again", "Text.")
    assert reader.get("/feed.atom", headers={
        "If-None-Match": first.headers["ETag"]}).status_code == 200
    assert reader.get("/feed.atom", headers={
        "If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200


def test_every_page_announces_the_feed(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("Hello", "Text."))
    reader = app.test_client()
    link = ('<link rel="alternate" type="application/atom+xml" title="The Blog" '
            'href="http://localhost/feed.atom">')
    for path in ("/", f"/{slug}", "/?page=1"):
        assert link in reader.get(path).text


@pytest.fixture
def two_authors_posts(auth, make_author):
    """Alice's "Open letter" (News) and "Garden notes" (Garden), Bob's "Bob's news" (News)."""
    auth.login("alice")
    assert auth.publish("Open letter", "Words.", tags="News").status_code == 302
    assert auth.publish("Garden notes", "Roses.", tags="Garden").status_code == 302
    bob = make_author("bob")
    assert bob.publish("Bob's news", "Hello.", tags="News").status_code == 302


@pytest.mark.parametrize(("path", "titles", "page"), [
    ("/authors/alice/feed.atom", ["Garden notes", "Open letter"], "http://localhost/authors/alice"),
    ("/tags/news/feed.atom", ["Bob's news", "Open letter"], "http://localhost/tags/news"),
])
def test_an_author_or_a_tag_has_a_valid_feed_of_its_own_posts(app, two_authors_posts, path,
                                                              titles, page):
    response = app.test_client().get(path)
    assert response.mimetype == "application/atom+xml"
    assert_valid(response.data, "atom")
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == titles
    assert parsed.feed.link == page
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == "http://localhost" + path


def test_entries_name_their_author_with_the_address_of_their_page(app, two_authors_posts):
    parsed = feedparser.parse(app.test_client().get("/tags/news/feed.atom").data)
    assert [(entry.author_detail.name, entry.author_detail.href) for entry in parsed.entries] == [
        ("Bob", "http://localhost/authors/bob"), ("Alice", "http://localhost/authors/alice")]


def test_author_and_tag_pages_announce_their_feeds(app, two_authors_posts):
    reader = app.test_client()
    for page, feed in (("/authors/alice", "/authors/alice/feed.atom"),
                       ("/tags/news", "/tags/news/feed.atom")):
        text = reader.get(page).text
        assert 'type="application/atom+xml" title="' in text
        assert f'href="http://localhost{feed}"' in text, page
        assert 'href="http://localhost/feed.atom"' in text  # the site's, too


@pytest.mark.parametrize("path", ["/authors/nobody/feed.atom", "/tags/nothing/feed.atom"])
def test_the_feed_of_an_unknown_author_or_tag_is_not_found(app, path):
    assert app.test_client().get(path).status_code == 404
