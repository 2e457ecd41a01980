"""Page addresses: in the one /<slug> space posts share, so a page never takes a post's address
(now or earlier), a route's first segment, nor another page's address (now or earlier)."""

from __future__ import annotations

from slugify import slugify

from blog.extensions import db
from blog.models import Post
from blog.models import PostRedirect
from blog.pages.model import Page
from blog.pages.model import PageRedirect
from blog.posts.slugs import SLUG_MAX_LENGTH
from blog.posts.slugs import SlugRefused
from blog.posts.slugs import base_slug
from blog.posts.slugs import next_free_slug
from blog.posts.slugs import reserved_slugs
from blog.posts.slugs import taken_like


def generated_page_slug(title: str, page_id: int | None) -> str:
    """An address made from the title, as posts' are (base, base-2, ...), that nothing else
    uses; the page's own current or earlier address counts as free (page_id None: a new page)."""
    base = base_slug(title)
    taken = taken_like(base) - own_addresses(page_id)
    return next_free_slug(base, taken | reserved_slugs())


def chosen_page_slug(wanted: str, page_id: int | None) -> str:
    """The address typed for the page, normalised as posts' are, or SlugRefused saying why."""
    slug = slugify(wanted or "", max_length=SLUG_MAX_LENGTH, word_boundary=True)
    if not slug:
        raise SlugRefused("Use letters or digits in the address.")
    if slug in reserved_slugs():
        raise SlugRefused(f"“{slug}” is one of the blog’s own addresses; choose another.")
    if _post_has(slug):
        raise SlugRefused(f"A post has the address “{slug}” (or had it, and it still leads "
                          "there); choose another.")
    owner = db.session.execute(db.union_all(
        db.select(Page.id).where(Page.slug == slug),
        db.select(PageRedirect.page_id).where(PageRedirect.slug == slug)).limit(1)).scalar()
    if owner is not None and owner != page_id:
        raise SlugRefused(f"Another page has the address “{slug}” (or had it, and it still "
                          "leads there); choose another.")
    return slug


def own_addresses(page_id: int | None) -> set[str]:
    """The page's current and earlier addresses (empty for a new page)."""
    if page_id is None:
        return set()
    return set(db.session.execute(db.union_all(
        db.select(Page.slug).where(Page.id == page_id),
        db.select(PageRedirect.slug).where(PageRedirect.page_id == page_id))).scalars())


def move_page(page: Page, slug: str) -> None:
    """Give the page its new address. A page that has ever been published keeps answering at
    the old one (a 301, for ever); taking back one of its own earlier addresses ends that
    redirect. Within the caller's transaction."""
    old = page.slug
    db.session.execute(db.delete(PageRedirect).where(PageRedirect.slug == slug,
                                                     PageRedirect.page_id == page.id))
    page.slug = slug
    if page.published_at is not None:
        db.session.add(PageRedirect(slug=old, page_id=page.id))


def _post_has(slug: str) -> bool:
    return db.session.execute(db.union_all(
        db.select(Post.id).where(Post.slug == slug),
        db.select(PostRedirect.post_id).where(PostRedirect.slug == slug)).limit(1)
    ).first() is not None
