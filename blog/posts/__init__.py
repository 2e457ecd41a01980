"""Posts: the public index and post pages, the author's dashboard, writing, editing and deleting,
the editor's preview and autosave, the editorial workflow (review, history, audit log), and the
author and tag pages."""

from blog.posts.editor import bp as editor_bp
from blog.posts.editorial import bp as editorial_bp
from blog.posts.listing_views import bp as listings_bp
from blog.posts.views import bp

__all__ = ["bp", "editor_bp", "editorial_bp", "listings_bp"]
