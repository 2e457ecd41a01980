"""Search on SQLite: the FTS5 table posts_search, ranked by bm25, snippets by snippet()."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import column
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import select
from sqlalchemy import table

from blog.models import Author
from blog.models import Post
from blog.models import public_posts
from blog.search.highlight import END
from blog.search.highlight import START
from blog.search.query import SearchQuery
from blog.search.query import to_fts5
from blog.search.schema import FTS_TABLE

_FTS = table(FTS_TABLE, column("rowid"))
_FTS_NAME = literal_column(FTS_TABLE)
# bm25's weights of title, summary and text: a word in the title says most about a post.
_RANK = func.bm25(_FTS_NAME, 10.0, 4.0, 1.0)
# Tokens around the match in a snippet (FTS5 allows at most 64).
SNIPPET_TOKENS = 28


def _matching(query: SearchQuery, now: datetime) -> Select:
    match = _FTS_NAME.op("MATCH")(bindparam("fts_query", to_fts5(query)))
    return (select(Post.id).select_from(_FTS.join(Post, Post.id == _FTS.c.rowid))
            .where(match, public_posts(now)))


def page_statement(query: SearchQuery, now: datetime, skip: int, limit: int) -> Select:
    """The page's posts, best first (ties: newest first), with their marked title and snippet.

    The ranking reads only ids, ranks and dates; the snippets are cut for the page's own rows
    afterwards (SQLite would otherwise cut one for every match before sorting).
    """
    page = (_matching(query, now).add_columns(_RANK.label("score"), Post.published_at)
            .order_by(_RANK, Post.published_at.desc(), Post.id.desc())
            .offset(skip).limit(limit).subquery("page"))
    match = _FTS_NAME.op("MATCH")(bindparam("fts_query", to_fts5(query)))
    return (
        select(Post.slug, func.highlight(_FTS_NAME, 0, START, END).label("title"),
               func.snippet(_FTS_NAME, 2, START, END, "…", SNIPPET_TOKENS).label("snippet"),
               Post.excerpt, Post.published_at, Author.name.label("author"))
        .select_from(page.join(_FTS, _FTS.c.rowid == page.c.id)
                     .join(Post, Post.id == page.c.id).join(Author, Author.id == Post.author_id))
        .where(match)
        .order_by(page.c.score, page.c.published_at.desc(), page.c.id.desc())
    )


def count_statement(query: SearchQuery, now: datetime, cap: int) -> Select:
    """How many public posts match, counting no further than cap."""
    return select(func.count()).select_from(_matching(query, now).limit(cap).subquery())
