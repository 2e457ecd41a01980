"""GET /healthz, and the blog while its database is unreachable: 503 pages, then recovery."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from blog.extensions import db
from blog.posts.slugs import unique_slug
from tests.conftest import AuthActions
from tests.databases import is_postgres
from tests.tcp_proxy import TCPProxy


class ProxiedDatabase:
    """PostgreSQL reached through a TCP proxy that can drop every connection, like a failover."""

    survives_open_connections = False

    def __init__(self, proxy: TCPProxy, url: str):
        self.proxy = proxy
        self.url = url

    def cut(self) -> None:
        self.proxy.cut()

    def restore(self) -> None:
        self.proxy.restore()


class MovableDatabase:
    """A SQLite file whose directory is moved away and back.

    A connection SQLite already opened keeps reading the moved file, so only new connections see
    the database gone.
    """

    survives_open_connections = True

    def __init__(self, directory: Path):
        self.directory = directory
        self.away = directory.with_name(directory.name + ".away")
        self.url = f"sqlite:///{directory / 'blog.sqlite'}"

    def cut(self) -> None:
        shutil.move(self.directory, self.away)

    def restore(self) -> None:
        if self.away.exists():
            shutil.move(self.away, self.directory)


@pytest.fixture
def database(database_url, tmp_path):
    """The test database, behind something that can take it away: cut() and restore()."""
    if is_postgres(database_url):
        url = make_url(database_url)
        with TCPProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
            yield ProxiedDatabase(proxy, url.set(host="127.0.0.1", port=proxy.port)
                                  .render_as_string(hide_password=False))
    else:
        directory = tmp_path / "database"
        directory.mkdir()
        yield MovableDatabase(directory)


@pytest.fixture
def fragile_app(database, make_app):
    """The blog on that database, with no connection opened yet; the database is back after."""
    app = make_app(DATABASE_URL=database.url)
    with app.app_context():
        db.engine.dispose()
    yield app
    database.restore()


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.text
    assert "temporarily unavailable" in response.text
    assert 'class="site-header"' in response.text
    assert "Traceback" not in response.text
    assert response.headers["Retry-After"] == "30"


def test_healthz_is_ok_when_the_app_and_database_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_while_the_database_is_unreachable(database, fragile_app):
    database.cut()
    response = fragile_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.text == "database unavailable\n"


def test_a_page_is_a_503_in_the_sites_layout_while_the_database_is_unreachable(database,
                                                                                fragile_app):
    database.cut()
    assert_unavailable_page(fragile_app.test_client().get("/"))


def test_the_blog_recovers_by_itself_when_the_database_comes_back(database, fragile_app):
    client = fragile_app.test_client()
    database.cut()
    assert client.get("/").status_code == 503
    database.restore()
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_database_lost_under_a_running_blog_is_a_503_until_it_is_back(database, fragile_app,
                                                                         provider):
    if database.survives_open_connections:
        pytest.skip("an open SQLite file stays readable when its directory goes away; "
                    "the PostgreSQL run takes the server away with a TCP proxy")
    author = AuthActions(fragile_app.test_client(), provider)
    author.login("alice")
    assert author.client.get("/dashboard").status_code == 200
    database.cut()
    assert_unavailable_page(author.client.get("/dashboard"))
    assert author.client.get("/healthz").status_code == 503
    database.restore()
    # The pool replaces its dead connections (pool_pre_ping): no restart, and still logged in.
    assert author.client.get("/healthz").status_code == 200
    assert author.client.get("/dashboard").status_code == 200


def test_an_outage_is_logged_without_sql_or_parameters(database, fragile_app, caplog):
    caplog.set_level(logging.INFO, logger="blog")
    database.cut()
    fragile_app.test_client().get("/")
    messages = [record.getMessage() for record in caplog.records if record.name == "blog"]
    assert any(message.startswith("database unavailable: OperationalError") for message in messages)
    assert not any("SELECT" in message or "parameters" in message for message in messages)


def test_healthz_is_a_reserved_slug(app):
    with app.app_context():
        assert unique_slug("healthz") == "healthz-2"
