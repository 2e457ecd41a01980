"""What a Procfile platform runs: the web and release processes, gunicorn's settings, app.json."""

from __future__ import annotations

import json
import runpy

import pytest
from sqlalchemy import create_engine
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from blog import create_app
from blog.settings import sqlalchemy_database_uri
from tests.blog_process import ROOT
from tests.blog_process import procfile
from tests.blog_process import run_release_phase
from tests.helpers import CLIENT_ID
from tests.helpers import CLIENT_SECRET


def test_the_web_process_is_gunicorn_serving_the_factory_on_the_platforms_port():
    web = procfile()["web"]
    assert web.startswith("gunicorn ")
    assert "--config gunicorn.conf.py" in web
    assert "--bind 0.0.0.0:$PORT" in web
    assert web.endswith("'blog:create_app()'")


def test_the_release_process_runs_the_migrations():
    assert procfile()["release"] == "flask --app blog db upgrade"


def test_the_release_phase_migrates_an_empty_database_to_the_latest_revision(
        database_url, provider, tmp_path):
    release = run_release_phase({
        "DATABASE_URL": database_url, "SECRET_KEY": "release-phase-secret",
        "PUBLIC_URL": "https://blog.example",
        "OIDC_ISSUER": provider.url, "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
    }, tmp_path)
    assert release.returncode == 0, release.stderr
    engine = create_engine(sqlalchemy_database_uri(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    assert {"authors", "posts", "login_sessions", "alembic_version"} <= tables
    heads = [path.name.split("_", 1)[0] for path in (ROOT / "migrations" / "versions").glob("*.py")]
    assert version in heads


@pytest.fixture
def gunicorn_settings(monkeypatch):
    """gunicorn.conf.py as gunicorn reads it, with the environment a platform gives."""

    def load(**environment: str) -> dict:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    return load


def test_gunicorn_listens_on_port_with_web_concurrency_workers(gunicorn_settings):
    settings = gunicorn_settings(PORT="5123", WEB_CONCURRENCY="3")
    assert settings["bind"] == "0.0.0.0:5123"
    assert settings["workers"] == 3


def test_gunicorn_ends_a_stuck_request_before_the_router_gives_up(gunicorn_settings):
    settings = gunicorn_settings()
    assert settings["timeout"] < 30
    assert settings["graceful_timeout"] < 30


def test_gunicorns_access_log_has_no_query_string_referer_or_cookie(gunicorn_settings):
    settings = gunicorn_settings()
    assert settings["accesslog"] == "-"
    for atom in ("%(r)s", "%(q)s", "%(f)s", "{cookie}i", "{authorization}i"):
        assert atom not in settings["access_log_format"]
    assert "%(U)s" in settings["access_log_format"]


@pytest.fixture
def app_json() -> dict:
    return json.loads((ROOT / "app.json").read_text(encoding="utf-8"))


def test_app_json_generates_the_secret_key_and_asks_for_the_address_and_provider(app_json):
    env = app_json["env"]
    assert env["SECRET_KEY"]["generator"] == "secret"
    for name in ("PUBLIC_URL", "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"):
        assert env[name]["required"] is True
        assert env[name]["description"]
    assert all(setting.get("description") for setting in env.values())


def test_app_json_adds_postgresql_and_a_web_process(app_json):
    assert any(addon == "heroku-postgresql" or addon.get("plan", "").startswith(
        "heroku-postgresql") for addon in app_json["addons"])
    assert app_json["formation"]["web"]["quantity"] >= 1


@pytest.mark.parametrize("url", ["postgres://u:p@db.example:5432/blog",
                                 "postgresql://u:p@db.example:5432/blog"])
def test_a_platform_database_url_is_used_with_psycopg_3_and_a_connect_timeout(url):
    config = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url,
                         "OIDC_ISSUER": "https://id.example",
                         "OIDC_CLIENT_ID": "c", "OIDC_CLIENT_SECRET": "s"}).config
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example:5432/blog"
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"connect_timeout": 5}
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
