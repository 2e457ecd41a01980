"""Error pages are in the site's layout; a 500 rolls the database session back."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import Author


def test_not_found_is_a_page_in_the_layout(client):
    response = client.get("/no-such-post")
    assert response.status_code == 404
    assert "Not found" in response.text
    assert 'class="site-header"' in response.text


def test_a_wrong_method_is_a_405_page(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "Method not allowed" in response.text
    assert "GET" in response.headers["Allow"]


def test_a_server_error_rolls_back_and_shows_the_500_page(make_app):
    app = make_app()

    @app.get("/boom")
    def boom():
        db.session.add(Author(issuer="x", subject="half-done", name="Half done"))
        db.session.flush()
        raise RuntimeError("boom")

    app.testing = False  # let the error handler run instead of propagating
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "boom" not in response.text
    with app.app_context():
        assert db.session.execute(db.select(Author)).first() is None


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413, 500])
def test_each_error_page_has_its_title(app, status):
    from blog.errors import MESSAGES
    from blog.errors import render_error

    with app.test_request_context():
        from flask import g

        g.user = None
        body, code = render_error(status)
    assert code == status
    assert MESSAGES[status][0] in body
