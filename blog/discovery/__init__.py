"""Discovery: the Atom feed, sitemaps and robots.txt, and the metadata search engines and link
previews read (canonical links, Open Graph, JSON-LD)."""

from blog.discovery.views import bp

__all__ = ["bp"]
