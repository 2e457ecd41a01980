"""Fixtures: a real OpenID provider over HTTP, the app on a real database, and logged-in authors."""

from __future__ import annotations

import os
from contextlib import ExitStack
from contextlib import contextmanager

import pytest
from joserfc.jwk import RSAKey
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from blog.devidp import create_provider_app
from blog.devidp.keys import new_signing_key
from blog.extensions import db
from blog.settings import sqlalchemy_database_uri
from tests.api_seed import seed_api_blog
from tests.blog_process import BlogProcess
from tests.blog_process import run_release_phase
from tests.databases import ci
from tests.databases import fresh_schema
from tests.databases import is_postgres
from tests.databases import server_url
from tests.helpers import CLIENT_ID
from tests.helpers import CLIENT_SECRET
from tests.helpers import KEYED_CLIENT
from tests.helpers import PROVIDER_SECRET_KEY
from tests.helpers import ROLE_GROUP
from tests.helpers import ROLE_GROUPS
from tests.helpers import ROUTER_HEADERS
from tests.helpers import SECOND_CLIENT
from tests.helpers import TEST_CLIENT
from tests.helpers import AuthActions
from tests.helpers import Provider
from tests.helpers import app_factory
from tests.helpers import draft_slug_from
from tests.helpers import slug_from
from tests.helpers import two_providers
from tests.live_server import LiveServer
from tests.outages import MovableDatabase
from tests.outages import ProxiedDatabase
from tests.provider_faults import FaultyProvider
from tests.tcp_proxy import TCPProxy
from tests.version_push import AnotherWorker


@pytest.fixture(autouse=True)
def _restore_environment():
    """Tests may set environment variables; each test starts from the same environment."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def signing_key():
    """One RSA key for every development provider the tests build: making one is the slow part."""
    return new_signing_key()


@pytest.fixture(scope="session")
def client_key():
    """The blog's private key for private_key_jwt, registered at the provider as KEYED_CLIENT."""
    return RSAKey.generate_key(2048, auto_kid=True)


@pytest.fixture(scope="session")
def provider_app(signing_key, client_key):
    """The development OpenID provider, as a WSGI app, shared by the whole run."""
    keyed = {**KEYED_CLIENT, "jwks": {"keys": [client_key.as_dict(private=False)]}}
    return create_provider_app([TEST_CLIENT, keyed], secret_key=PROVIDER_SECRET_KEY,
                               signing_key=signing_key)


@pytest.fixture(scope="session")
def _faulty_provider(provider_app):
    return FaultyProvider(provider_app)


@pytest.fixture(scope="session")
def _provider_server(_faulty_provider):
    with LiveServer(_faulty_provider) as server:
        yield server


@pytest.fixture
def provider(_provider_server, _faulty_provider):
    """A well-behaved provider at the start of every test; faults set in a test end with it."""
    _faulty_provider.reset()
    yield Provider(_provider_server.url, _faulty_provider)
    _faulty_provider.reset()


@pytest.fixture(scope="session")
def _second_provider():
    # Its own signing key (not signing_key): tokens of one provider must not verify at the other.
    app = create_provider_app([SECOND_CLIENT], secret_key=PROVIDER_SECRET_KEY)
    faulty = FaultyProvider(app)
    with LiveServer(faulty) as server:
        yield Provider(server.url, faulty)


@pytest.fixture
def second_provider(_second_provider):
    """Another development provider over HTTP, with its own key and client (SECOND_CLIENT)."""
    _second_provider.faults.reset()
    yield _second_provider
    _second_provider.faults.reset()


@pytest.fixture
def two_provider_app(make_app, provider, second_provider):
    """The blog with two providers configured side by side (OIDC_PROVIDERS): staff, guests."""
    return make_app(OIDC_ISSUER=None, OIDC_CLIENT_ID=None, OIDC_CLIENT_SECRET=None,
                    OIDC_PROVIDERS=two_providers(provider, second_provider))


@pytest.fixture
def database_url(tmp_path):
    """An empty database for this test: a SQLite file, or a schema on TEST_DATABASE_URL's server."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not is_postgres(url):
        yield url or f"sqlite:///{tmp_path / 'blog.sqlite'}"
        return
    with fresh_schema(url) as schema_url:
        yield schema_url


@pytest.fixture
def postgres_url():
    """An empty schema on a PostgreSQL server, for tests about PostgreSQL itself.

    The server is TEST_DATABASE_URL's, else TEST_POSTGRES_URL's (scripts/test sets it for the
    SQLite pass too). Without either the test is skipped, except in CI, where it fails.
    """
    server = server_url()
    if server is None:
        message = ("needs PostgreSQL: set TEST_DATABASE_URL or TEST_POSTGRES_URL to "
                   "postgresql://... (scripts/test does when a local server answers)")
        if ci():
            pytest.fail("CI=true but " + message)
        pytest.skip(message)
    with fresh_schema(server) as url:
        yield url


def app_settings(provider, **settings) -> dict:
    """The settings every test app starts from, with the given ones over them."""
    return {"TESTING": True, "SECRET_KEY": "test-secret-key", "OIDC_ISSUER": provider.url,
            "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET, **settings}


@pytest.fixture
def make_app(provider, database_url):
    """Build apps on the test database; settings given override the test defaults."""
    # Push makes a request's statements depend on a thread's timing (budgets count them);
    # tests/test_version_push.py turns it on. Real processes (BlogProcess) keep the default.
    with app_factory(database_url, app_settings(provider, CONTENT_VERSION_PUSH="off")) as make:
        yield make


@pytest.fixture
def app(make_app):
    """The blog with test defaults."""
    return make_app()


@pytest.fixture
def push_app(provider, postgres_url):
    """The blog on PostgreSQL with the content version pushed to it (CONTENT_VERSION_PUSH on)."""
    with app_factory(postgres_url, app_settings(provider, CONTENT_VERSION_PUSH="on")) as make:
        yield make()


@pytest.fixture
def another_worker(postgres_url):
    """Writes to push_app's database on a connection of its own, as another process would."""
    engine = create_engine(sqlalchemy_database_uri(postgres_url), poolclass=NullPool)
    yield AnotherWorker(engine)
    engine.dispose()


@pytest.fixture
def record_queries():
    """`with record_queries(app) as statements:` lists the SQL the app's engine runs inside.

    Counted where SQLAlchemy hands each statement to the driver (before_cursor_execute), so a
    statement is counted however it was issued: ORM, Core or the content version's reader.
    """

    @contextmanager
    def record(app):
        with app.app_context():
            engine = db.engine
        statements: list[tuple[str, object]] = []

        def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
            statements.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return record


@pytest.fixture
def client(app):
    """A browser at the blog (Flask's test client)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Runs the blog's flask commands."""
    return app.test_cli_runner()


@pytest.fixture
def auth(client, provider):
    """Log the test client in and out (see AuthActions)."""
    return AuthActions(client, provider)


@pytest.fixture
def make_auth(provider):
    """Browsers for other app instances: make_auth(app) -> AuthActions on a new test client."""

    def make(app) -> AuthActions:
        return AuthActions(app.test_client(), provider)

    return make


@pytest.fixture
def make_author(app, provider):
    """Log in further browsers as other authors: make_author("bob") -> AuthActions."""

    def make(username: str) -> AuthActions:
        actions = AuthActions(app.test_client(), provider)
        actions.login(username)
        return actions

    return make


@pytest.fixture
def provider_groups(provider):
    """The development provider's groups per user name (its "groups" claim); empty after."""
    groups = provider.keys.groups
    groups.clear()
    yield groups
    groups.clear()


@pytest.fixture
def uncached_app(make_app):
    """The blog with its page cache off, so that every page is rendered from the database."""
    return make_app(PAGE_CACHE_MAX_ENTRIES=0)


@pytest.fixture
def editorial_app(make_app):
    """The blog with roles from the provider's groups (tests.helpers.ROLE_GROUPS)."""
    return make_app(ROLE_GROUPS=ROLE_GROUPS)


@pytest.fixture
def make_member(editorial_app, provider, provider_groups):
    """make_member("carol", "editor") -> AuthActions of a browser logged in to editorial_app
    as carol, whose provider groups give that role ("none": a group the blog does not know)."""

    def make(username: str, role: str) -> AuthActions:
        provider_groups[username] = (ROLE_GROUP[role],)
        actions = AuthActions(editorial_app.test_client(), provider)
        actions.login(username)
        return actions

    return make


@pytest.fixture
def serve_provider(signing_key):
    """Serve more providers over HTTP, for blog processes: serve_provider(origins) -> issuer URL.

    Their test client may return to each of the given blog origins (its callback and front page).
    """
    with ExitStack() as servers:

        def serve(origins: list[str]) -> str:
            client = {**TEST_CLIENT,
                      "redirect_uris": [f"{origin}/oidc/callback" for origin in origins],
                      "post_logout_redirect_uris": [f"{origin}/" for origin in origins]}
            app = create_provider_app([client], secret_key=PROVIDER_SECRET_KEY,
                                      signing_key=signing_key)
            return servers.enter_context(LiveServer(app)).url

        yield serve


@pytest.fixture
def start_blog_process(database_url, tmp_path):
    """Start real web processes of the blog (gunicorn), configured as in production.

    start_blog_process(port, issuer) runs the release phase (the migrations) on the test database
    the first time, then starts gunicorn on 127.0.0.1:port; all of them stop after the test.
    """
    processes: list[BlogProcess] = []

    def start(port: int, issuer: str, **environment: str) -> BlogProcess:
        environment = {
            "SECRET_KEY": "test-secret-key-shared-by-all-web-processes",
            "PUBLIC_URL": f"http://127.0.0.1:{port}",
            "DATABASE_URL": database_url,
            "OIDC_ISSUER": issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            # The test's browser speaks plain HTTP to loopback; production cookies are Secure.
            "FLASK_SESSION_COOKIE_SECURE": "false",
            **environment,
        }
        if not processes:
            release = run_release_phase(environment, tmp_path)
            assert release.returncode == 0, release.stdout + release.stderr
        process = BlogProcess(port, environment, tmp_path, name=f"web.{len(processes) + 1}")
        processes.append(process)
        return process.start()

    yield start
    for process in processes:
        process.stop()


@pytest.fixture
def production_app(make_app):
    """The blog configured as in production (not testing): one trusted proxy, Secure cookies."""
    return make_app(TESTING=False, PUBLIC_URL="http://localhost")


@pytest.fixture
def routed_client(production_app):
    """A browser reaching the production app through an HTTPS router."""
    client = production_app.test_client()
    client.environ_base.update(ROUTER_HEADERS)
    return client


@pytest.fixture
def fragile_database(database_url, tmp_path):
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
def fragile_app(fragile_database, make_app):
    """The blog on that database, with no connection opened yet; the database is back after."""
    app = make_app(DATABASE_URL=fragile_database.url)
    with app.app_context():
        db.engine.dispose()
    yield app
    fragile_database.restore()




@pytest.fixture
def api_blog(auth, make_author):
    """Published posts for the API: alice's "First light" (News) and "Second wind" (News,
    Python, with a summary), bob's "Bob's notes" (Python); alice's draft "Secret plans"
    (Secret). Returns the slugs by title; the test client stays logged in as alice."""
    auth.login("alice")
    slugs = {}
    for title, tags, summary in (("First light", "News", ""),
                                 ("Second wind", "News, Python", "Gusts.")):
        response = auth.publish(title, f"Words of *{title}*.", tags=tags, summary=summary)
        slugs[title] = slug_from(response)
    bob = make_author("bob")
    slugs["Bob's notes"] = slug_from(bob.publish("Bob's notes", "Notes.", tags="Python"))
    slugs["Secret plans"] = draft_slug_from(auth.save_draft("Secret plans", "Soon.",
                                                            tags="Secret"))
    return slugs


@pytest.fixture(scope="module")
def seeded_api_server(tmp_path_factory):
    """The blog seeded by tests/api_seed.py, served over real HTTP on a free loopback port for
    the whole module: (its URL, the SeededBlog). No provider: nobody logs in."""
    url = os.environ.get("TEST_DATABASE_URL")
    with ExitStack() as stack:
        if is_postgres(url):
            database = stack.enter_context(fresh_schema(url))
        else:
            database = url or f"sqlite:///{tmp_path_factory.mktemp('api') / 'blog.sqlite'}"
        make = stack.enter_context(app_factory(database, {
            "TESTING": True, "SECRET_KEY": "test-secret-key",
            # A 500 is then the blog's own answer (a problem), as in production.
            "PROPAGATE_EXCEPTIONS": False,
            "OIDC_ISSUER": "https://issuer.invalid", "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        }))
        app = make()
        seeded = seed_api_blog(app)
        server = stack.enter_context(LiveServer(app))
        # The answers' links then point at the server (public_url.py reads it per request).
        app.config["PUBLIC_URL"] = server.url
        yield server.url, seeded
