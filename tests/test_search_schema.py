"""The search index: create_all (the tests' schemas) and the migrations (deployed databases) build
the same one, and the migration indexes the posts that were there before it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

from blog.extensions import db
from blog.search.schema import FTS_TABLE
from blog.search.schema import VECTOR_COLUMN
from blog.search.schema import VECTOR_INDEX
from tests.databases import flask_db

BEFORE_SEARCH = "8a4c2e6f1b37"




def engine_for(database_url: str):
    return create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))


def search_index(connection) -> list[tuple]:
    """What makes up the search index in this database, as the database describes it."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text(
            "SELECT type, name, sql FROM sqlite_master WHERE name = :table "
            "OR (type = 'trigger' AND tbl_name = 'posts') ORDER BY name"),
            {"table": FTS_TABLE}).all()
        return [(kind, name, re.sub(r"\s+", " ", sql)) for kind, name, sql in rows]
    column = connection.execute(text(
        "SELECT format_type(atttypid, atttypmod), pg_get_expr(adbin, adrelid), attgenerated, "
        "attstorage "
        "FROM pg_attribute JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum "
        "WHERE attrelid = 'posts'::regclass AND attname = :name"), {"name": VECTOR_COLUMN}).all()
    index = connection.execute(text(
        "SELECT regexp_replace(indexdef, ' ON \\S+\\.posts ', ' ON posts ') FROM pg_indexes "
        "WHERE indexname = :name AND schemaname = current_schema()"),
        {"name": VECTOR_INDEX}).all()
    return [tuple(row) for row in column + index]


@pytest.fixture
def migrated_url(database_url):
    """database_url, built by the migrations alone; emptied again afterwards."""
    flask_db(database_url, "upgrade")
    yield database_url
    flask_db(database_url, "downgrade", "base")
    engine = engine_for(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    engine.dispose()


def test_create_all_and_the_migrations_build_the_same_search_index(make_app, tmp_path, request):
    app = make_app()
    with app.app_context(), db.engine.connect() as connection:
        built = search_index(connection)
        dialect = connection.dialect.name
    assert len(built) == (4 if dialect == "sqlite" else 2)
    # The other database of the same kind, migrated.
    other = (f"sqlite:///{tmp_path / 'migrated.sqlite'}" if dialect == "sqlite"
             else request.getfixturevalue("postgres_url"))
    flask_db(other, "upgrade")
    engine = engine_for(other)
    try:
        with engine.connect() as connection:
            assert search_index(connection) == built
    finally:
        engine.dispose()
    if dialect != "sqlite":
        flask_db(other, "downgrade", "base")


def test_the_migration_indexes_the_posts_already_there(database_url):
    flask_db(database_url, "upgrade", BEFORE_SEARCH)
    engine = engine_for(database_url)
    body = ("<p>Old <strong>walrus</strong> notes &amp; more</p><pre><code>vector&lt;int&gt;"
            "</code></pre>")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO authors (id, issuer, subject, name, created_at, updated_at) "
                "VALUES (1, 'https://id.example', 'a', 'A', '2025-01-01', '2025-01-01')")
            connection.execute(text(
                "INSERT INTO posts (id, slug, title, body, source, source_format, summary, "
                "excerpt, reading_minutes, status, published_at, author_id, created_at, "
                "updated_at) VALUES (1, 'old', 'Before search', :body, :body, 'html', 'Kept', "
                "'', 1, 'published', '2025-01-01', 1, '2025-01-01', '2025-01-01')"),
                {"body": body})
        flask_db(database_url, "upgrade")
        with engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT search_text FROM posts").scalar_one()
            assert stored == "Old walrus notes & more vector<int>"
            for word in ("walrus", "before", "kept", "int"):
                if connection.dialect.name == "sqlite":
                    found = connection.execute(text(
                        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"),
                        {"q": word}).scalars().all()
                else:
                    found = connection.execute(text(
                        f"SELECT id FROM posts WHERE {VECTOR_COLUMN} @@ "
                        "to_tsquery('simple', :q)"), {"q": word}).scalars().all()
                assert found == [1], word
        flask_db(database_url, "downgrade", "base")
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE alembic_version")
    finally:
        engine.dispose()
