"""GET /api/v1/posts and /api/v1/posts/<slug>: public posts only, their fields, pagination by
page number and by cursor, the tag and author filters, strict parameters."""

from __future__ import annotations

import re

import pytest

from blog.extensions import db
from blog.models import Post
from blog.models import PostRedirect
from tests.helpers import seed_posts

ITEM_FIELDS = {"id", "slug", "url", "api_url", "title", "summary", "excerpt", "published_at",
               "updated_at", "reading_minutes", "tags", "authors", "feature_image"}
RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def titles(answer) -> list[str]:
    return [item["title"] for item in answer.get_json()["items"]]


def test_the_list_holds_public_posts_newest_first(app, api_blog):
    answer = app.test_client().get("/api/v1/posts")
    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    assert titles(answer) == ["Bob's notes", "Second wind", "First light"]


def test_an_item_has_the_documented_fields(app, api_blog):
    item = app.test_client().get("/api/v1/posts").get_json()["items"][1]
    assert set(item) == ITEM_FIELDS
    assert item["url"] == f"http://localhost/{api_blog['Second wind']}"
    assert item["api_url"] == f"http://localhost/api/v1/posts/{api_blog['Second wind']}"
    assert (item["summary"], item["excerpt"]) == ("Gusts.", "Gusts.")
    assert [tag["slug"] for tag in item["tags"]] == ["news", "python"]
    assert item["tags"][0] == {"slug": "news", "name": "News",
                               "url": "http://localhost/tags/news"}
    assert item["authors"] == [{"slug": "alice", "name": "Alice",
                                "url": "http://localhost/authors/alice"}]
    assert RFC3339_UTC.fullmatch(item["published_at"])
    assert RFC3339_UTC.fullmatch(item["updated_at"])
    assert item["reading_minutes"] >= 1
    assert item["feature_image"] is None


def test_one_post_has_its_sanitized_html(app, api_blog):
    answer = app.test_client().get(f"/api/v1/posts/{api_blog['First light']}")
    assert answer.status_code == 200
    post = answer.get_json()
    assert set(post) == ITEM_FIELDS | {"html"}
    assert post["html"].strip() == "<p>Words of <em>First light</em>.</p>"


def test_a_feature_image_has_its_url_size_and_alt(app, auth, api_blog):
    from tests.images import png

    url = auth.upload_image(png(300, 100), alt="The pad").get_json()["url"]
    response = auth.publish("Launch day", "Up.", feature_image=url)
    assert response.status_code == 302
    item = app.test_client().get("/api/v1/posts").get_json()["items"][0]
    image = item["feature_image"]
    assert image["url"].startswith("http://localhost/media/")
    assert (image["width"], image["height"], image["alt"]) == (300, 100, "The pad")
    assert app.test_client().get(image["url"].removeprefix("http://localhost")).status_code == 200


@pytest.mark.parametrize("who", ["reader", "its author"])
def test_a_draft_is_not_found_even_for_its_author(app, client, api_blog, who):
    browser = client if who == "its author" else app.test_client()
    answer = browser.get(f"/api/v1/posts/{api_blog['Secret plans']}")
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"


def test_an_earlier_address_redirects_to_the_api_url_of_the_current_one(app, api_blog):
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=api_blog["First light"])
                                  ).scalar_one()
        db.session.add(PostRedirect(slug="old-light", post_id=post.id))
        db.session.commit()
    answer = app.test_client().get("/api/v1/posts/old-light")
    assert answer.status_code == 301
    assert answer.headers["Location"] == (
        f"http://localhost/api/v1/posts/{api_blog['First light']}")
    assert answer.get_data() == b"" and "Content-Type" not in answer.headers


def test_an_unknown_post_is_a_404_problem(app, api_blog):
    answer = app.test_client().get("/api/v1/posts/no-such-post")
    assert answer.status_code == 404
    assert answer.get_json()["detail"] == "No public post has this slug."


@pytest.mark.parametrize(("query", "expected"), [
    ("tag=news", ["Second wind", "First light"]),
    ("tag=python", ["Bob's notes", "Second wind"]),
    ("author=alice", ["Second wind", "First light"]),
    ("author=bob", ["Bob's notes"]),
    ("tag=python&author=alice", ["Second wind"]),
    ("tag=news&author=bob", []),
])
def test_filters_by_tag_and_author(app, api_blog, query, expected):
    answer = app.test_client().get(f"/api/v1/posts?{query}")
    assert answer.status_code == 200
    assert titles(answer) == expected
    assert answer.get_json()["total"] == len(expected)


@pytest.mark.parametrize("query", ["tag=nothing", "author=nobody", "tag=secret",
                                   "tag=news&author=nobody"])
def test_an_unknown_tag_or_author_or_one_with_no_public_post_is_a_404_problem(app, api_blog,
                                                                              query):
    answer = app.test_client().get(f"/api/v1/posts?{query}")
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"


def test_pages_by_number_count_the_posts(app):
    seed_posts(app, 5)
    reader = app.test_client()
    first = reader.get("/api/v1/posts?limit=2").get_json()
    assert [item["slug"] for item in first["items"]] == ["post-5", "post-4"]
    assert (first["page"], first["pages"], first["total"], first["limit"]) == (1, 3, 5, 2)
    assert first["next"] == "http://localhost/api/v1/posts?limit=2&page=2"
    assert first["previous"] is None
    last = reader.get("/api/v1/posts?limit=2&page=3").get_json()
    assert [item["slug"] for item in last["items"]] == ["post-1"]
    assert (last["next"], last["next_cursor"]) == (None, None)
    assert last["previous"] == "http://localhost/api/v1/posts?limit=2&page=2"


def test_a_page_past_the_end_is_a_404_problem(app):
    seed_posts(app, 3)
    answer = app.test_client().get("/api/v1/posts?page=2")
    assert answer.status_code == 404
    assert "past the last page" in answer.get_json()["detail"]


def test_an_empty_blog_has_one_empty_page(app):
    answer = app.test_client().get("/api/v1/posts").get_json()
    assert (answer["items"], answer["total"], answer["pages"], answer["next"]) == ([], 0, 1,
                                                                                  None)


def test_following_next_cursor_reads_every_post_once_in_order(app):
    seed_posts(app, 7)
    reader = app.test_client()
    seen, cursor = [], None
    while True:
        answer = reader.get("/api/v1/posts", query_string={"limit": 3, "cursor": cursor}
                            if cursor else {"limit": 3}).get_json()
        seen += [item["slug"] for item in answer["items"]]
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"post-{n}" for n in range(7, 0, -1)]


def test_a_cursor_page_is_not_counted(app):
    seed_posts(app, 4)
    reader = app.test_client()
    cursor = reader.get("/api/v1/posts?limit=2").get_json()["next_cursor"]
    answer = reader.get(f"/api/v1/posts?limit=2&cursor={cursor}").get_json()
    assert [item["slug"] for item in answer["items"]] == ["post-2", "post-1"]
    assert (answer["page"], answer["pages"], answer["total"]) == (None, None, None)
    assert answer["next_cursor"] is None


def test_the_next_url_of_a_cursor_page_carries_the_next_cursor(app):
    seed_posts(app, 5)
    reader = app.test_client()
    cursor = reader.get("/api/v1/posts?limit=2").get_json()["next_cursor"]
    answer = reader.get(f"/api/v1/posts?limit=2&cursor={cursor}")
    following = answer.get_json()["next_cursor"]
    assert answer.get_json()["next"] == (
        f"http://localhost/api/v1/posts?limit=2&cursor={following}")
    assert answer.headers["Link"] == f'<{answer.get_json()["next"]}>; rel="next"'


def test_a_cursor_stays_valid_when_newer_posts_arrive(app, auth):
    seed_posts(app, 4)
    reader = app.test_client()
    cursor = reader.get("/api/v1/posts?limit=2").get_json()["next_cursor"]
    auth.login("alice")
    auth.publish("Breaking", "New.")
    answer = reader.get(f"/api/v1/posts?limit=2&cursor={cursor}").get_json()
    assert [item["slug"] for item in answer["items"]] == ["post-2", "post-1"]


def test_the_link_header_names_the_next_and_previous_pages(app):
    seed_posts(app, 5)
    answer = app.test_client().get("/api/v1/posts?limit=2&page=2")
    assert answer.headers["Link"] == (
        '<http://localhost/api/v1/posts?limit=2&page=3>; rel="next", '
        '<http://localhost/api/v1/posts?limit=2>; rel="prev"')


def test_a_cursor_of_a_tag_listing_follows_the_tag(app, api_blog):
    reader = app.test_client()
    first = reader.get("/api/v1/posts?tag=news&limit=1").get_json()
    assert first["next"].startswith("http://localhost/api/v1/posts?tag=news&limit=1&page=2")
    second = reader.get(f"/api/v1/posts?tag=news&limit=1&cursor={first['next_cursor']}")
    assert titles(second) == ["First light"]


def test_a_cursor_walks_posts_published_at_the_same_moment_by_id(app):
    seed_posts(app, 5)
    with app.app_context():
        for post in db.session.execute(db.select(Post)).scalars():
            post.published_at = post.created_at.replace(hour=3, minute=0)
        db.session.commit()
    reader = app.test_client()
    seen, query = [], {"limit": 2}
    while True:
        answer = reader.get("/api/v1/posts", query_string=query).get_json()
        seen += [item["slug"] for item in answer["items"]]
        if answer["next_cursor"] is None:
            break
        query = {"limit": 2, "cursor": answer["next_cursor"]}
    assert seen == [f"post-{n}" for n in range(5, 0, -1)]
