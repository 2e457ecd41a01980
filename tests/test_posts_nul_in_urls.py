"""A NUL in a URL's path names no post (no database column holds one): 404, never a 500."""

from __future__ import annotations

import pytest

from blog.demo import seed_demo

SLUG_PATHS = ["/a%00b", "/%00", "/a%00b/edit", "/a%00b/delete"]


@pytest.fixture
def posts(app):
    """A few posts, so that the database is queried as it would be on a live blog."""
    with app.app_context():
        seed_demo(3, 1)


@pytest.mark.parametrize("path", SLUG_PATHS)
def test_a_reader_asking_for_a_slug_with_a_nul_gets_not_found(posts, client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", SLUG_PATHS)
def test_an_author_asking_for_a_slug_with_a_nul_gets_not_found(posts, auth, client, path):
    auth.login("alice")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/a%00b/edit", "/a%00b/delete"])
def test_an_author_posting_to_a_slug_with_a_nul_gets_not_found(posts, auth, client, path):
    auth.login("alice")
    token = auth.csrf_token("/dashboard")
    response = client.post(path, data={"csrf_token": token, "title": "T", "body": "<p>b</p>"})
    assert response.status_code == 404
