"""Posts: the public index and post pages, and the author's dashboard, edit and delete."""

from blog.posts.views import bp

__all__ = ["bp"]
