"""Creating, changing, publishing, unpublishing and deleting pages; each function is one
committed transaction, with its audit entry, the content version's bump when readers see the
change (the before_flush listener of blog/caching/version.py), the navigation's change, and the
images the page shows (blog/media/usage.py: what readers of a published page may fetch)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm.exc import StaleDataError

from blog import audit
from blog import clock
from blog.caching.version import lock_content_version
from blog.content.render import RenderedBody
from blog.extensions import db
from blog.media.usage import record_page_image_uses
from blog.media.usage import with_image_sizes
from blog.models import DRAFT
from blog.models import PUBLISHED
from blog.models import Author
from blog.pages.addresses import chosen_page_slug
from blog.pages.addresses import generated_page_slug
from blog.pages.addresses import move_page
from blog.pages.model import Page
from blog.pages.navigation import NavigationFull
from blog.pages.navigation import current_links
from blog.pages.navigation import moved
from blog.pages.navigation import stage_navigation
from blog.pages.navigation import with_page
from blog.pages.navigation import without_page
from blog.posts.editing import EditConflict
from blog.posts.slugs import SlugRefused

__all__ = ["EditConflict", "PageText", "create_page", "delete_page", "update_page"]


@dataclass(frozen=True)
class PageText:
    """What the page form carries: the words, the address asked for ("" = from the title), and
    whether the page is to be in the navigation (None: leave the navigation as it is, for those
    who may not change it)."""

    title: str
    source: str
    source_format: str
    slug: str = ""
    in_navigation: bool | None = None


def create_page(editor: Author, text: PageText, rendered: RenderedBody, publish: bool) -> Page:
    """Save a new page, published or as a draft. SlugRefused when the address asked for is
    taken, NavigationFull when it cannot go into the navigation: nothing saved."""
    _lock_addresses()
    slug = _address(text, None)
    page = Page(slug=slug, status=DRAFT, editor_id=editor.id)
    _apply(page, text, rendered, editor)
    record_page_image_uses(page, rendered.html, editor)
    page.body = with_image_sizes(rendered.html, page.images)
    if publish:
        _publish(page)
    db.session.add(page)
    db.session.flush()
    audit.record(editor, "page_create", subject=page.title, detail=f"/{slug}")
    if publish:
        audit.record(editor, "page_publish", subject=page.title, detail=f"/{slug}")
    after = _navigation(text, page, None, editor)
    db.session.commit()
    _then(after)
    return page


def update_page(page: Page, text: PageText, rendered: RenderedBody, publish: bool, editor: Author,
                expected_version: int | None = None) -> Page:
    """Save the page's new words and address; publish it (or keep it published) when publish,
    else keep it a draft or unpublish it. A published page that moves keeps answering at its old
    address (301) and its navigation link follows it. EditConflict (nothing saved) when the page
    is no longer at expected_version; SlugRefused or NavigationFull as create_page."""
    if expected_version is not None and expected_version != page.version:
        db.session.rollback()
        raise EditConflict
    _lock_addresses()
    old_slug, was_published = page.slug, page.is_published
    slug = _address(text, page.id)
    if slug != page.slug:
        move_page(page, slug)
    _apply(page, text, rendered, editor)
    if publish:
        _publish(page)
    else:
        page.status = DRAFT
    action = ("page_publish" if publish and not was_published
              else "page_unpublish" if was_published and not publish else "page_edit")
    audit.record(editor, action, subject=page.title, detail=f"/{page.slug}")
    try:
        # A concurrent save is found by the first flush, here or at the commit.
        record_page_image_uses(page, rendered.html, editor)
        page.body = with_image_sizes(rendered.html, page.images)
        after = _navigation(text, page, old_slug, editor)
        db.session.commit()
    except StaleDataError:
        # Another save changed the row between our read and our write: nothing of ours stays.
        db.session.rollback()
        raise EditConflict from None
    _then(after)
    return page


def delete_page(page: Page, by: Author) -> None:
    """Delete the page for good (its earlier addresses go with it, and its navigation link)."""
    _lock_addresses()
    audit.record(by, "page_delete", subject=page.title, detail=f"/{page.slug}")
    site = current_links()
    after = stage_navigation(site, without_page(site.navigation, page.slug), by)
    db.session.delete(page)
    db.session.commit()
    _then(after)


def _lock_addresses() -> None:
    # Posts and pages choose addresses one after another (blog/posts/editing.py does the same),
    # and navigation changes from page saves and the settings form are ordered too.
    lock_content_version(db.session)


def _address(text: PageText, page_id: int | None) -> str:
    try:
        if text.slug:
            return chosen_page_slug(text.slug, page_id)
        return generated_page_slug(text.title, page_id)
    except SlugRefused:
        db.session.rollback()
        raise


def _apply(page: Page, text: PageText, rendered: RenderedBody, editor: Author) -> None:
    page.title = text.title.strip()
    page.source = text.source
    page.source_format = text.source_format
    page.body = rendered.html
    page.editor_id = editor.id


def _publish(page: Page) -> None:
    page.status = PUBLISHED
    if page.published_at is None:
        page.published_at = clock.now()


def _navigation(text: PageText, page: Page, old_slug: str | None, actor: Author):
    # The links as they are stored now, changed as the form and the move ask. Only a published
    # page has a link: readers would follow any other to "not found".
    if text.in_navigation is None and old_slug in (None, page.slug) and page.is_published:
        return None
    site = current_links()
    links = site.navigation
    if old_slug is not None and old_slug != page.slug:
        links = moved(links, old_slug, page.slug)
    try:
        if text.in_navigation:
            links = with_page(links, page.slug, page.title)
        elif text.in_navigation is False:
            links = without_page(links, page.slug)
    except NavigationFull:
        db.session.rollback()
        raise
    if not page.is_published:
        links = without_page(links, page.slug)
    return stage_navigation(site, links, actor)


def _then(after) -> None:
    if after is not None:
        after()
