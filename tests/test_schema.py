"""The reader schema: the content version row and the indexes every reader query uses.

(tests/test_migrations.py checks that the migrations build exactly the models.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import inspect

from blog.demo import seed_demo
from blog.extensions import db
from blog.models import Post
from blog.models import Tag
from tests.databases import flask_db
from tests.helpers import write_posts

ROOT = Path(__file__).resolve().parent.parent




@pytest.fixture
def migrated(database_url):
    """An engine on a database built by `flask db upgrade` alone; emptied again afterwards."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    flask_db(database_url, "upgrade")
    yield engine
    flask_db(database_url, "downgrade", "base")
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    engine.dispose()


def test_the_migrated_database_starts_with_a_content_version(migrated):
    with migrated.connect() as connection:
        rows = connection.exec_driver_sql("SELECT id, version FROM content_version").all()
    assert len(rows) == 1 and rows[0][0] == 1 and rows[0][1] > 0


def test_the_reader_indexes_are_in_the_migrated_database(migrated):
    indexes = {index["name"]: index["column_names"]
               for index in inspect(migrated).get_indexes("posts")}
    assert indexes["ix_posts_status_published_at_id"] == ["status", "published_at", "id"]
    assert indexes["ix_posts_author_id_status_published_at_id"] == [
        "author_id", "status", "published_at", "id"]


def test_every_statement_of_the_reader_pages_is_answered_from_an_index(make_app, make_auth,
                                                                      record_queries):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=0)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("reads SQLite's query plans")
    alice = make_auth(app)
    alice.login("alice")
    write_posts(app, "Alice", 120)
    with app.app_context():
        seed_demo(400, 3)
        slug = db.session.execute(db.select(Post.slug).limit(1)).scalar_one()
        tag = db.session.execute(db.select(Tag.slug).order_by(Tag.id).limit(1)).scalar_one()
    alice.publish("Tagged", "Words.", tags="Trains")
    reader = app.test_client()
    with record_queries(app) as statements:
        for path in ["/", "/?page=30", f"/{slug}", "/authors/alice", "/authors/alice?page=3",
                     f"/tags/{tag}", f"/tags/{tag}?page=4", "/tags"]:
            assert reader.get(path).status_code == 200
        for path in ["/dashboard", "/dashboard?page=3"]:
            assert alice.client.get(path).status_code == 200
    with app.app_context(), db.engine.connect() as connection:
        plans = {statement: [row[-1] for row in connection.exec_driver_sql(
                     "EXPLAIN QUERY PLAN " + statement, parameters).all()]
                 for statement, parameters in statements}
    for statement, plan in plans.items():
        # page_ids: a page's ids; tag_counts: one row per tag, counted from an index (/tags).
        full_scans = [step for step in plan if step.startswith("SCAN ")
                      and " USING " not in step
                      and not step.startswith(("SCAN page_ids", "SCAN tag_counts"))]
        assert full_scans == [], (statement, plan)
    # The paginated lists skip entries of an index, never rows (an author's drafts, listed
    # whole, need no skipping).
    skipping = [plan for statement, plan in plans.items() if "page_ids" in statement]
    assert skipping and all(
        any("USING COVERING INDEX" in step for step in plan) for plan in skipping), skipping


MIGRATE_IN_A_FRESH_PROCESS = """
import sys
from blog import create_app
from blog.extensions import db

app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": sys.argv[1],
                  "OIDC_ISSUER": "https://provider.invalid", "OIDC_CLIENT_ID": "a",
                  "OIDC_CLIENT_SECRET": "b"})
print("loaded by the app:", sorted({"alembic", "flask_migrate"} & set(sys.modules)))
import flask_migrate

with app.app_context():
    flask_migrate.upgrade()
    print("tables:", sorted(db.inspect(db.engine).get_table_names()))
"""


def test_web_workers_leave_the_migration_tooling_unloaded_until_it_is_used(tmp_path):
    # A process of its own: this one has long imported Alembic for the other tests.
    result = subprocess.run([sys.executable, "-c", MIGRATE_IN_A_FRESH_PROCESS,
                             f"sqlite:///{tmp_path / 'fresh.sqlite'}"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "loaded by the app: []" in result.stdout
    assert "'content_version'" in result.stdout and "'posts'" in result.stdout

