"""On PostgreSQL the public version is pushed to each worker (LISTEN/NOTIFY): public requests make
no statement for it, a change made elsewhere shows within MAX_STALENESS, and a listener whose
connection is cut gives way to reading per request until it is back."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from blog import clock
from blog.caching import push as push_module
from tests.helpers import app_factory
from tests.helpers import draft_slug_from
from tests.version_push import push_of
from tests.version_push import version_reads
from tests.version_push import wait_for_push
from tests.version_push import wait_until


@pytest.fixture
def published(push_app, make_auth):
    """Alice's published post "First light" on push_app; its slug."""
    alice = make_auth(push_app)
    alice.login("alice")
    response = alice.publish("First light", "Dawn over the hills.")
    return response.headers["Location"].lstrip("/")


@pytest.fixture
def reader(push_app, published):
    """An anonymous browser that has read the index once (so the listener runs)."""
    browser = push_app.test_client()
    assert "First light" in browser.get("/").text
    return browser


def test_the_listener_starts_at_the_first_read_not_with_the_app(push_app):
    # gunicorn forks after create_app: a thread started then would not exist in the workers.
    assert not push_of(push_app).running
    push_app.test_client().get("/")
    assert push_of(push_app).running


def test_operators_see_the_listener_by_name(push_app, reader, another_worker):
    wait_for_push(push_app)
    assert (another_worker.application_name(push_of(push_app).backend_pid)
            == push_module.APPLICATION_NAME)


def test_a_public_request_makes_no_statement_while_push_is_healthy(push_app, reader,
                                                                   record_queries):
    wait_for_push(push_app)
    with record_queries(push_app) as statements:
        assert reader.get("/").status_code == 200
    assert statements == []


def test_a_change_made_by_another_worker_reaches_this_one_by_push(push_app, reader, published,
                                                                  another_worker,
                                                                  record_queries):
    before = wait_for_push(push_app)
    another_worker.rename_post(published, "Second light")
    wait_for_push(push_app, unlike=before)
    with record_queries(push_app) as statements:
        page = reader.get("/")
    assert "Second light" in page.text
    assert version_reads(statements) == []


def test_a_change_made_elsewhere_shows_once_the_staleness_bound_has_passed(push_app, reader,
                                                                           published,
                                                                           another_worker):
    wait_for_push(push_app)
    another_worker.rename_post(published, "Second light")
    # Whatever the listener did meanwhile (pushed it, or was too late and readers poll).
    time.sleep(push_module.MAX_STALENESS)
    assert "Second light" in reader.get("/").text


def test_a_value_confirmed_longer_ago_than_the_bound_is_not_used(push_app, reader, mocker,
                                                                 record_queries):
    wait_for_push(push_app)
    mocker.patch.object(push_module, "MAX_STALENESS", 0)
    with record_queries(push_app) as statements:
        assert reader.get("/").status_code == 200
    assert len(version_reads(statements)) == 1


def test_this_workers_own_change_shows_at_its_next_request(push_app, reader, published,
                                                           make_auth):
    wait_for_push(push_app)
    alice = make_auth(push_app)
    alice.login("alice")
    alice.edit(published, "Second light", "Dawn over the hills.", "publish")
    # No wait: the commit itself, not its notification, tells this process.
    assert "Second light" in reader.get("/").text


def test_with_the_listeners_connection_cut_requests_read_the_version_themselves(
        push_app, reader, published, another_worker, mocker, record_queries, caplog):
    wait_for_push(push_app)
    # The listener stays away for the rest of the test (the engine's disposal ends its wait).
    mocker.patch.object(push_module, "RECONNECT_DELAYS", (3600,))
    listener = push_of(push_app)
    another_worker.terminate(listener.backend_pid)
    wait_until(lambda: "content version push lost" in caplog.text, "the loss logged")
    another_worker.rename_post(published, "Second light")
    with record_queries(push_app) as statements:
        page = reader.get("/")
    assert "Second light" in page.text
    assert len(version_reads(statements)) == 1
    assert listener.current() is None


def test_the_listener_reconnects_and_push_resumes(push_app, reader, published, another_worker,
                                                  record_queries, caplog):
    wait_for_push(push_app)
    listener = push_of(push_app)
    cut = listener.backend_pid
    another_worker.terminate(cut)
    wait_until(lambda: "content version push resumed" in caplog.text, "push resumed")
    assert listener.backend_pid != cut
    before = wait_for_push(push_app)
    another_worker.rename_post(published, "Second light")
    wait_for_push(push_app, unlike=before)
    with record_queries(push_app) as statements:
        assert "Second light" in reader.get("/").text
    assert version_reads(statements) == []


def test_the_loss_is_logged_with_its_reason_and_not_the_database_url(push_app, reader,
                                                                     another_worker, caplog):
    wait_for_push(push_app)
    another_worker.terminate(push_of(push_app).backend_pid)
    wait_until(lambda: "content version push lost" in caplog.text, "the loss logged")
    assert "content version push lost (OperationalError: " in caplog.text
    assert push_app.config["SQLALCHEMY_DATABASE_URI"] not in caplog.text


def test_a_scheduled_post_appears_at_its_time_then_push_resumes(push_app, make_auth, mocker,
                                                                record_queries):
    alice = make_auth(push_app)
    alice.login("alice")
    at = (clock.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    slug = alice.publish("Morning news", "Read all about it.").headers["Location"].lstrip("/")
    alice.edit(slug, "Morning news", "Read all about it.", "draft")
    slug = draft_slug_from(alice.edit(slug, "Morning news", "Read all about it.", "schedule",
                                      publish_at=at.isoformat() + "+00:00"))
    reader = push_app.test_client()
    assert "Morning news" not in reader.get("/").text
    wait_for_push(push_app)
    mocker.patch("blog.clock.now", return_value=at + timedelta(seconds=1))
    # At once: the pushed value holds only until the next scheduled post's time.
    assert "Morning news" in reader.get("/").text
    assert reader.get(f"/{slug}").status_code == 200
    wait_for_push(push_app)  # the listener read it again by the new clock
    with record_queries(push_app) as statements:
        assert "Morning news" in reader.get("/").text
    assert statements == []


def test_sqlite_keeps_one_read_a_request_and_no_thread(provider, tmp_path, record_queries):
    with app_factory(f"sqlite:///{tmp_path / 'blog.sqlite'}", {
            "TESTING": True, "SECRET_KEY": "test-secret-key", "OIDC_ISSUER": provider.url,
            "OIDC_CLIENT_ID": "x", "OIDC_CLIENT_SECRET": "x",
            "CONTENT_VERSION_PUSH": "on"}) as make:
        app = make()
        reader = app.test_client()
        reader.get("/")
        with record_queries(app) as statements:
            reader.get("/")
        assert push_of(app) is None
        assert len(version_reads(statements)) == 1


def test_push_can_be_turned_off(provider, postgres_url, record_queries):
    with app_factory(postgres_url, {
            "TESTING": True, "SECRET_KEY": "test-secret-key", "OIDC_ISSUER": provider.url,
            "OIDC_CLIENT_ID": "x", "OIDC_CLIENT_SECRET": "x",
            "CONTENT_VERSION_PUSH": "off"}) as make:
        app = make()
        assert push_of(app) is None
