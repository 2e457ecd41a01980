"""Test databases on PostgreSQL: an empty schema of its own for every test, dropped afterwards.

A schema per test isolates tests from each other and from other test runs on the same server
(CI, a colleague's run), the way a fresh SQLite file per test does.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from blog.settings import sqlalchemy_database_uri

ROOT = Path(__file__).resolve().parent.parent


def flask_db(database_url: str, *args: str) -> None:
    """Run `flask --app blog db ...` as an operator would (in its own process, as the Procfile's
    release step does; Alembic's logging setup then stays out of the test run)."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "schema-test",
           "PUBLIC_URL": "https://blog.example", "OIDC_ISSUER": "https://provider.invalid",
           "OIDC_CLIENT_ID": "schema-test", "OIDC_CLIENT_SECRET": "schema-test"}
    flask = Path(sys.executable).with_name("flask")
    subprocess.run([str(flask), "--app", "blog", "db", *args], env=env, cwd=ROOT, check=True,
                   capture_output=True)


def is_postgres(url: str | None) -> bool:
    """Whether url names a PostgreSQL database."""
    return bool(url) and url.split(":", 1)[0].split("+", 1)[0] in ("postgres", "postgresql")


def ci() -> bool:
    """Whether this run is CI's, where a missing PostgreSQL is a failure rather than a skip."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def server_url() -> str | None:
    """The server for PostgreSQL-only tests: TEST_DATABASE_URL, else TEST_POSTGRES_URL."""
    for name in ("TEST_DATABASE_URL", "TEST_POSTGRES_URL"):
        if is_postgres(os.environ.get(name)):
            return os.environ[name]
    return None


def in_schema(url: str, schema: str) -> str:
    """url, with every connection made through it using schema (PostgreSQL's search_path)."""
    parsed = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


@contextmanager
def fresh_schema(server: str) -> Iterator[str]:
    """Create an empty schema on the server; yield a URL that uses it; drop it with its tables."""
    schema = f"test_{os.getpid()}_{secrets.token_hex(6)}"
    engine = create_engine(sqlalchemy_database_uri(server), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield in_schema(server, schema)
    finally:
        with engine.begin() as connection:
            # A connection left open in a transaction would make the drop wait for ever.
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
