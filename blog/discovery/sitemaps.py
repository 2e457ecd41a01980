"""Sitemaps (sitemaps.org 0.9): the home page, every public post, author and tag page and every
published page of the site, with true lastmod times.

Up to SITEMAP_MAX_URLS addresses, /sitemap.xml lists them all. Past that it is a sitemap index
of parts: /sitemap-pages.xml (the home page) and, for each source, one part per range of
SITEMAP_PART_IDS ids (/sitemap-posts-<n>.xml holds the posts with ids (n-1)*size+1 to n*size).
Ranges on the primary key, not OFFSET: a part is one range read at any depth, and a post stays
in its part for ever. A part may hold fewer addresses than ids (drafts have ids too); an empty
one is not listed.

Statements: /sitemap.xml runs one that counts each part and finds its newest change, then (when
it is not an index) one that lists every address; a part runs one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from flask import current_app
from sqlalchemy import Select
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import union_all

from blog.discovery.xml_text import w3c_datetime
from blog.discovery.xml_text import xml_safe
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from blog.models import public_post_tags
from blog.models import public_posts
from blog.pages.model import Page
from blog.pages.model import public_pages
from blog.public_url import public_url_for

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
HOME = "home"
NEWEST_FIRST = (Post.published_at.desc(), Post.id.desc())


def _post_lastmod():
    # A post's last edit or its publication, whichever is later (a scheduled post appears at
    # its time).
    return case((Post.updated_at > Post.published_at, Post.updated_at), else_=Post.published_at)


def post_rows() -> Select:
    """(id, slug, lastmod) of every public post."""
    return db.select(Post.id.label("id"), Post.slug.label("slug"),
                     _post_lastmod().label("lastmod")).where(public_posts())


def author_rows() -> Select:
    """(id, slug, lastmod) of every author with a public post. A listing's lastmod is its newest
    post's publication (what makes it change for a crawler), read from the index (author_id,
    status, published_at, id) alone: the posts' rows, with their edit times, are not read."""
    newest = (db.select(Post.author_id, func.max(Post.published_at).label("lastmod"))
              .where(public_posts()).group_by(Post.author_id).subquery("newest"))
    return (db.select(Author.id.label("id"), Author.slug.label("slug"), newest.c.lastmod)
            .join(newest, newest.c.author_id == Author.id))


def tag_rows() -> Select:
    """(id, slug, lastmod) of every tag a public post has: its newest post's publication, from
    the post_tags index (tag_id, status, published_at, post_id) alone."""
    newest = (db.select(post_tags.c.tag_id, func.max(post_tags.c.published_at).label("lastmod"))
              .where(public_post_tags()).group_by(post_tags.c.tag_id).subquery("newest"))
    return (db.select(Tag.id.label("id"), Tag.slug.label("slug"), newest.c.lastmod)
            .join(newest, newest.c.tag_id == Tag.id))


def page_rows() -> Select:
    """(id, slug, lastmod) of every published page of the site: its last save."""
    return db.select(Page.id.label("id"), Page.slug.label("slug"),
                     Page.updated_at.label("lastmod")).where(public_pages())


@dataclass(frozen=True)
class Source:
    """A kind of page the sitemap lists one of per row: its rows (id, slug, lastmod) and the
    endpoint that takes slug=. Its parts are /sitemap-<name>-<n>.xml."""

    name: str
    rows: Callable[[], Select]
    endpoint: str


# The pages listed one per row: posts, author pages, tag pages, the site's pages (whose parts,
# /sitemap-pages-<n>.xml, are not /sitemap-pages.xml: that one holds the home page and /tags).
SOURCES = (Source("posts", post_rows, "posts.show"),
           Source("authors", author_rows, "listings.author"),
           Source("tags", tag_rows, "listings.tag"),
           Source("pages", page_rows, "posts.show"))


@dataclass(frozen=True)
class Url:
    """One address of a sitemap (or one sitemap of an index) and when it last changed."""

    loc: str
    lastmod: datetime | None


@dataclass(frozen=True)
class Part:
    """One part of the index: source name, number (from 1), addresses in it, newest change."""

    source: str
    number: int
    count: int
    lastmod: datetime


def _sources() -> dict[str, Source]:
    return {source.name: source for source in SOURCES}


def _home_lastmod(per_page: int):
    # The home page changes when one of the posts it shows does: the newest page's newest change.
    newest = post_rows().order_by(*NEWEST_FIRST).limit(per_page).subquery()
    return db.select(func.max(newest.c.lastmod)).scalar_subquery()


def parts(part_ids: int) -> tuple[datetime | None, list[Part]]:
    """The home page's lastmod, and every non-empty part with its size and newest change: one
    statement (an aggregate of each source grouped by id range, and the home page's row)."""
    selects = [db.select(literal(HOME).label("source"), literal(0).label("part"),
                         literal(1).label("urls"),
                         _home_lastmod(current_app.config["POSTS_PER_PAGE"]).label("lastmod"))]
    for source in SOURCES:
        rows = source.rows().subquery()
        part = ((rows.c.id - 1) // part_ids + 1).label("part")
        selects.append(db.select(literal(source.name).label("source"), part,
                                 func.count().label("urls"), func.max(rows.c.lastmod))
                       .group_by(part))
    home, found = None, []
    for name, number, count, lastmod in db.session.execute(union_all(*selects)):
        if name == HOME:
            home = _as_datetime(lastmod)
        else:
            found.append(Part(name, number, count, _as_datetime(lastmod)))
    found.sort(key=lambda item: (item.source, item.number))
    return home, found


def _as_datetime(value) -> datetime | None:
    # SQLite hands back an aggregate over a union as text (the type is lost on the way).
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def home_url(lastmod: datetime | None) -> Url:
    """The home page's entry."""
    return Url(public_url_for("posts.index"), lastmod)


def tags_url(tag_urls: list[Url]) -> Url | None:
    """The entry of /tags, which changes when a tag page does; None when no tag is public."""
    lastmod = newest(tag_urls)
    return Url(public_url_for("listings.tags"), lastmod) if tag_urls else None


def pages_lastmod() -> tuple[datetime | None, datetime | None]:
    """When the home page and /tags last changed (None for /tags while no tag is public): one
    statement."""
    rows = tag_rows().subquery()
    tags = db.select(func.max(rows.c.lastmod)).scalar_subquery()
    home, tags = db.session.execute(
        db.select(_home_lastmod(current_app.config["POSTS_PER_PAGE"]), tags)).one()
    return _as_datetime(home), _as_datetime(tags)


def every_url(home_lastmod: datetime | None) -> list[Url]:
    """The home page and every row of every source, in id order: one statement."""
    selects = [db.select(literal(source.name).label("source"), rows.c.id, rows.c.slug,
                         rows.c.lastmod)
               for source in SOURCES for rows in [source.rows().subquery()]]
    listing = union_all(*selects).subquery()
    query = db.select(listing).order_by(listing.c.source, listing.c.id)
    by_name = _sources()
    urls, tag_urls = [], []
    for name, _id, slug, lastmod in db.session.execute(query):
        url = Url(public_url_for(by_name[name].endpoint, slug=slug), _as_datetime(lastmod))
        urls.append(url)
        if name == "tags":
            tag_urls.append(url)
    tags = tags_url(tag_urls)
    return [home_url(home_lastmod), *([tags] if tags else []), *urls]


def part_urls(source_name: str, number: int, part_ids: int) -> list[Url] | None:
    """The addresses of one part, in id order (one statement); None for no such source."""
    source = _sources().get(source_name)
    if source is None or number < 1:
        return None
    rows = source.rows().subquery()
    first = (number - 1) * part_ids + 1
    query = (db.select(rows.c.slug, rows.c.lastmod)
             .where(rows.c.id >= first, rows.c.id < first + part_ids).order_by(rows.c.id))
    return [Url(public_url_for(source.endpoint, slug=slug), _as_datetime(lastmod))
            for slug, lastmod in db.session.execute(query)]


def index_urls(home_lastmod: datetime | None, found: list[Part]) -> list[Url]:
    """The sitemaps of the index: the site's pages, then every non-empty part."""
    return [Url(public_url_for("discovery.sitemap_pages"), home_lastmod), *(
        Url(public_url_for("discovery.sitemap_part", source=part.source, number=part.number),
            part.lastmod) for part in found)]


def newest(urls: list[Url]) -> datetime | None:
    """The latest lastmod among urls (the document's Last-Modified)."""
    return max((url.lastmod for url in urls if url.lastmod is not None), default=None)


def urlset_document(urls: list[Url]) -> bytes:
    """A <urlset> of these addresses."""
    return _document("urlset", "url", urls)


def sitemap_index_document(urls: list[Url]) -> bytes:
    """A <sitemapindex> of these sitemaps."""
    return _document("sitemapindex", "sitemap", urls)


def _document(root: str, item: str, urls: list[Url]) -> bytes:
    # Written as text, not built as a tree: 50,000 addresses in milliseconds. Every value is
    # escaped, and stripped of what XML cannot hold (a slug from an import could).
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<{root} xmlns="{SITEMAP_NAMESPACE}">']
    for url in urls:
        lastmod = f"<lastmod>{w3c_datetime(url.lastmod)}</lastmod>" if url.lastmod else ""
        lines.append(f"<{item}><loc>{escape(xml_safe(url.loc))}</loc>{lastmod}</{item}>")
    lines.append(f"</{root}>")
    return ("\n".join(lines) + "\n").encode("utf-8")
