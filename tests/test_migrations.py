"""The migrations: upgrading an empty database gives exactly the models' schema, and back again.

These tests build their own app on an empty database (the `make_app` fixture creates the tables
from the models, which would hide a migration that forgets one).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import blog
from blog import create_app
from blog.extensions import db
from blog.search.schema import drop_search_index
from blog.search.schema import is_search_index_object
from blog.search.schema import is_search_index_table
from blog.settings import environment_settings

# The blog's own checkout (the tests may run from a copy elsewhere).
REPOSITORY = Path(blog.__file__).resolve().parent.parent
MIGRATIONS = REPOSITORY / "migrations"
MODEL_TABLES = {"authors", "posts", "post_redirects", "post_autosaves", "login_sessions",
                "kept_drafts", "content_version", "spent_logout_tokens", "images",
                "image_variants", "post_images", "post_revisions", "audit_log", "tags",
                "post_tags", "site_settings", "pages", "page_redirects", "page_images"}


@pytest.fixture(autouse=True)
def _keep_logging():
    """Alembic's env.py applies alembic.ini's logging setup, which disables every other logger.

    Other tests assert on the blog's log records, so each logger is put back as it was.
    """
    manager = logging.root.manager
    root = logging.getLogger()
    saved_root = (root.level, root.handlers[:])
    saved = {
        name: (logger.disabled, logger.level, logger.handlers[:], logger.propagate)
        for name, logger in manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.setLevel(saved_root[0])
    root.handlers[:] = saved_root[1]
    for name, logger in manager.loggerDict.items():
        if not isinstance(logger, logging.Logger):
            continue
        disabled, level, handlers, propagate = saved.get(name, (False, logging.NOTSET, [], True))
        logger.disabled = disabled
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.propagate = propagate


def drop_everything(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        # Its own tables (FTS5's) go with it: it is dropped first, as a whole.
        if "posts" in sa.inspect(connection).get_table_names():
            drop_search_index(connection)
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    metadata.drop_all(bind=engine)


@pytest.fixture
def empty_app(database_url):
    """The blog on a database with no tables at all."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "OIDC_ISSUER": "https://id.example",
        "OIDC_CLIENT_ID": "blog-test",
        "OIDC_CLIENT_SECRET": "blog-test-secret",
    })
    with app.app_context():
        drop_everything(db.engine)
        yield app
        db.session.remove()
        drop_everything(db.engine)
        db.engine.dispose()


def table_names(engine: sa.Engine | sa.Connection | None = None) -> set[str]:
    """The database's tables, but the search index's (blog/search/schema.py, checked in
    tests/test_search_schema.py)."""
    names = sa.inspect(engine or db.engine).get_table_names()
    return {name for name in names if not is_search_index_table(name)}


def migration_scripts() -> ScriptDirectory:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    return migration_scripts().get_current_head()


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": _not_search_index})
        return compare_metadata(context, db.metadata)


def _not_search_index(name, kind, parent_names) -> bool:
    return not is_search_index_object(name, kind)


def test_the_migration_history_has_a_single_head():
    assert len(migration_scripts().get_heads()) == 1


def test_upgrade_from_empty_creates_every_model_table(empty_app):
    assert table_names() == set()
    flask_migrate.upgrade()
    assert table_names() == set(db.metadata.tables) | {"alembic_version"}
    assert set(db.metadata.tables) == MODEL_TABLES


def test_upgrade_from_empty_gives_exactly_the_models_schema(empty_app):
    flask_migrate.upgrade()
    assert schema_differences() == []


def test_upgrade_records_the_head_revision(empty_app):
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()


def test_downgrade_to_base_leaves_only_the_version_table(empty_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")
    assert table_names() == {"alembic_version"}


def test_upgrade_after_downgrade_gives_the_models_schema_again(empty_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")
    flask_migrate.upgrade()
    assert schema_differences() == []


def test_the_flask_cli_upgrades_an_empty_database(tmp_path):
    database = tmp_path / "x.sqlite"
    blog_settings = set(environment_settings())
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("FLASK_") and name not in blog_settings
    }
    environment.update({
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "cli-secret-key",
        "PUBLIC_URL": "https://blog.example",
        "OIDC_ISSUER": "https://id.example",
        "OIDC_CLIENT_ID": "blog-cli",
        "OIDC_CLIENT_SECRET": "blog-cli-secret",
        # Only what is set here counts: no .env from the repository or above.
        "FLASK_SKIP_DOTENV": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPOSITORY),
                                                    os.environ.get("PYTHONPATH")])),
    })
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "blog", "db", "upgrade"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            tables = table_names(connection)
            revision = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    assert tables == MODEL_TABLES | {"alembic_version"}
    assert revision == head_revision()


BEFORE_DRAFTS = "7b3e9c1d4a2f"


def test_posts_from_before_drafts_stay_published_html_posts(empty_app):
    flask_migrate.upgrade(revision=BEFORE_DRAFTS)
    body = "<p>" + "word " * 500 + "</p><pre><code>" + "code " * 1000 + "</code></pre>"
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO authors (id, issuer, subject, name, created_at, updated_at) "
            "VALUES (1, 'https://id.example', 'a', 'A', '2025-01-01', '2025-01-01')")
        connection.exec_driver_sql(
            "INSERT INTO posts (id, slug, title, body, excerpt, author_id, created_at, "
            "updated_at) VALUES (1, 'old', 'Old', %s, 'e', 1, '2025-02-03 04:05:06', "
            "'2025-02-03 04:05:06')".replace("%s", "'" + body + "'"))
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT source, source_format, status, published_at, reading_minutes, summary "
            "FROM posts").one()
    assert row[0] == body and row[1:3] == ("html", "published")
    assert str(row[3]).startswith("2025-02-03 04:05:06")
    # 500 words of prose at 230 a minute; the code is not read word by word.
    assert row[4] == 3 and row[5] == ""


def test_downgrading_past_drafts_deletes_drafts_rather_than_publish_them(empty_app):
    flask_migrate.upgrade()
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO authors (id, issuer, subject, name, slug, created_at, updated_at) "
            "VALUES (1, 'https://id.example', 'a', 'A', 'a', '2025-01-01', '2025-01-01')")
        for number, status in ((1, "published"), (2, "draft")):
            connection.exec_driver_sql(
                "INSERT INTO posts (id, slug, title, body, source, source_format, summary, "
                "excerpt, reading_minutes, status, author_id, created_at, updated_at) VALUES "
                f"({number}, 'p{number}', 'T', 'b', 'b', 'html', '', '', 1, '{status}', 1, "
                "'2025-01-01', '2025-01-01')")
    flask_migrate.downgrade(revision=BEFORE_DRAFTS)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT slug FROM posts").scalars().all() == ["p1"]


BEFORE_AUTHOR_PAGES = "8a4c2e6f1b37"


def test_existing_authors_get_unique_slugs_made_from_their_names(empty_app):
    flask_migrate.upgrade(revision=BEFORE_AUTHOR_PAGES)
    with db.engine.begin() as connection:
        for number, name in enumerate(["Ada Lovelace", "Ada Lovelace", "Zoë Ø", "!!!"], 1):
            connection.exec_driver_sql(
                "INSERT INTO authors (id, issuer, subject, name, created_at, updated_at) "
                f"VALUES ({number}, 'https://id.example', 's{number}', '{name}', "
                "'2025-01-01', '2025-01-01')")
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT slug, bio FROM authors ORDER BY id").all()
    assert rows == [("ada-lovelace", ""), ("ada-lovelace-2", ""), ("zoe-o", ""), ("author", "")]
