"""The API over HTTP: no cookies read or set, ETags and 304s, CORS on every answer, problem
details for every error, the security headers."""

from __future__ import annotations

import pytest

from blog.security import CONTENT_SECURITY_POLICY
from tests.helpers import PUBLIC_CACHE_CONTROL

LISTS = ["/api/v1/posts", "/api/v1/posts?tag=news", "/api/v1/tags", "/api/v1/authors",
         "/api/v1/pages", "/api/v1/site", "/api/v1/openapi.json"]
EXPOSED = "ETag, Link"


def test_a_logged_in_author_gets_exactly_what_a_reader_gets(app, client, api_blog):
    # client is alice's browser, with her session cookie.
    reader = app.test_client()
    for path in [*LISTS, f"/api/v1/posts/{api_blog['First light']}"]:
        mine, theirs = client.get(path), reader.get(path)
        assert mine.status_code == 200, path
        assert mine.get_data() == theirs.get_data(), path
        assert mine.headers["ETag"] == theirs.headers["ETag"], path
        assert mine.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL, path


def test_the_api_never_reads_the_session_cookie(app, client, api_blog, mocker):
    loaded = mocker.spy(app.session_interface, "open_session")
    answer = client.get("/api/v1/posts?author=alice")
    assert answer.status_code == 200
    for call in loaded.call_args_list:
        assert "HTTP_COOKIE" not in call.args[1].environ


@pytest.mark.parametrize("path", [*LISTS, "/api/v1/nothing", "/api/v1/posts?page=0"])
def test_no_answer_sets_a_cookie(client, api_blog, path):
    answer = client.get(path)
    assert "Set-Cookie" not in answer.headers
    assert "Cookie" not in answer.headers.get("Vary", "")


def test_a_post_request_that_would_set_a_cookie_still_sets_none(client, api_blog):
    answer = client.post("/api/v1/posts", data={"x": "1"})
    assert answer.status_code == 405
    assert "Set-Cookie" not in answer.headers


@pytest.mark.parametrize("path", LISTS)
def test_a_matching_etag_is_a_304_with_cors(app, api_blog, path):
    reader = app.test_client()
    etag = reader.get(path).headers["ETag"]
    for _ in range(2):  # rendered, then from the page cache
        answer = reader.get(path, headers={"If-None-Match": etag})
        assert answer.status_code == 304
        assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_the_etag_changes_with_the_content(app, auth, api_blog):
    reader = app.test_client()
    before = reader.get("/api/v1/posts").headers["ETag"]
    auth.publish("Third", "More.")
    answer = reader.get("/api/v1/posts", headers={"If-None-Match": before})
    assert answer.status_code == 200
    assert answer.get_json()["items"][0]["title"] == "Third"


@pytest.mark.parametrize("path", [*LISTS, "/api/v1/posts/nothing", "/api/v1/nothing",
                                  "/api/v1/posts?limit=0"])
def test_every_answer_allows_any_origin_to_read_it(app, api_blog, path):
    for answer in (app.test_client().get(path), app.test_client().get(path)):
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert answer.headers["Access-Control-Expose-Headers"] == EXPOSED
        assert "Access-Control-Allow-Credentials" not in answer.headers


@pytest.mark.parametrize("path", ["/api/v1/posts", "/api/v1/posts/a-post", "/api/v1/site"])
def test_a_preflight_is_answered_204(app, path):
    answer = app.test_client().options(path, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert answer.status_code == 204
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    allowed = answer.headers["Access-Control-Allow-Headers"]
    assert "If-None-Match" in allowed and "If-Modified-Since" in allowed
    assert int(answer.headers["Access-Control-Max-Age"]) > 0
    assert answer.get_data() == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_other_methods_are_a_405_problem_with_allow(app, method):
    answer = app.test_client().open("/api/v1/posts", method=method)
    assert answer.status_code == 405
    assert answer.mimetype == "application/problem+json"
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert answer.get_json()["status"] == 405


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v2/posts", "/api/", "/api",
                                  "/api/v1/posts/a/b"])
def test_an_unknown_api_path_is_a_404_problem(app, path):
    answer = app.test_client().get(path)
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json() == {"type": "about:blank", "title": "Not Found", "status": 404,
                                 "detail": "There is nothing at this address."}


def test_pages_outside_the_api_keep_their_html_errors(app):
    answer = app.test_client().get("/apis/nothing")
    assert answer.status_code == 404
    assert answer.mimetype == "text/html"


def test_an_error_inside_a_handler_is_a_500_problem(app, api_blog, mocker):
    mocker.patch("blog.api.views.directory.tags_with_counts", side_effect=RuntimeError("boom"))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    answer = app.test_client().get("/api/v1/tags")
    assert answer.status_code == 500
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["title"] == "Internal Server Error"
    assert "boom" not in answer.get_data(as_text=True)
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_json_answers_carry_the_security_headers(app, api_blog):
    answer = app.test_client().get("/api/v1/posts")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Security-Policy"].startswith(
        f"default-src {CONTENT_SECURITY_POLICY['default-src']}")
    assert answer.mimetype == "application/json"
    assert answer.get_json()["items"]


def test_head_answers_the_headers_of_get(app, api_blog):
    reader = app.test_client()
    head, get = reader.head("/api/v1/posts"), reader.get("/api/v1/posts")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Type"] == "application/json"
