"""Filling the database with demo authors (with bios) and posts (with tags), in bulk, in one
transaction."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from datetime import datetime
from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.engine import Connection

from blog.auth.author_slugs import base_author_slug
from blog.caching.version import bump_content_version
from blog.content.excerpts import plain_excerpt
from blog.content.sanitize import sanitize_body
from blog.demo.text import author_bio
from blog.demo.text import author_name
from blog.demo.text import post_body
from blog.demo.text import post_title
from blog.demo.text import tag_vocabulary
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from blog.models import utcnow
from blog.posts.slugs import base_slug
from blog.posts.slugs import next_free_slug
from blog.posts.slugs import reserved_slugs
from blog.posts.tags import normalise_tag

# Demo authors have this issuer, which no provider uses: nobody can log in as them.
DEMO_ISSUER = "demo"
BATCH_SIZE = 5000
SQLITE_CACHE_KIB = 512 * 1024
YEARS_OF_POSTS = 8
# Bodies are generated within the allowlist rather than sanitized one by one (bleach takes most
# of a millisecond per body); this many are run through sanitize_body to prove it.
SANITIZED_SAMPLE = 50
# How many tags a demo post draws (duplicates merge, so a few have fewer).
TAGS_PER_POST = (1, 2, 2, 3, 3, 3, 4)


class DemoSlugs:
    """Slugs by blog.posts.slugs rules (base, base-2, base-3, ...) without a query per post."""

    def __init__(self, taken: set[str], reserved: frozenset[str]):
        self.taken = taken | reserved
        self._next_number: dict[str, int] = {}

    def unique(self, title: str) -> str:
        """The smallest free slug for the title, as unique_slug would pick it."""
        base = base_slug(title)
        # Numbers below the last one handed out for this base are taken already: start past it.
        slug = next_free_slug(base, self.taken, self._next_number.get(base, 2))
        if slug != base:
            self._next_number[base] = int(slug.rsplit("-", 1)[1]) + 1
        self.taken.add(slug)
        return slug


def seed_demo(post_count: int, author_count: int, *, seed: int = 1) -> None:
    """Add author_count demo authors and post_count posts spread over years, then bump the
    content version, all in one transaction."""
    rng = random.Random(seed)
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # One transaction larger than SQLite's page cache spills to disk, syncing the journal
            # each time; a cache that holds the whole batch of inserts writes it once at commit.
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        author_ids = _insert_authors(connection, rng, author_count)
        taken = set(connection.execute(select(Post.slug)).scalars())
        slugs = DemoSlugs(taken, reserved_slugs())
        batch = []
        for row in demo_posts(rng, post_count, author_ids, slugs):
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                connection.execute(insert(Post), batch)
                batch = []
        if batch:
            connection.execute(insert(Post), batch)
        _tag_posts(connection, rng, author_ids)
        bump_content_version(connection)


def _insert_authors(connection: Connection, rng: random.Random, count: int) -> list[int]:
    run = secrets.token_hex(4)
    now = utcnow()
    taken = set(connection.execute(select(Author.slug)).scalars())
    rows = []
    for number in range(1, count + 1):
        name = author_name(rng)
        # As blog.auth.author_slugs makes them at a first login: the name, then -2, -3, ...
        slug = next_free_slug(base_author_slug(name), taken)
        taken.add(slug)
        rows.append({"issuer": DEMO_ISSUER, "subject": f"demo-{run}-{number}", "name": name,
                     "slug": slug, "bio": author_bio(rng), "email": None, "picture_url": None,
                     "created_at": now, "updated_at": now})
    connection.execute(insert(Author), rows)
    return list(connection.execute(
        select(Author.id).where(Author.issuer == DEMO_ISSUER,
                                Author.subject.like(f"demo-{run}-%")).order_by(Author.id)
    ).scalars())


def _tag_posts(connection: Connection, rng: random.Random, author_ids: list[int]) -> None:
    # The demo authors' posts are all new: tag each with one to four of the vocabulary, the
    # first ones far more often (Zipf-like, as real blogs use a few tags a lot), and copy each
    # post's state into post_tags as blog/posts/tags.py does.
    vocabulary = [normalise_tag(name) for name in tag_vocabulary()]
    existing = dict(connection.execute(select(Tag.slug, Tag.id)).all())
    new = [{"slug": tag.slug, "name": tag.name} for tag in vocabulary if tag.slug not in existing]
    if new:
        connection.execute(insert(Tag), new)
    ids = dict(connection.execute(select(Tag.slug, Tag.id)).all())
    tag_ids = [ids[tag.slug] for tag in vocabulary]
    weights = [1 / rank for rank in range(1, len(tag_ids) + 1)]
    posts = connection.execute(
        select(Post.id, Post.status, Post.published_at).where(Post.author_id.in_(author_ids)))
    batch = []
    for post_id, status, published_at in posts:
        chosen = dict.fromkeys(rng.choices(tag_ids, weights=weights, k=rng.choice(TAGS_PER_POST)))
        batch.extend({"post_id": post_id, "tag_id": tag_id, "position": position,
                      "status": status, "published_at": published_at}
                     for position, tag_id in enumerate(chosen))
    for start in range(0, len(batch), BATCH_SIZE):
        connection.execute(insert(post_tags), batch[start:start + BATCH_SIZE])


def demo_posts(rng: random.Random, count: int, author_ids: list[int],
               slugs: DemoSlugs) -> Iterator[dict]:
    """Rows for the posts table, oldest first, by authors of very different output."""
    if not author_ids:
        raise ValueError("Demo posts need at least one author.")
    # A few prolific authors and a long tail, as on real multi-author blogs.
    weights = [1 / rank for rank in range(1, len(author_ids) + 1)]
    owners = rng.choices(author_ids, weights=weights, k=count)
    span = YEARS_OF_POSTS * 365 * 24 * 3600
    start = utcnow().replace(microsecond=0) - timedelta(seconds=span)
    offsets = sorted(rng.randrange(span) for _ in range(count))
    for number, (owner, offset) in enumerate(zip(owners, offsets, strict=True)):
        title = post_title(rng)
        body, lede = post_body(rng)
        if number < SANITIZED_SAMPLE and sanitize_body(body) != body:
            raise AssertionError("The demo generator wrote HTML that sanitize_body changes.")
        created = start + timedelta(seconds=offset)
        yield {
            "slug": slugs.unique(title),
            "title": title,
            "body": body,
            # The lede is longer than an excerpt, so its excerpt is the whole body's.
            "excerpt": plain_excerpt(lede),
            "author_id": owner,
            "created_at": created,
            "updated_at": _edited(rng, created),
        }


def _edited(rng: random.Random, created: datetime) -> datetime:
    # About one post in five was edited later; the post page then says "edited ...".
    if rng.random() < 0.2:
        return min(created + timedelta(days=rng.randint(1, 90)), utcnow())
    return created
