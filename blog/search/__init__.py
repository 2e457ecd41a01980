"""Full-text search of published posts: the index each database keeps, safe queries, the page."""

from flask import Flask

from blog.search.views import bp


def init_app(app: Flask) -> None:
    """Register the search page, and the search index with the posts table, so that
    create_all builds it (migrations build it for deployed databases)."""
    from blog.models import Post
    from blog.search.schema import register_search_index

    register_search_index(Post.__table__)
    app.register_blueprint(bp)
