"""Search on SQLite: the FTS5 table posts_search, ranked by bm25, snippets by snippet()."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CTE
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


def _match(query: SearchQuery):
    return _FTS_NAME.op("MATCH")(bindparam("fts_query", to_fts5(query)))


def _ranked(query: SearchQuery, candidates: int) -> CTE:
    """The ranks of the `candidates` most recently written posts that match (ids grow with
    each post written), whatever their state, read from the index alone.

    MATERIALIZED: SQLite then ranks from the index first, and reads just these rows of posts.
    Joined the other way round, it ran the match once for every post: minutes at 100,000.
    """
    newest = (select(_FTS.c.rowid).where(_match(query)).order_by(_FTS.c.rowid.desc())
              .offset(candidates - 1).limit(1).scalar_subquery())
    return (select(_FTS.c.rowid.label("id"), _RANK.label("score"))
            .where(_match(query), _FTS.c.rowid >= func.coalesce(newest, 0))
            .cte("ranked").prefix_with("MATERIALIZED"))


def page_statement(query: SearchQuery, now: datetime, skip: int, limit: int,
                   candidates: int) -> Select:
    """The page's public posts, best first (ties: newest first), with their marked title and
    snippet (cut for the page's own rows only, after the ranking)."""
    ranked = _ranked(query, candidates)
    page = (select(ranked.c.id, ranked.c.score, Post.published_at)
            .join(Post, Post.id == ranked.c.id).where(public_posts(now))
            .order_by(ranked.c.score, Post.published_at.desc(), Post.id.desc())
            .offset(skip).limit(limit).cte("page").prefix_with("MATERIALIZED"))
    return (
        select(Post.slug, func.highlight(_FTS_NAME, 0, START, END).label("title"),
               func.snippet(_FTS_NAME, 2, START, END, "…", SNIPPET_TOKENS).label("snippet"),
               Post.excerpt, Post.published_at, Author.name.label("author"),
               Author.slug.label("author_slug"))
        .select_from(page.join(_FTS, _FTS.c.rowid == page.c.id)
                     .join(Post, Post.id == page.c.id).join(Author, Author.id == Post.author_id))
        .where(_match(query))
        .order_by(page.c.score, page.c.published_at.desc(), page.c.id.desc())
    )


def count_statement(query: SearchQuery, now: datetime, candidates: int) -> Select:
    """How many of the candidates are public posts."""
    ranked = _ranked(query, candidates)
    return (select(func.count()).select_from(ranked).join(Post, Post.id == ranked.c.id)
            .where(public_posts(now)))
