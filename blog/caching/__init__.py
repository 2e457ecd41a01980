"""Caching for readers: the content version, HTTP validators, rendered public pages, and
purging shared caches in front of the blog."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask

from blog.caching.pages import PageCache
from blog.caching.public import keep_authors_pages_private
from blog.caching.public import public_cache_control
from blog.caching.purge import Purger
from blog.caching.purge_keys import register_purge_listeners
from blog.caching.session_interface import PrivateWhenSettingCookies
from blog.caching.version import VersionReader
from blog.caching.version import read_public_version
from blog.caching.version import register_version_listeners
from blog.caching.wsgi import CachedPublicPages
from blog.extensions import db

# Settings that change the bytes of public pages without changing the content version.
RENDERING_SETTINGS = ("BLOG_TITLE", "BLOG_DESCRIPTION", "BLOG_ABOUT", "POSTS_PER_PAGE",
                      "APPLICATION_ROOT", "PUBLIC_URL", "FEED_ENTRIES", "SITEMAP_MAX_URLS",
                      "SITEMAP_PART_IDS")


class ReaderCaching:
    """The app's page cache, and the content version and ETags of its public pages."""

    def __init__(self, app: Flask):
        self.pages = PageCache(app.config["PAGE_CACHE_MAX_ENTRIES"],
                               app.config["PAGE_CACHE_MAX_BYTES"])
        self.fingerprint = deploy_fingerprint(app)
        self.cache_control = public_cache_control(app.config["SHARED_CACHE_MAX_AGE"],
                                                  app.config["SHARED_CACHE_STALE_SECONDS"])
        self.purger = Purger(app)
        with app.app_context():
            self.version_reader = VersionReader(db.engine)

    def read_version(self) -> str:
        """The public version (content version and the clock's effect), read now: one query."""
        return self.version_reader.read(read_public_version)

    def etag(self, version: str) -> str:
        """The (unquoted) ETag of every public page at this public version."""
        return f"{version}-{self.fingerprint}"


def deploy_fingerprint(app: Flask) -> str:
    """A short hash of the code, templates, static files and settings that shape public pages.

    It is part of every ETag, so that a deploy that changes how pages look is not answered with a
    304 for a page cached before it. Every worker of one deploy computes the same value.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        # Code, templates and static files (pages link to content-hashed static file names).
        if path.is_file() and path.suffix != ".pyc" and "devidp" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    for name in RENDERING_SETTINGS:
        digest.update(repr(app.config.get(name)).encode())
    return digest.hexdigest()[:12]


def init_app(app: Flask) -> None:
    """Install the content version's and the purges' listeners, the page cache in front of
    Flask, the private-pages policy and the cookie-aware session interface."""
    register_version_listeners()
    register_purge_listeners()
    app.extensions["blog_caching"] = ReaderCaching(app)
    app.after_request(keep_authors_pages_private)
    app.session_interface = PrivateWhenSettingCookies()
    app.wsgi_app = CachedPublicPages(app, app.wsgi_app)
