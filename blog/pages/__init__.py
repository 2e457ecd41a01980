"""The site's pages (About, Code of Conduct, Privacy...): written by admins and editors, served
at /<slug> in the address space posts share, never in the post index or feeds."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the editors' page views (/dashboard/pages). Readers reach a page at /<slug>
    through posts.show, which falls back to pages (blog/posts/views.py)."""
    from blog.pages.views import bp

    app.register_blueprint(bp)
