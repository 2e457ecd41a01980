"""The real blog (gunicorn) behind a real Varnish running deploy/varnish.vcl: readers are served
from the cache, every change reaches them within a second (the blog purges what it changed), and
nothing of an author's ever reaches another browser."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from tests.varnish.cache_browsing import VISIBLE_WITHIN
from tests.varnish.cache_browsing import Author
from tests.varnish.cache_browsing import cached_read
from tests.varnish.cache_browsing import read
from tests.varnish.cache_browsing import seconds_until
from tests.varnish.cache_browsing import served_from_cache

# Public surfaces that list a new post, each with what shows it there.
LISTINGS = {"index": "/", "feed": "/feed.atom", "api": "/api/v1/posts", "tag": "/tags/garden"}
# What an author's pages show that no reader's page does.
AUTHOR_MARKS = ("Log out", "/dashboard", "Alice")


@pytest.fixture
def published(author) -> dict[str, str]:
    """Two posts of alice's, tagged Garden: their addresses by title."""
    return {title: author.publish(title, f"About *{title}*.", tags="Garden")
            for title in ("Tulips", "Roses")}


@pytest.mark.parametrize("listing", LISTINGS.values(), ids=LISTINGS.keys())
def test_a_new_post_reaches_readers_through_the_cache_within_a_second(
        cached_blog, author, published, listing):
    cached_read(cached_blog.url + listing)
    author.publish("Daffodils", "Yellow *ones*.", tags="Garden")
    took = seconds_until(lambda: "Daffodils" in read(cached_blog.url + listing).text,
                         timeout=5)
    assert took is not None, f"{listing} still lacks the new post 5 s after publishing"
    assert took <= VISIBLE_WITHIN, f"{listing} showed the new post after {took:.2f} s"


def test_an_edit_reaches_readers_of_the_post_within_a_second(cached_blog, author, published):
    cached_read(cached_blog.url + published["Tulips"])
    author.retitle(published["Tulips"], "Tulips in April")
    took = seconds_until(lambda: "Tulips in April" in read(
        cached_blog.url + published["Tulips"]).text, timeout=5)
    assert took is not None and took <= VISIBLE_WITHIN, took


def test_the_pages_are_served_from_the_cache_in_between(cached_blog, published):
    for path in ("/", published["Roses"], "/feed.atom", "/api/v1/posts", "/tags", "/sitemap.xml"):
        answer = cached_read(cached_blog.url + path)
        assert answer.status_code == 200, path
        assert "Set-Cookie" not in answer.headers and "Surrogate-Key" not in answer.headers


def test_a_scheduled_post_appears_to_readers_on_time(cached_blog, author):
    at = (datetime.now(UTC) + timedelta(seconds=3)).replace(microsecond=0)
    author.schedule("Dawn chorus", at.isoformat())
    cached_read(cached_blog.url + "/")
    seen_early = []

    def shown() -> bool:
        if "Dawn chorus" not in read(cached_blog.url + "/").text:
            return False
        seen_early.append(datetime.now(UTC) < at)
        return True

    assert seconds_until(shown, timeout=10) is not None, "never appeared"
    late = (datetime.now(UTC) - at).total_seconds()
    assert seen_early == [False], "shown before its time"
    assert late <= VISIBLE_WITHIN, f"appeared {late:.2f} s after its time"


def test_a_purge_of_one_post_leaves_the_other_posts_cached(cached_blog, author, published):
    for path in published.values():
        cached_read(cached_blog.url + path)
    hits_before = cached_blog.varnish.counters()["MAIN.cache_hit"]
    author.retitle(published["Tulips"], "Tulips in May")
    assert seconds_until(lambda: "Tulips in May" in read(
        cached_blog.url + published["Tulips"]).text, timeout=5) is not None
    roses = read(cached_blog.url + published["Roses"])
    assert served_from_cache(roses) and "Roses" in roses.text
    assert cached_blog.varnish.counters()["MAIN.cache_hit"] > hits_before


def test_an_authors_pages_are_never_stored(cached_blog, author, published):
    for path in ("/", published["Tulips"], "/dashboard", "/feed.atom"):
        answers = [author.get(path) for _ in range(2)]
        assert not any(served_from_cache(answer) for answer in answers), path
        assert all("no-store" in answer.headers["Cache-Control"] for answer in answers), path


@pytest.mark.parametrize("path", ["/", "/tags/garden", "/feed.atom"])
def test_a_reader_after_an_author_gets_a_readers_page(cached_blog, author, published, path):
    page = author.get(path)
    assert "Log out" in page.text or path == "/feed.atom"
    answer = read(cached_blog.url + path)
    assert not served_from_cache(answer)  # nothing the author saw was stored
    assert not any(mark in answer.text for mark in AUTHOR_MARKS[:2]), path
    assert "Set-Cookie" not in answer.headers


def test_a_flash_is_shown_to_its_author_only(cached_blog, author):
    path = author.publish("Lilies", "White *ones*.")
    # The author's browser follows the redirect and sees the flash; a reader never does.
    reader_first = read(cached_blog.url + path)
    assert "Published" in author.get(path).text
    for answer in (reader_first, read(cached_blog.url + path), cached_read(cached_blog.url + path)):
        assert "Published “Lilies”" not in answer.text
        assert "Set-Cookie" not in answer.headers


def test_a_cookie_the_blog_sets_is_given_to_no_other_browser(cached_blog):
    first = read(cached_blog.url + "/login")
    second = read(cached_blog.url + "/login")
    assert "Set-Cookie" in first.headers and "Set-Cookie" in second.headers
    assert first.headers["Set-Cookie"] != second.headers["Set-Cookie"]
    assert not served_from_cache(second)


def test_a_reader_with_analytics_cookies_is_served_from_the_cache(cached_blog, published):
    cached_read(cached_blog.url + "/")
    assert served_from_cache(read(cached_blog.url + "/", Cookie="_ga=GA1.2.3; consent=all"))


def test_an_author_logging_in_leaves_readers_their_cached_pages(cached_blog, published):
    cached_read(cached_blog.url + "/")
    Author(cached_blog.url, "bob")
    assert served_from_cache(read(cached_blog.url + "/"))
