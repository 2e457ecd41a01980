"""On PostgreSQL, the release phase's migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from blog import models  # noqa: F401  (register the models with the metadata)
from blog.extensions import db
from blog.search.schema import is_search_index_object
from blog.settings import sqlalchemy_database_uri
from tests.blog_process import run_release_phase
from tests.helpers import CLIENT_ID
from tests.helpers import CLIENT_SECRET


def test_upgrade_from_empty_gives_exactly_the_models_schema(postgres_url, provider, tmp_path):
    release = run_release_phase({
        "DATABASE_URL": postgres_url,
        "SECRET_KEY": "release-phase-secret",
        "PUBLIC_URL": "https://blog.example",
        "OIDC_ISSUER": provider.url,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
    }, tmp_path)
    assert release.returncode == 0, release.stderr
    assert "Running upgrade" in release.stderr

    engine = create_engine(sqlalchemy_database_uri(postgres_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            assert connection.dialect.name == "postgresql"
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "compare_server_default": True,
                # The search column and its index are PostgreSQL's own, not the models'
                # (tests/test_search_schema.py checks them).
                "include_name": lambda name, kind, parents: not is_search_index_object(name,
                                                                                       kind)})
            assert compare_metadata(context, db.metadata) == []
    finally:
        engine.dispose()
