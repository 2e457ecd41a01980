"""Pages in the header's navigation (the site settings' links): put there or taken away from
the page form, and followed when a page moves or goes. Pure functions of the links, and the
one step that stages the change in the caller's transaction."""

from __future__ import annotations

from dataclasses import replace

from flask import current_app

from blog.extensions import db
from blog.models import Author
from blog.site.model import ROW_ID
from blog.site.model import SiteSettingsRow
from blog.site.store import LABEL_MAX_LENGTH
from blog.site.store import MAX_LINKS
from blog.site.store import NavLink
from blog.site.store import Site
from blog.site.store import site_cache
from blog.site.store import stage_site
from blog.site.store import stored_site


class NavigationFull(ValueError):
    """The navigation holds MAX_LINKS links already; the message says what to do."""


def page_url(slug: str) -> str:
    """The navigation address of the page at slug (site-relative, as admins type them)."""
    return f"/{slug}"


def page_label(title: str) -> str:
    """The page's title as a link label: cut to the label's limit, at a word when it can be."""
    title = " ".join(title.split())
    if len(title) <= LABEL_MAX_LENGTH:
        return title
    cut = title[:LABEL_MAX_LENGTH - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def in_navigation(links: tuple[NavLink, ...], slug: str) -> bool:
    """Whether a link leads to the page at slug."""
    return any(link.url == page_url(slug) for link in links)


def with_page(links: tuple[NavLink, ...], slug: str, title: str) -> tuple[NavLink, ...]:
    """The links with one to the page added at the end (unchanged if one is there already);
    NavigationFull when there is no room."""
    if in_navigation(links, slug):
        return links
    if len(links) >= MAX_LINKS:
        raise NavigationFull(f"The navigation holds {MAX_LINKS} links already: remove one in "
                             "the site settings first.")
    return (*links, NavLink(page_label(title), page_url(slug)))


def without_page(links: tuple[NavLink, ...], slug: str) -> tuple[NavLink, ...]:
    """The links without those to the page at slug, the others in their order."""
    return tuple(link for link in links if link.url != page_url(slug))


def moved(links: tuple[NavLink, ...], old: str, new: str) -> tuple[NavLink, ...]:
    """The links with those to the page's old address leading to its new one (labels kept)."""
    return tuple(replace(link, url=page_url(new)) if link.url == page_url(old) else link
                 for link in links)


def current_links() -> Site:
    """The stored settings, read afresh inside the caller's transaction (after the content
    version's lock, so that no other save slips in between)."""
    db.session.get(SiteSettingsRow, ROW_ID, populate_existing=True)
    return stored_site()


def stage_navigation(site: Site, links: tuple[NavLink, ...], actor: Author):
    """Stage new links in the caller's transaction when they differ from site's (audited as a
    settings save); returns what to call after the commit (the process's settings cache), or
    None when nothing changed."""
    if links == site.navigation:
        return None
    changed = replace(site, navigation=links)
    revision = stage_site(changed, actor)
    app = current_app._get_current_object()
    return lambda: site_cache(app).keep(revision, changed)
