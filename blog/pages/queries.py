"""The reads the page views need: a page readers may see at an address, its earlier addresses,
and the editors' list. Readers see published pages only (public_pages())."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask import g
from sqlalchemy import literal
from sqlalchemy.orm import load_only

from blog.extensions import db
from blog.models import Author
from blog.models import PostRedirect
from blog.pages.model import Page
from blog.pages.model import PageRedirect
from blog.pages.model import public_pages
from blog.posts import permissions


def may_see_page(user: Author | None, page: Page) -> bool:
    """Anyone may see a published page; a draft only those who may edit pages (for everybody
    else it does not exist: a 404, never a 403)."""
    return page.is_published or permissions.may(user, permissions.PAGES)


@dataclass(frozen=True)
class AddressLookup:
    """What /<slug> holds once no post is there: the page this reader may see (or None), and
    whether a post or a page was once at that address (their redirects, still to be checked)."""

    page: Page | None
    post_was_here: bool
    page_was_here: bool


def page_or_earlier_address(slug: str) -> AddressLookup:
    """The page at this address and whether it is a post's or a page's earlier one: one
    statement, so that an address that is nothing stays a 404 within the reader's budget.

    Always one row: a one-row anchor, the page LEFT JOINed to it (published only, for readers),
    the two redirects as EXISTS columns.
    """
    anchor = db.select(literal(1).label("one")).subquery("anchor")
    condition = Page.slug == slug
    if g.get("user") is None:
        condition = condition & public_pages()
    post_was_here = db.select(PostRedirect.slug).where(PostRedirect.slug == slug).exists()
    page_was_here = db.select(PageRedirect.slug).where(PageRedirect.slug == slug).exists()
    page, post_moved, page_moved = db.session.execute(
        db.select(Page, post_was_here.label("post_was_here"),
                  page_was_here.label("page_was_here"))
        .select_from(anchor).outerjoin(Page, condition)).one()
    if page is not None and not may_see_page(g.get("user"), page):
        page = None
    return AddressLookup(page, bool(post_moved), bool(page_moved))


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
