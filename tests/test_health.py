"""GET /healthz, and the blog while its database is unreachable: 503 pages, then recovery."""

from __future__ import annotations

import logging

import pytest

from blog.posts.slugs import unique_slug


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.text
    assert "temporarily unavailable" in response.text
    assert 'class="site-header"' in response.text
    assert "Traceback" not in response.text
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]


def test_healthz_is_ok_when_the_app_and_database_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-store" in response.headers["Cache-Control"]


def test_healthz_is_503_while_the_database_is_unreachable(fragile_database, fragile_app):
    fragile_database.cut()
    response = fragile_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.text == "database unavailable\n"


def test_a_page_is_a_503_in_the_sites_layout_while_the_database_is_unreachable(fragile_database,
                                                                                fragile_app):
    fragile_database.cut()
    assert_unavailable_page(fragile_app.test_client().get("/"))


def test_the_blog_recovers_by_itself_when_the_database_comes_back(fragile_database, fragile_app):
    client = fragile_app.test_client()
    fragile_database.cut()
    assert client.get("/").status_code == 503
    fragile_database.restore()
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_database_lost_under_a_running_blog_is_a_503_until_it_is_back(fragile_database,
                                                                       fragile_app, make_auth):
    if fragile_database.survives_open_connections:
        pytest.skip("an open SQLite file stays readable when its directory goes away; "
                    "the PostgreSQL run takes the server away with a TCP proxy")
    author = make_auth(fragile_app)
    author.login("alice")
    assert author.client.get("/dashboard").status_code == 200
    fragile_database.cut()
    assert_unavailable_page(author.client.get("/dashboard"))
    assert author.client.get("/healthz").status_code == 503
    fragile_database.restore()
    # The pool replaces its dead connections (pool_pre_ping): no restart, and still logged in.
    assert author.client.get("/healthz").status_code == 200
    assert author.client.get("/dashboard").status_code == 200


def test_a_connection_lost_after_the_answer_was_made_still_gives_the_answer(fragile_database,
                                                                          fragile_app):
    # The database stopping between a request's last query and its end: the session's
    # closing rollback then fails, which must not turn a finished page into a 500.
    if fragile_database.survives_open_connections:
        pytest.skip("an open SQLite file stays readable when its directory goes away; "
                    "the PostgreSQL run takes the server away with a TCP proxy")
    fragile_app.after_request(cut_the_database_after(fragile_database))
    response = fragile_app.test_client().get("/")
    assert response.status_code == 200
    assert 'class="site-header"' in response.text


def test_a_database_lost_in_the_middle_of_an_authors_page_is_the_503_page(fragile_database,
                                                                          fragile_app, make_auth):
    # The author was loaded before the database went; the 503 page must not load it again.
    if fragile_database.survives_open_connections:
        pytest.skip("an open SQLite file stays readable when its directory goes away; "
                    "the PostgreSQL run takes the server away with a TCP proxy")
    armed = []
    fragile_app.before_request(lambda: fragile_database.cut() if armed else None)
    author = make_auth(fragile_app)
    author.login("alice")
    armed.append(True)
    response = author.client.get("/dashboard")
    assert_unavailable_page(response)
    assert "no-store" in response.headers["Cache-Control"]


def cut_the_database_after(database):
    """An after_request hook that takes the database away once the answer is made."""
    def cut(response):
        database.cut()
        return response
    return cut


def test_an_outage_is_logged_without_sql_or_parameters(fragile_database, fragile_app, caplog):
    caplog.set_level(logging.INFO, logger="blog")
    fragile_database.cut()
    fragile_app.test_client().get("/")
    messages = [record.getMessage() for record in caplog.records if record.name == "blog"]
    assert any(message.startswith("database unavailable: OperationalError") for message in messages)
    assert not any("SELECT" in message or "parameters" in message for message in messages)


def test_healthz_is_a_reserved_slug(app):
    with app.app_context():
        assert unique_slug("healthz") == "healthz-2"
