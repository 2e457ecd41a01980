"""The reads the page views need: a page readers may see at an address, its earlier addresses,
and the editors' list. Readers see published pages only (public_pages())."""

from __future__ import annotations

from flask import abort
from flask import g
from sqlalchemy.orm import load_only

from blog.extensions import db
from blog.models import Author
from blog.pages.model import Page
from blog.pages.model import PageRedirect
from blog.pages.model import public_pages
from blog.posts import permissions


def may_see_page(user: Author | None, page: Page) -> bool:
    """Anyone may see a published page; a draft only those who may edit pages (for everybody
    else it does not exist: a 404, never a 403)."""
    return page.is_published or permissions.may(user, permissions.PAGES)


def visible_page(slug: str) -> Page | None:
    """The page at this address if this reader may see it (one statement)."""
    query = db.select(Page).where(Page.slug == slug)
    if g.get("user") is None:
        query = query.where(public_pages())
    page = db.session.execute(query).scalar_one_or_none()
    if page is None or not may_see_page(g.get("user"), page):
        return None
    return page


def redirected_page_slug(slug: str) -> str | None:
    """The current address of the page that was once at this one, if this reader may see it."""
    page = db.session.execute(
        db.select(Page).join(PageRedirect, PageRedirect.page_id == Page.id)
        .where(PageRedirect.slug == slug).options(load_only(Page.slug, Page.status))
    ).scalar_one_or_none()
    if page is None or not may_see_page(g.get("user"), page):
        return None
    return page.slug


def editable_page(page_id: int) -> Page:
    """The page with this id, for someone who may edit pages (the view checks that first): 404
    when there is none."""
    page = db.session.get(Page, page_id)
    if page is None:
        abort(404)
    return page


def every_page() -> list[Page]:
    """Every page, drafts too, by title (the editors' list; a site has a handful)."""
    return list(db.session.execute(
        db.select(Page).options(load_only(Page.id, Page.slug, Page.title, Page.status,
                                          Page.updated_at))
        .order_by(Page.title, Page.id)).scalars())
