"""The blog: a multi-author blog whose authors log in through an OpenID Connect provider."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, logging, extensions, blueprints, caching, middleware, error pages,
    commands.

    test_config replaces the environment (and .env) as the source of settings when given. A
    configuration that cannot work raises ConfigurationError, except while the `flask` command
    only lists its commands (blog.cli.refused_on_the_command_line).
    """
    from blog.cli import refused_on_the_command_line
    from blog.settings import ConfigurationError

    try:
        return build_app(test_config)
    except ConfigurationError as error:
        return refused_on_the_command_line(__name__, error)


def build_app(test_config: dict | None) -> Flask:
    """The steps of create_app, in order."""
    from blog.cli import register_commands
    from blog.errors import register_error_handlers
    from blog.logs import configure_logging
    from blog.settings import load_settings

    app = Flask(__name__, instance_relative_config=True)
    if test_config is None:
        _load_dotenv()
    load_settings(app, test_config)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_caching(app)
    register_middleware(app)
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
    from blog.pages import model as page_model  # noqa: F401  (the pages tables)
    from blog.site import model  # noqa: F401  (the site_settings table)

    db.init_app(app)
    # Flask-Migrate loads when `flask db` or migration code first uses it, not in web workers.
    defer_migrate(app, db)
    csrf.init_app(app)


def register_blueprints(app: Flask) -> None:
    """The login blueprint (with its provider and g.user hook), health check, posts, media and
    discovery (feeds, sitemaps), listings (authors, tags), search, site settings, the site's
    pages and the JSON API blueprints."""
    from blog import api
    from blog import auth
    from blog import discovery
    from blog import health
    from blog import media
    from blog import pages
    from blog import posts
    from blog import search
    from blog import site

    auth.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(posts.bp)
    app.register_blueprint(posts.editor_bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(posts.editorial_bp)
    app.register_blueprint(discovery.bp)
    app.register_blueprint(posts.listings_bp)
    search.init_app(app)
    site.init_app(app)
    pages.init_app(app)
    api.init_app(app)


def register_caching(app: Flask) -> None:
    """HTTP validators and the rendered-page cache for public pages (blog/caching).

    Before register_middleware: the page cache sits right around Flask, inside the static files
    and the trusted proxies, so it sees the scheme the router reported.
    """
    from blog.caching import init_app

    init_app(app)


def register_middleware(app: Flask) -> None:
    """Request size limits per view, security headers; WSGI layers, outermost last: the API's
    cookie-free boundary, public images, static files, then the trusted proxies.

    ProxyFix goes outside everything (the built-in development provider included) so that all of
    it sees the scheme and client address the router reported.
    """
    from blog.api import register_api_boundary
    from blog.media import register_public_images
    from blog.request_size import use_view_sized_requests
    from blog.security import register_security_headers
    from blog.security import trust_proxies
    from blog.static_files import register_static_files

    use_view_sized_requests(app)
    register_security_headers(app)
    register_api_boundary(app)
    register_public_images(app)
    register_static_files(app)
    trust_proxies(app)
