"""The site's own settings (title, description, footer line, navigation), edited by admins."""

from __future__ import annotations

from flask import Flask
from werkzeug.local import LocalProxy


def init_app(app: Flask) -> None:
    """Register the admins' settings page and give every template `site`, the current settings.

    A global rather than a context processor: macros imported without context see it too.
    """
    from blog.site.store import current_site
    from blog.site.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals["site"] = LocalProxy(current_site)
