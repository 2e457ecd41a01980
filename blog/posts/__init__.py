"""Posts: the public index and post pages, the author's dashboard, writing, editing and deleting,
and the editor's preview and autosave."""

from blog.posts.editor import bp as editor_bp
from blog.posts.views import bp

__all__ = ["bp", "editor_bp"]
