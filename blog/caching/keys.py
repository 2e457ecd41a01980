"""Surrogate keys: names for what a public answer shows, so that a shared cache can purge it.

Every public answer is tagged `site` (the header, navigation and footer are on all of them) and
with what else it shows: each post on it (`post:<id>`) and that post's author (`author:<id>`),
and the list it is a page of (`posts` for the index, the blog's feed and the API's list; `tag:<id>`
and `author:<id>` for a tag's or an author's pages and feeds; `search`, `sitemap`, `tags`,
`authors`, `pages`). A change then names what it altered (blog/caching/purge_keys.py) and the
caches drop exactly the answers that show it: editing one post leaves every other post cached.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import g

SITE = "site"
POSTS = "posts"
SEARCH = "search"
SITEMAP = "sitemap"
TAGS = "tags"
AUTHORS = "authors"
PAGES = "pages"
# The header that carries them, in Fastly's spelling; deploy/varnish.vcl hands it to xkey.
HEADER = "Surrogate-Key"


def post_key(post_id: int) -> str:
    """The key of one post: its page, and every list that shows it."""
    return f"post:{post_id}"


def author_key(author_id: int) -> str:
    """The key of one author: their pages and feed, and every byline of theirs."""
    return f"author:{author_id}"


def tag_key(tag_id: int) -> str:
    """The key of one tag's pages and feed."""
    return f"tag:{tag_id}"


def page_key(page_id: int) -> str:
    """The key of one page of the site."""
    return f"page:{page_id}"


def shows(*keys: str) -> None:
    """Record that this request's answer shows what keys name."""
    g.setdefault("surrogate_keys", set()).update(keys)


def shows_posts(posts: Iterable) -> None:
    """Record that this request's answer shows these posts (and so their authors' names)."""
    keys = set()
    for post in posts:
        keys.add(post_key(post.id))
        keys.add(author_key(post.author_id))
    shows(*keys)


def answer_keys() -> str:
    """The header value for this request's answer: `site` first, then what it recorded."""
    recorded = g.get("surrogate_keys", ())
    return " ".join([SITE, *sorted(recorded - {SITE} if recorded else ())])
