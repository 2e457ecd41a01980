"""The blog's Atom feeds: the newest public posts as entries, for the whole blog or any subset.

A feed is one query (the newest posts with their authors' names) and one document. A feed of
some posts only (one author's, one tag's) is the same feed with SQL criteria added.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import load_only

from blog.caching import keys
from blog.discovery.absolute_links import with_absolute_links
from blog.discovery.atom import Entry
from blog.discovery.atom import Feed
from blog.discovery.atom import Person
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from blog.models import public_post_tags
from blog.models import public_posts
from blog.public_url import public_origin
from blog.public_url import public_url_for
from blog.site.store import current_site

NEWEST_FIRST = (Post.published_at.desc(), Post.id.desc())


def newest_public_posts(limit: int, *criteria) -> list[Post]:
    """The newest `limit` public posts (meeting `criteria`, SQL conditions), with their authors'
    names: one statement, on the index (status, published_at, id)."""
    return list(db.session.execute(
        db.select(Post).where(public_posts(), *criteria)
        .options(load_only(Post.slug, Post.title, Post.body, Post.excerpt, Post.published_at,
                           Post.updated_at, Post.created_at, Post.author_id),
                 joinedload(Post.author, innerjoin=True).load_only(Author.name, Author.slug))
        .order_by(*NEWEST_FIRST).limit(limit)
    ).scalars())


def last_changed(post: Post) -> datetime:
    """When readers last saw the post change: its last edit, or its publication if later (a
    scheduled post appears at its time, edited before it)."""
    return max(post.updated_at, post.published_at)


def entry_id(post: Post) -> str:
    """The post's Atom id: a tag URI (RFC 4151) from the blog's host, the day the post was
    created and its number, so that it stays the same when the post's title or address
    changes (a new id would show it to every subscriber again as a new post)."""
    host = urlsplit(public_origin()).hostname
    return f"tag:{host},{post.created_at.strftime('%Y-%m-%d')}:posts/{post.id}"


def post_entry(post: Post, author_uri=None) -> Entry:
    """A public post as a feed entry; author_uri(author) gives the address of an author's page
    (None: no page)."""
    return Entry(
        id=entry_id(post), title=post.title, link=public_url_for("posts.show", slug=post.slug),
        published=post.published_at, updated=last_changed(post),
        authors=(Person(post.author.name, author_uri(post.author) if author_uri else None),),
        summary=post.excerpt,
        # Rendered and sanitized when it was saved: only its addresses change here.
        content=with_absolute_links(post.body, public_origin()))


def posts_feed(*criteria, title: str, alternate: str, self_link: str,
               author_uri=None) -> Feed:
    """A feed of the newest FEED_ENTRIES public posts meeting criteria, identified by the page
    it stands for (alternate)."""
    posts = newest_public_posts(current_app.config["FEED_ENTRIES"], *criteria)
    keys.shows_posts(posts)
    return Feed(id=alternate, title=title, alternate=alternate, self_link=self_link,
                subtitle=current_site().description,
                entries=[post_entry(post, author_uri) for post in posts])


def author_page_url(author: Author) -> str:
    """The absolute address of an author's page (the uri of their Atom person)."""
    return public_url_for("listings.author", slug=author.slug)


def site_feed() -> Feed:
    """The whole blog's feed."""
    return posts_feed(title=current_site().title,
                      alternate=public_url_for("posts.index"),
                      self_link=public_url_for("discovery.feed"), author_uri=author_page_url)


def author_feed(author: Author) -> Feed:
    """One author's feed: their newest public posts."""
    return posts_feed(Post.author_id == author.id,
                      title=f"{author.name} · {current_site().title}",
                      alternate=author_page_url(author),
                      self_link=public_url_for("discovery.author_feed_view", slug=author.slug),
                      author_uri=author_page_url)


def tag_feed(tag: Tag) -> Feed:
    """One tag's feed: the newest public posts that have it."""
    tagged = db.select(post_tags.c.post_id).where(post_tags.c.tag_id == tag.id,
                                                  public_post_tags())
    return posts_feed(Post.id.in_(tagged),
                      title=f"{tag.name} · {current_site().title}",
                      alternate=public_url_for("listings.tag", slug=tag.slug),
                      self_link=public_url_for("discovery.tag_feed_view", slug=tag.slug),
                      author_uri=author_page_url)
