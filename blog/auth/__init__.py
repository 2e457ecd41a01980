"""Login through OpenID Connect providers: the auth blueprints, back-channel logout, the g.user
hook."""

from flask import Flask

from blog.auth import backchannel
from blog.auth import client_keys
from blog.auth.guards import protect_from_csrf
from blog.auth.provider import configure_provider
from blog.auth.roles import parse_role_groups
from blog.auth.sessions import load_current_author
from blog.auth.views import bp


def init_app(app: Flask) -> None:
    """Configure the providers, register the blueprints and the before_request hooks."""
    configure_provider(app)
    parse_role_groups(app.config["ROLE_GROUPS"])  # refuse a malformed mapping at start-up
    app.register_blueprint(bp)
    app.register_blueprint(backchannel.bp)
    app.register_blueprint(client_keys.bp)
    app.before_request(load_current_author)
    app.before_request(protect_from_csrf)
