"""The blog: a multi-author blog whose authors log in through an OpenID Connect provider."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, caching, error pages, commands.

    test_config replaces the environment (and .env) as the source of settings when given.
    """
    from blog.settings import load_settings

    app = Flask(__name__, instance_relative_config=True)
    if test_config is None:
        _load_dotenv()
    load_settings(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_caching(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def _load_dotenv() -> None:
    # `flask` already reads .env; gunicorn does not, so read it here too (the environment wins).
    from dotenv import find_dotenv
    from dotenv import load_dotenv

    load_dotenv(find_dotenv(usecwd=True), override=False)


def register_extensions(app: Flask) -> None:
    """Initialise the extension instances from blog.extensions."""
    from blog import models  # noqa: F401  (register the models with the metadata)
    from blog.extensions import csrf
    from blog.extensions import db
    from blog.migrate import defer_migrate

    db.init_app(app)
    # Flask-Migrate loads when `flask db` or migration code first uses it, not in web workers.
    defer_migrate(app, db)
    csrf.init_app(app)


def register_blueprints(app: Flask) -> None:
    """The login blueprint (with its provider and g.user hook) and the posts blueprint."""
    from blog import auth
    from blog import posts

    auth.init_app(app)
    app.register_blueprint(posts.bp)


def register_caching(app: Flask) -> None:
    """HTTP validators and the rendered-page cache for public pages (blog/caching)."""
    from blog.caching import init_app

    init_app(app)


def register_error_handlers(app: Flask) -> None:
    """Error pages for 400, 403, 404, 405, 413 and 500."""
    from blog.errors import register_error_handlers as register

    register(app)


def register_commands(app: Flask) -> None:
    """The blog's flask commands."""
    from blog.cli import register_commands as register

    register(app)
