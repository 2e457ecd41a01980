"""Search on PostgreSQL: the generated tsvector posts.search_vector and its GIN index, ranked by
ts_rank_cd, snippets by ts_headline over a bounded part of the text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import select

from blog.models import Author
from blog.models import Post
from blog.models import public_posts
from blog.search.highlight import END
from blog.search.highlight import START
from blog.search.query import SearchQuery
from blog.search.query import to_tsquery
from blog.search.schema import ANGLE_BRACKETS
from blog.search.schema import ANGLE_STAND_INS
from blog.search.schema import TEXT_SEARCH_CONFIG
from blog.search.schema import VECTOR_COLUMN

_CONFIG = literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig")
_VECTOR = literal_column(f"posts.{VECTOR_COLUMN}")
# ts_headline parses all the text it is given, for every row of the page: it gets the first this
# many characters of each post's text (a match further on gives a snippet from the start).
SNIPPET_SOURCE_CHARS = 10_000
_MARKERS = f'StartSel="{START}", StopSel="{END}"'
_SNIPPET_OPTIONS = (f'{_MARKERS}, MaxWords=28, MinWords=12, MaxFragments=2, '
                    'FragmentDelimiter=" … "')
_TITLE_OPTIONS = f"{_MARKERS}, HighlightAll=true"


def _tsquery(query: SearchQuery):
    return func.to_tsquery(_CONFIG, bindparam("ts_query", to_tsquery(query)))


def _plain(text):
    # As the index reads it (blog/search/schema.py): angle brackets are not tags.
    return func.translate(text, ANGLE_BRACKETS, ANGLE_STAND_INS)


def _candidates(query: SearchQuery, now: datetime, candidates: int, *columns) -> Select:
    """The `candidates` most recently written public posts that match (ids grow with each post
    written), in one pass: for a common word a backward walk of the primary key that stops
    there, for a rare one the GIN index (the planner knows the words' frequencies)."""
    return (select(Post.id, *columns).where(_VECTOR.op("@@")(_tsquery(query)), public_posts(now))
            .order_by(Post.id.desc()).limit(candidates))


def page_statement(query: SearchQuery, now: datetime, skip: int, limit: int,
                   candidates: int) -> Select:
    """The page's posts, best first (ties: newest first), with their marked title and snippet
    (cut for the page's own rows only, after the ranking)."""
    ranked = _candidates(query, now, candidates, Post.published_at,
                         func.ts_rank_cd(_VECTOR, _tsquery(query)).label("score")
                         ).cte("ranked").prefix_with("MATERIALIZED")
    page = (select(ranked).order_by(ranked.c.score.desc(), ranked.c.published_at.desc(),
                                    ranked.c.id.desc())
            .offset(skip).limit(limit).subquery("page"))
    text = func.left(Post.search_text, SNIPPET_SOURCE_CHARS)
    return (
        select(Post.slug,
               func.ts_headline(_CONFIG, _plain(Post.title), _tsquery(query),
                                _TITLE_OPTIONS).label("title"),
               func.ts_headline(_CONFIG, _plain(text), _tsquery(query),
                                _SNIPPET_OPTIONS).label("snippet"),
               Post.excerpt, Post.published_at, Author.name.label("author"),
               Author.slug.label("author_slug"))
        .select_from(page.join(Post, Post.id == page.c.id)
                     .join(Author, Author.id == Post.author_id))
        .order_by(page.c.score.desc(), page.c.published_at.desc(), page.c.id.desc())
    )


def count_statement(query: SearchQuery, now: datetime, candidates: int) -> Select:
    """How many public posts match, counting no further than candidates."""
    return select(func.count()).select_from(_candidates(query, now, candidates).subquery())
