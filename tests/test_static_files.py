"""Static files: content-hashed names cached for a year, plain names still served briefly cached."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import url_for

from blog.static_files import hashed_name
from blog.static_files import hashed_names

STATIC = Path(__file__).resolve().parent.parent / "blog" / "static"
CSS_HASH = hashlib.sha256((STATIC / "css" / "blog.css").read_bytes()).hexdigest()[:8]


def test_a_hashed_name_carries_the_start_of_the_contents_sha256():
    digest = hashlib.sha256(b"body {}").hexdigest()[:8]
    assert hashed_name("css/blog.css", b"body {}") == f"css/blog.{digest}.css"
    assert hashed_name("robots", b"body {}") == f"robots.{digest}"


def test_a_change_of_content_is_a_change_of_name():
    assert hashed_name("js/a.js", b"one") != hashed_name("js/a.js", b"two")


def test_every_static_file_gets_a_hashed_name():
    names = hashed_names(str(STATIC))
    assert names["css/blog.css"] == f"css/blog.{CSS_HASH}.css"
    assert re.fullmatch(r"js/autosubmit\.[0-9a-f]{8}\.js", names["js/autosubmit.js"])


def test_url_for_static_gives_the_hashed_name(app):
    with app.test_request_context():
        assert url_for("static", filename="css/blog.css") == f"/static/css/blog.{CSS_HASH}.css"


def test_pages_link_the_hashed_stylesheet(client):
    assert f'href="/static/css/blog.{CSS_HASH}.css"' in client.get("/").text


def fetch(client, path: str, **kwargs):
    """GET a static file, closing the file the response streams from."""
    with client.get(path, **kwargs) as response:
        response.get_data()
        return response


def test_the_hashed_name_is_cached_for_a_year_as_immutable(client):
    response = fetch(client, f"/static/css/blog.{CSS_HASH}.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Type"].startswith("text/css")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == (STATIC / "css" / "blog.css").read_bytes()


def test_the_plain_name_still_works_with_a_short_lifetime(client):
    response = fetch(client, "/static/css/blog.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.data == (STATIC / "css" / "blog.css").read_bytes()


def test_a_stale_hash_is_not_found(client):
    assert fetch(client, "/static/css/blog.00000000.css").status_code == 404


def test_static_files_answer_conditional_requests(client):
    first = fetch(client, f"/static/css/blog.{CSS_HASH}.css")
    again = fetch(client, f"/static/css/blog.{CSS_HASH}.css",
                  headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_debug_mode_serves_plain_names_so_that_edits_show_at_once(make_app):
    app = make_app(DEBUG=True)
    with app.test_request_context():
        assert url_for("static", filename="css/blog.css") == "/static/css/blog.css"
