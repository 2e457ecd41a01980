"""The current site settings, read cheaply on every request, and the admins' save.

The public version's one statement (blog/caching/version.py) carries the settings' revision
(0 while no admin has saved: the environment's values hold). Each process keeps the settings of
the last revision it read and reads the row again, one statement, only when a request shows a
newer revision: after a save, once per process. Logged-in pages read no public version: their
login session's statement carries the revision instead. A save bumps the content version in its
own transaction, so every cached page and ETag changes with it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask
from flask import current_app
from flask import g
from sqlalchemy import select

from blog import clock
from blog.audit import record
from blog.caching import keys
from blog.caching.public import known_content_version
from blog.caching.purge_keys import add_purge_keys
from blog.caching.version import bump_content_version
from blog.extensions import db
from blog.models import Author
from blog.site.model import REVISION_G_KEY
from blog.site.model import ROW_ID
from blog.site.model import SiteSettingsRow

TITLE_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 300
ABOUT_MAX_LENGTH = 200
MAX_LINKS = 8
LABEL_MAX_LENGTH = 40
URL_MAX_LENGTH = 300
EXTENSION_KEY = "blog_site_settings"


class LinkRefused(ValueError):
    """A navigation link that may not be stored; the message says why, for the form."""


@dataclass(frozen=True)
class NavLink:
    """One link of the header's navigation."""

    label: str
    url: str


@dataclass(frozen=True)
class Site:
    """What templates, feeds and metadata show of the site."""

    title: str
    description: str
    about: str
    navigation: tuple[NavLink, ...]


def check_link(label: str, url: str) -> NavLink:
    """The link, or LinkRefused: a label of 1 to LABEL_MAX_LENGTH characters, and a URL that is
    a site-relative path ("/about") or an absolute http(s) URL, nothing else.

    "//host" (protocol-relative) and "/\\host" lead browsers to another site; javascript:, data:
    and every other scheme could run or show anything; whitespace and control characters are
    refused rather than trimmed, because browsers strip some of them inside a URL.
    """
    label = label.strip()
    if not label or len(label) > LABEL_MAX_LENGTH:
        raise LinkRefused(f"A link's label takes 1 to {LABEL_MAX_LENGTH} characters.")
    if not url or len(url) > URL_MAX_LENGTH:
        raise LinkRefused(f"A link's address takes 1 to {URL_MAX_LENGTH} characters.")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in url):
        raise LinkRefused("A link's address may not hold spaces, control characters or \\.")
    if url.startswith("/"):
        if url.startswith("//"):
            raise LinkRefused("An address starting with // leads to another site: write "
                              "https:// in full.")
        return NavLink(label, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise LinkRefused("That address cannot be read.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LinkRefused("An address is a path starting with / or a full http:// or "
                          "https:// address.")
    return NavLink(label, url)


def environment_site(app: Flask) -> Site:
    """The settings before any admin saved: from BLOG_TITLE, BLOG_DESCRIPTION and BLOG_ABOUT."""
    return Site(title=app.config.get("BLOG_TITLE") or "The Blog",
                description=app.config.get("BLOG_DESCRIPTION") or "",
                about=app.config.get("BLOG_ABOUT") or "", navigation=())


def _site_of(row: SiteSettingsRow) -> Site:
    links = tuple(NavLink(label, url) for label, url in json.loads(row.navigation or "[]"))
    return Site(title=row.title, description=row.description, about=row.about,
                navigation=links)


class SiteCache:
    """The settings of the newest revision this process has read."""

    def __init__(self, app: Flask) -> None:
        self._revision = 0
        self._site = environment_site(app)
        self._lock = threading.Lock()

    def get(self, revision: int | None) -> Site:
        """The settings at revision (read once, one statement, when it is newer than ours);
        the newest known when revision is None."""
        with self._lock:
            if revision is None or revision == self._revision:
                return self._site
        if revision == 0:
            # The row is gone (a test's fresh database): the environment again.
            site = environment_site(current_app)
        else:
            row = db.session.execute(
                select(SiteSettingsRow).where(SiteSettingsRow.id == ROW_ID)).scalar_one_or_none()
            if row is None:
                return self.get(0)
            revision, site = row.revision, _site_of(row)
        self.keep(revision, site)
        return site

    def keep(self, revision: int, site: Site) -> None:
        """Remember the settings of revision, unless a newer one is known already."""
        with self._lock:
            if revision >= self._revision or revision == 0:
                self._revision, self._site = revision, site


def site_cache(app: Flask) -> SiteCache:
    """The app's settings cache (one per process)."""
    cache = app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = app.extensions.setdefault(EXTENSION_KEY, SiteCache(app))
    return cache


def revision_in(version: str | None) -> int | None:
    """The settings' revision inside a public version ("<content>.<clock>.<revision>")."""
    if not version:
        return None
    tail = version.rsplit(".", 1)[-1]
    return int(tail) if version.count(".") >= 2 and tail.isdigit() else None


def current_site() -> Site:
    """The site's settings for this request: no statement when the revision this request has
    read (with the public version, or with the login session) is the one this process holds:
    every request but the first after a save."""
    revision = revision_in(known_content_version())
    if revision is None:
        revision = g.get(REVISION_G_KEY)
    return site_cache(current_app).get(revision)


def stored_site() -> Site:
    """The settings as stored now (the admins' form starts from them): one statement."""
    row = db.session.get(SiteSettingsRow, ROW_ID)
    return _site_of(row) if row is not None else environment_site(current_app)


def save_site(site: Site, actor: Author) -> None:
    """Store the settings, with an audit entry and a content-version bump: one transaction."""
    revision = stage_site(site, actor)
    db.session.commit()
    site_cache(current_app).keep(revision, site)


def stage_site(site: Site, actor: Author) -> int:
    """Write the settings, their audit entry and the content-version bump into the caller's
    transaction, uncommitted (a page's save changes the navigation in its own): the new revision.

    Once committed, the caller hands it to site_cache(app).keep with the site.
    """
    # The bump first: its row lock orders concurrent saves, so each gets its own revision.
    bump_content_version(db.session)
    # Every public page shows the title, the navigation and the footer.
    add_purge_keys(db.session, [keys.SITE])
    row = db.session.get(SiteSettingsRow, ROW_ID, populate_existing=True)
    if row is None:
        row = SiteSettingsRow(id=ROW_ID, revision=0)
        db.session.add(row)
    row.revision += 1
    row.title, row.description, row.about = site.title, site.description, site.about
    row.navigation = json.dumps([[link.label, link.url] for link in site.navigation])
    row.updated_at = clock.now()
    record(actor, "site", subject=site.title)
    return row.revision
