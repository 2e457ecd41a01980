"""Post tags: the names an author types, normalised; saved with the post in its transaction.

A tag's identity is its slug: the name in Unicode NFKC, case-folded, transliterated and hyphenated
(python-slugify). "Python", " PYTHON ", "Ｐｙｔｈｏｎ" (full-width) and "Pýthon" are one tag, shown
under the name it was first typed with. post_tags keeps copies of each post's status and
published_at, rewritten in the flush that changes them (_copy_state_to_tags below), so that tag
pages read their ids from one index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from slugify import slugify
from sqlalchemy import delete
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import update

from blog.caching import keys
from blog.caching.purge_keys import add_purge_keys
from blog.caching.version import bump_content_version
from blog.caching.version import lock_content_version
from blog.extensions import db
from blog.models import PUBLISHED
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags

MAX_TAGS_PER_POST = 10
TAG_MAX_LENGTH = 60
# The field as typed: ten tags of sixty characters with their commas, and room for spaces. A
# longer one is refused before any work is done on it.
TAGS_FIELD_MAX_LENGTH = 1000
# Items normalised at most (each costs a slugify): duplicates merge, but not without limit.
MAX_TAG_ITEMS = 5 * MAX_TAGS_PER_POST
_SPACES = re.compile(r"\s+")
# Signs that tell tags apart in what people write about: "C", "C++" and "C#" are three
# languages, so their addresses are c, c-plus-plus and c-sharp (slugify would drop the signs).
_SIGNS_AS_WORDS = [["+", " plus "], ["#", " sharp "]]


class TagsRefused(ValueError):
    """Tags an author typed that a post cannot have; the message says why."""


@dataclass(frozen=True)
class TagName:
    """One normalised tag: the display name and the slug that is its identity."""

    name: str
    slug: str


def normalise_tag(text: str) -> TagName | None:
    """The tag one comma-separated item names, or None for an empty item. TagsRefused for a
    name too long or with no letter or digit to make an address from."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    if not name:
        return None
    if len(name) > TAG_MAX_LENGTH:
        raise TagsRefused(f"“{name[:20]}…” is longer than {TAG_MAX_LENGTH} characters; "
                          "shorten it.")
    slug = slugify(name.casefold(), max_length=TAG_MAX_LENGTH, replacements=_SIGNS_AS_WORDS)
    if not slug:
        raise TagsRefused(f"“{name}” has no letters or digits; a tag needs some.")
    return TagName(name=name, slug=slug)


def parse_tags(text: str) -> list[TagName]:
    """The tags of a comma-separated field, in the order typed, duplicates merged (the first
    spelling wins). TagsRefused for more than MAX_TAGS_PER_POST, or an item normalise_tag
    refuses."""
    if len(text) > TAGS_FIELD_MAX_LENGTH:
        raise TagsRefused(f"Tags may take at most {TAGS_FIELD_MAX_LENGTH} characters.")
    items = [item for item in text.split(",") if item.strip()]
    if len(items) > MAX_TAG_ITEMS:
        raise TagsRefused(f"A post may have at most {MAX_TAGS_PER_POST} tags; this has "
                          f"{len(items)} items.")
    tags: dict[str, TagName] = {}
    for item in items:
        tag = normalise_tag(item)
        if tag is not None:
            tags.setdefault(tag.slug, tag)
    if len(tags) > MAX_TAGS_PER_POST:
        raise TagsRefused(f"A post may have at most {MAX_TAGS_PER_POST} tags; this has "
                          f"{len(tags)}.")
    return list(tags.values())


def tags_text(post: Post) -> str:
    """The post's tags as the form shows them: names, comma-separated."""
    return ", ".join(tag.name for tag in post.tags)


def current_tag_ids(post_id: int) -> list[int]:
    """The ids of the post's tags, in order, as the database has them."""
    return list(db.session.execute(
        select(post_tags.c.tag_id).where(post_tags.c.post_id == post_id)
        .order_by(post_tags.c.position)).scalars())


def set_post_tags(post: Post, tags: list[TagName]) -> None:
    """Give the flushed post these tags, in this order, in the caller's transaction (creating
    tags nobody used yet). Bumps the content version when a change shows on public pages."""
    wanted = _tag_ids(tags)
    before = current_tag_ids(post.id)
    if wanted == before:
        return
    db.session.execute(delete(post_tags).where(post_tags.c.post_id == post.id))
    if wanted:
        db.session.execute(insert(post_tags), [
            {"post_id": post.id, "tag_id": tag_id, "position": position,
             "status": post.status, "published_at": post.published_at}
            for position, tag_id in enumerate(wanted)])
    # The rows changed under the ORM: the collection is read again when next used.
    db.session.expire(post, ["tags"])
    if post.published_at is not None or post.status == PUBLISHED:
        # Tags show on the post page and the tag pages; a draft's are nowhere public. (A post
        # ever published or scheduled counts: it may be public now, or be so by the clock.)
        bump_content_version(db.session)
        add_purge_keys(db.session, [keys.post_key(post.id), keys.TAGS, keys.SITEMAP,
                                    *(keys.tag_key(tag_id) for tag_id in {*before, *wanted})])


def _tag_ids(tags: list[TagName]) -> list[int]:
    if not tags:
        return []
    slugs = [tag.slug for tag in tags]
    known = _ids_by_slug(slugs)
    missing = [tag for tag in tags if tag.slug not in known]
    if missing:
        # New tags are created one writer at a time (the content version's row lock until the
        # commit): two posts typing the same new tag at once share it instead of one failing.
        lock_content_version(db.session)
        known = _ids_by_slug(slugs)
        new = [{"slug": tag.slug, "name": tag.name} for tag in tags if tag.slug not in known]
        if new:
            db.session.execute(insert(Tag), new)
            known = _ids_by_slug(slugs)
    return [known[slug] for slug in slugs]


def _ids_by_slug(slugs: list[str]) -> dict[str, int]:
    return dict(db.session.execute(select(Tag.slug, Tag.id).where(Tag.slug.in_(slugs))).all())


def _copy_state_to_tags(mapper, connection, post: Post) -> None:
    # In the UPDATE's own flush: the copies can never disagree with a committed post. (Bulk
    # UPDATEs of posts bypass the ORM, and must set them too: blog/demo/seed.py inserts both.)
    state = inspect(post)
    if state.attrs.status.history.has_changes() or state.attrs.published_at.history.has_changes():
        connection.execute(update(post_tags).where(post_tags.c.post_id == post.id)
                           .values(status=post.status, published_at=post.published_at))


def register_tag_listeners() -> None:
    """Keep post_tags' copies of status and published_at with every ORM update of a post.

    SQLAlchemy keeps listeners per class: registering again (another app) changes nothing.
    """
    if not event.contains(Post, "after_update", _copy_state_to_tags):
        event.listen(Post, "after_update", _copy_state_to_tags)
