"""What a transaction changes on public pages, as surrogate keys (blog/caching/keys.py).

Gathered while the session flushes (before the rows change, so that a deleted post's tags can
still be read), handed to the purger only once the transaction commits, dropped if it rolls back.
Code that writes outside the ORM's bookkeeping (tags, site settings) adds its keys itself with
add_purge_keys(). Only when the app purges shared caches at all: otherwise nothing is gathered.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask import has_app_context
from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.caching import keys
from blog.extensions import db
from blog.models import PUBLISHED
from blog.models import Author
from blog.models import Post
from blog.models import post_tags
from blog.pages.model import Page

INFO_KEY = "blog.purge_keys"
# A post entering or leaving the public posts changes every list it is or was on.
_LISTS = (keys.POSTS, keys.SEARCH, keys.SITEMAP, keys.TAGS, keys.AUTHORS)
_WHERE_IT_IS = ("status", "published_at", "slug")
_AUTHOR_SHOWN = ("name", "bio", "picture_url")


def purging(session: Session) -> bool:
    """True when the app in charge purges shared caches (CACHE_PURGE_URLS is set)."""
    return has_app_context() and current_app.extensions["blog_caching"].purger.enabled


def add_purge_keys(session: Session, names: Iterable[str]) -> None:
    """Purge these keys once the session's transaction commits."""
    if purging(session):
        session.info.setdefault(INFO_KEY, set()).update(names)


def take_purge_keys(session: Session) -> set[str]:
    """The keys gathered for the transaction that just ended, forgotten here."""
    return session.info.pop(INFO_KEY, set())


def changed_keys(session: Session) -> set[str]:
    """The keys of what the session's pending changes alter on public pages."""
    found: set[str] = set()
    for item in session.new:
        if isinstance(item, Post | Page) and _public_now(item):
            found |= _entering_or_leaving(session, item)
    for item in session.deleted:
        if isinstance(item, Post | Page) and _public_before(item):
            found |= _entering_or_leaving(session, item)
        elif isinstance(item, Author):
            found.add(keys.SITE)  # their posts leave every list at once: rare, purge all
    for item in session.dirty:
        if isinstance(item, Post | Page) and session.is_modified(item):
            found |= _edited(session, item)
        elif isinstance(item, Author) and _changed(item, _AUTHOR_SHOWN):
            found |= {keys.author_key(item.id), keys.AUTHORS, keys.SEARCH}
    return found


def _edited(session: Session, item: Post | Page) -> set[str]:
    if not (_public_now(item) or _public_before(item)):
        return set()
    if _changed(item, _WHERE_IT_IS):
        return _entering_or_leaving(session, item)
    if isinstance(item, Page):
        return {keys.page_key(item.id)}
    # Its page and every list showing it carry its key; searches and the sitemap's lastmod
    # may change with its words.
    return {keys.post_key(item.id), keys.SEARCH, keys.SITEMAP}


def _entering_or_leaving(session: Session, item: Post | Page) -> set[str]:
    if isinstance(item, Page):
        found = {keys.PAGES, keys.SITEMAP}
        return found | ({keys.page_key(item.id)} if item.id is not None else set())
    if item.id is None:
        return post_membership_keys(None, item.author_id, ())
    # Read on the flush's own connection: no autoflush, and the rows are still there.
    tag_ids = session.connection().execute(
        select(post_tags.c.tag_id).where(post_tags.c.post_id == item.id)).scalars()
    return post_membership_keys(item.id, item.author_id, tag_ids)


def post_membership_keys(post_id: int | None, author_id: int,
                         tag_ids: Iterable[int]) -> set[str]:
    """The keys of everything a post's entering or leaving the public posts changes: the
    lists, its author's and its tags' pages, and its own page."""
    found = {*_LISTS, keys.author_key(author_id), *(keys.tag_key(tag) for tag in tag_ids)}
    if post_id is not None:
        found.add(keys.post_key(post_id))
    return found


def _changed(item, names: tuple[str, ...]) -> bool:
    attributes = inspect(item).attrs
    return any(getattr(attributes, name).history.has_changes() for name in names)


def _public_now(item: Post | Page) -> bool:
    # A new post without a status yet gets the column's default, published. A scheduled post
    # counts: purging it early costs nothing, and its time's arrival purges again.
    return item.status == PUBLISHED or (isinstance(item, Post) and item.status is None)


def _public_before(item: Post | Page) -> bool:
    history = inspect(item).attrs.status.history
    before = history.deleted or history.unchanged or [item.status]
    return before[0] == PUBLISHED


def register_purge_listeners() -> None:
    """Gather keys at every flush, and hand them over at commit (blog.caching.init_app)."""
    for name, listener in (("before_flush", _gather), ("after_commit", _hand_over),
                           ("after_rollback", _forget)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _gather(session: Session, flush_context, instances) -> None:
    if purging(session):
        found = changed_keys(session)
        if found:
            add_purge_keys(session, found)


def _hand_over(session: Session) -> None:
    found = take_purge_keys(session)
    if found and purging(session):
        current_app.extensions["blog_caching"].purger.purge(found)


def _forget(session: Session) -> None:
    take_purge_keys(session)
