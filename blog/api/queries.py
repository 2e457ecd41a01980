"""The API's reads: a page of posts (by number or after a cursor, optionally by tag and
author), one post, the tags, authors and pages in use. Public content only, one statement each
(besides the content version, and on a deep page number the index anchors, as the index has).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value

from blog import clock
from blog.api.params import PostsQuery
from blog.api.problems import not_found
from blog.caching import keys
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import PostRedirect
from blog.models import PostTag
from blog.models import Tag
from blog.models import post_tags
from blog.models import public_post_tags
from blog.models import public_posts
from blog.posts.anchors import anchors_of
from blog.posts.counts import listing_counts
from blog.posts.listings import TAG_NEWEST_FIRST
from blog.posts.queries import FEATURE_IMAGE_COLUMNS
from blog.posts.queries import NEWEST_FIRST
from blog.posts.queries import skipped_before


@dataclass(frozen=True)
class PostsPage:
    """One page of posts; total is known for numbered pages only (cursor pages do not count)."""

    posts: list[Post]
    has_next: bool
    total: int | None


def _card_options(*body):
    # What an item shows: no body unless asked (it stays in the database), its author, its
    # feature image and its tags, all in the post's own statement (LEFT JOINs).
    return (load_only(Post.slug, Post.title, Post.summary, Post.excerpt, Post.published_at,
                      Post.updated_at, Post.reading_minutes, Post.author_id,
                      Post.feature_image_id, *body),
            joinedload(Post.author, innerjoin=True).load_only(Author.slug, Author.name),
            joinedload(Post.feature_image).load_only(*FEATURE_IMAGE_COLUMNS),
            joinedload(Post.tag_links).joinedload(PostTag.tag))


def _with_tags(posts: list[Post]) -> list[Post]:
    for post in posts:
        set_committed_value(post, "tags", [link.tag for link in post.tag_links])
    return posts


def filter_ids(query: PostsQuery) -> tuple[int | None, int | None]:
    """The ids of the tag and author the query filters by, in one statement; 404 for either
    one that no public post has (an author with drafts only is not revealed)."""
    if query.tag is None and query.author is None:
        return None, None
    columns = []
    if query.tag is not None:
        columns.append(select(Tag.id).where(Tag.slug == query.tag, exists().where(
            post_tags.c.tag_id == Tag.id, public_post_tags())).scalar_subquery())
    if query.author is not None:
        columns.append(select(Author.id).where(Author.slug == query.author, exists().where(
            Post.author_id == Author.id, public_posts())).scalar_subquery())
    found = list(db.session.execute(select(*columns)).one())
    tag_id = found.pop(0) if query.tag is not None else None
    author_id = found.pop(0) if query.author is not None else None
    if query.tag is not None and tag_id is None:
        raise not_found(f"No public post has the tag '{query.tag}'.")
    if query.author is not None and author_id is None:
        raise not_found(f"No author with public posts has the slug '{query.author}'.")
    return tag_id, author_id


def _listing(tag_id: int | None, author_id: int | None,
             start: tuple | None = None) -> tuple[Select, tuple]:
    """(the ids of the listed posts, as a column named id; their order); with start,
    (published_at, id, inclusive), only those after that sort key (or at it, inclusive).

    The posts public now whose time is at or before start's: one bound on published_at, in
    the same condition as public_posts(). Given as two bounds (now, and the key's time, or as
    a row-value comparison), SQLite seeks the index with the first only and filters the rest:
    20 ms instead of 1 at 90,000 posts deep.
    """
    now = clock.now()
    until = min(now, start[0]) if start is not None else now
    if tag_id is None:
        ids = select(Post.id).where(public_posts(until))
        if author_id is not None:
            # Read from the index (author_id, status, published_at, id) alone.
            ids = ids.where(Post.author_id == author_id)
        order, published_at, post_id = NEWEST_FIRST, Post.published_at, Post.id
    else:
        # From the index (tag_id, status, published_at, post_id) of post_tags' copies of the
        # posts' state; the posts shown are checked against public_posts() themselves too.
        ids = select(post_tags.c.post_id.label("id")).where(post_tags.c.tag_id == tag_id,
                                                            public_post_tags(until))
        if author_id is not None:
            ids = ids.join(Post, Post.id == post_tags.c.post_id).where(
                Post.author_id == author_id)
        order = TAG_NEWEST_FIRST
        published_at, post_id = post_tags.c.published_at, post_tags.c.post_id
    if start is not None:
        moment, last_id, inclusive = start
        tie = post_id <= last_id if inclusive else post_id < last_id
        ids = ids.where(or_(published_at < moment, and_(published_at == moment, tie)))
    return ids, order


def _count_key(tag_id: int | None, author_id: int | None) -> tuple:
    # The keys the HTML listings count under (the same posts), so that either counts for both.
    if tag_id is None:
        return ("author", author_id) if author_id is not None else ("index",)
    return ("tag", tag_id) if author_id is None else ("tag and author", tag_id, author_id)


def posts_page(query: PostsQuery, version: str | None) -> PostsPage:
    """The page of posts the query asks for; 404 for a numbered page past the end.

    A numbered page is a deferred join from an index (as blog/posts/queries.py page_of), deep
    index pages starting from the nearest anchor, with the listing's count (kept per version,
    blog/posts/counts.py). A cursor page is a keyset seek: cheap at any depth, and not counted.
    """
    cursor = query.cursor()
    tag_id, author_id = filter_ids(query)
    # The list this is a page of, for the shared caches' purges (blog/caching/keys.py).
    keys.shows(keys.tag_key(tag_id) if tag_id is not None
               else keys.author_key(author_id) if author_id is not None else keys.POSTS)
    ids, order = _listing(tag_id, author_id)
    count = select(func.count()).select_from(ids.subquery())
    numbered, skip = cursor is None, 0
    if not numbered:
        ids, order = _listing(tag_id, author_id,
                              start=(cursor.published_at, cursor.post_id, False))
    else:
        skip = skipped_before(query.page, query.limit)
        if tag_id is None and author_id is None and version is not None:
            anchor, skip = anchors_of(current_app).nearest(skip, version)
            if anchor is not None:
                ids, order = _listing(tag_id, author_id, start=(*anchor, True))
    page_ids = ids.order_by(*order).offset(skip).limit(query.limit + 1).subquery("page_ids")
    statement = (select(Post).join(page_ids, Post.id == page_ids.c.id)
                 .options(*_card_options()).order_by(*NEWEST_FIRST))
    if tag_id is not None:
        statement = statement.where(public_posts())
    counted = (version, _count_key(tag_id, author_id)) if version is not None else None
    total = listing_counts(current_app).get(*counted) if numbered and counted else None
    if numbered and total is None:
        rows = db.session.execute(statement.add_columns(count.scalar_subquery())).unique().all()
        total = rows[0][1] if rows else (0 if query.page == 1 else None)
        if counted is not None and total is not None:
            listing_counts(current_app).put(*counted, total)
        posts = [row[0] for row in rows]
    else:
        posts = list(db.session.execute(statement).unique().scalars())
    if not posts and query.page is not None and query.page > 1:
        raise not_found(f"Page {query.page} is past the last page of this listing.")
    shown = _with_tags(posts[:query.limit])
    keys.shows_posts(shown)
    return PostsPage(shown, len(posts) > query.limit, total)


def public_post(slug: str) -> Post | None:
    """The public post at this slug, with its body, author, feature image and tags; None when
    there is none (drafts, posts in review and scheduled posts are none, for everyone)."""
    post = db.session.execute(
        select(Post).where(Post.slug == slug, public_posts()).options(*_card_options(Post.body))
    ).unique().scalar_one_or_none()
    return _with_tags([post])[0] if post is not None else None


def moved_post_slug(slug: str) -> str | None:
    """The current slug of the public post that was once at this slug, if there is one."""
    return db.session.execute(
        select(Post.slug).join(PostRedirect, PostRedirect.post_id == Post.id)
        .where(PostRedirect.slug == slug, public_posts())
    ).scalar_one_or_none()
