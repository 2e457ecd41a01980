"""The search index, in each database's own terms, kept in the transaction of every write.

SQLite: an FTS5 table over posts(title, summary, search_text) whose content stays in posts
(external content: the text is stored once), kept by triggers on posts. PostgreSQL: a generated
tsvector column on posts (title weighs A, summary B, text C) with a GIN index. Either way the
database itself keeps the index in step with the row, in the same statement's transaction,
whoever writes (the app, a seed, an import, psql).

Neither is in the models' metadata (a virtual table and a generated tsvector are not portable
SQLAlchemy); they are created after the posts table (create_all: register_search_index below;
migrations: migrations/versions/b7d3f9a2c5e1_search.py, which repeats this DDL as it was then),
and comparisons of the schema with the models leave them out (is_search_index_table).
"""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy import event

FTS_TABLE = "posts_search"
VECTOR_COLUMN = "search_vector"
VECTOR_INDEX = "ix_posts_search_vector"
# 'simple': no stemming and no stop words, whatever the language of the posts; what SQLite's
# unicode61 tokenizer does too, so both databases find the same posts (docs/architecture.md).
TEXT_SEARCH_CONFIG = "simple"
# PostgreSQL's parser reads "<int>" in "vector<int>" as an HTML tag and drops it: the text is
# plain, so angle brackets are swapped for private-use characters (blog/content/visible_text's
# SEARCH_MARKERS, which the text never holds) that it reads as spaces, and back in snippets.
ANGLE_BRACKETS = "<>"
ANGLE_STAND_INS = "\ue002\ue003"

_TRIGGER_COLUMNS = "title, summary, search_text"
_NEW = "new.id, new.title, new.summary, new.search_text"
_OLD = "'delete', old.id, old.title, old.summary, old.search_text"

SQLITE_DDL = (
    # prefix='2 3 4': words' first two to four letters are indexed too, so that a short prefix
    # (blog/search/query.py allows two letters) reads one list instead of merging hundreds
    # ("sour*" went from 76 to 29 ms at 100,000 posts, docs/performance.md).
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_TRIGGER_COLUMNS}, content='posts', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON posts BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {_TRIGGER_COLUMNS}) VALUES ({_NEW}); END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON posts BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_TRIGGER_COLUMNS}) VALUES ({_OLD}); END",
    # Only changes of the indexed columns touch the index (a state change or a version bump
    # does not).
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF {_TRIGGER_COLUMNS} ON posts BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_TRIGGER_COLUMNS}) VALUES ({_OLD}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_TRIGGER_COLUMNS}) VALUES ({_NEW}); END",
    # Indexes the rows already there (none after create_all; every post in a migration).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)


def _pg_weighted(column: str, weight: str) -> str:
    return (f"setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', translate({column}, "
            f"'{ANGLE_BRACKETS}', '{ANGLE_STAND_INS}')), '{weight}')")


POSTGRES_DDL = (
    # Generated and stored: computed by the database in the statement that writes the row, and
    # for every existing row when the column is added.
    f"ALTER TABLE posts ADD COLUMN {VECTOR_COLUMN} tsvector GENERATED ALWAYS AS ("
    f"{_pg_weighted('title', 'A')} || {_pg_weighted('summary', 'B')} || "
    f"{_pg_weighted('search_text', 'C')}) STORED",
    # Kept in the row rather than moved out to TOAST: a common word's search tests the vector
    # of each recent post in turn, and fetching it from TOAST made that three times slower
    # (docs/performance.md).
    f"ALTER TABLE posts ALTER COLUMN {VECTOR_COLUMN} SET STORAGE MAIN",
    f"CREATE INDEX {VECTOR_INDEX} ON posts USING gin ({VECTOR_COLUMN})",
)


def create_search_index(connection) -> None:
    """Create the search index of the connection's database (the posts table exists)."""
    for statement in _ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)


def drop_search_index(connection) -> None:
    """Drop what create_search_index made (before the posts table or its columns go)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"ALTER TABLE posts DROP COLUMN IF EXISTS {VECTOR_COLUMN}")


def _ddl(dialect: str) -> tuple[str, ...]:
    if dialect == "sqlite":
        return SQLITE_DDL
    if dialect == "postgresql":
        return POSTGRES_DDL
    raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {dialect}.")


def _after_create(target, connection, **kw) -> None:
    create_search_index(connection)


def _before_drop(target, connection, **kw) -> None:
    drop_search_index(connection)


def register_search_index(posts: Table) -> None:
    """Make create_all and drop_all build and drop the search index with the posts table
    (once, however many apps are made)."""
    if not event.contains(posts, "after_create", _after_create):
        event.listen(posts, "after_create", _after_create)
        event.listen(posts, "before_drop", _before_drop)


def is_search_index_table(name: str) -> bool:
    """Whether a table is the SQLite search index or one of FTS5's own tables behind it."""
    return name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_")


def is_search_index_object(name: str | None, kind: str) -> bool:
    """Whether a schema object is part of the search index (Alembic's include_name filter
    leaves these out of comparisons with the models): a table, the column or its index."""
    if kind == "table":
        return name is not None and is_search_index_table(name)
    return name in (VECTOR_COLUMN, VECTOR_INDEX)
