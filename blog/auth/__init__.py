"""Login through an OpenID Connect provider: the auth blueprint and the g.user hook."""

from flask import Flask

from blog.auth.guards import protect_from_csrf
from blog.auth.provider import configure_provider
from blog.auth.roles import parse_role_groups
from blog.auth.sessions import load_current_author
from blog.auth.views import bp


def init_app(app: Flask) -> None:
    """Configure the provider, register the blueprint and the before_request hooks."""
    configure_provider(app)
    parse_role_groups(app.config["ROLE_GROUPS"])  # refuse a malformed mapping at start-up
    app.register_blueprint(bp)
    app.before_request(load_current_author)
    app.before_request(protect_from_csrf)
