"""The API's query parameters, read strictly: every mistake is a 400 whose detail says what to
change, and equivalent URLs normalise to one page-cache key."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from dataclasses import replace

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from blog.api.cursors import Cursor
from blog.api.cursors import CursorRefused
from blog.api.cursors import decode_cursor
from blog.api.problems import bad_request

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
POSTS_PARAMETERS = ("page", "cursor", "limit", "tag", "author")
# Tags and authors are addressed by the slugs the blog makes (python-slugify: ASCII letters,
# digits and hyphens), at most as long as the columns.
SLUG_PATTERN = re.compile(r"[a-z0-9-]{1,100}")
# A page number beyond this cannot be reached (OFFSET is a signed 64-bit integer): past the end.
MAX_PAGE = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,25}")


@dataclass(frozen=True)
class PostsQuery:
    """What a /api/v1/posts request asks for: a page number or a cursor (not both), a limit,
    and the optional tag and author filters."""

    page: int | None = 1
    cursor_text: str | None = None
    limit: int = DEFAULT_LIMIT
    tag: str | None = None
    author: str | None = None

    def key(self) -> Hashable:
        """The normalised query: equal for URLs that ask for the same answer."""
        return (self.page, self.cursor_text, self.limit, self.tag, self.author)

    def cursor(self) -> Cursor | None:
        """The position the cursor names; 400 for a cursor this API did not give out.

        Read apart from the rest (needing the app's secret key), so that the page cache can
        key on the query outside the app.
        """
        if self.cursor_text is None:
            return None
        try:
            return decode_cursor(self.cursor_text)
        except CursorRefused as refusal:
            raise bad_request(f"{refusal} Use the next_cursor of an earlier answer, as it "
                              "is.") from None

    def url_args(self, **changes) -> dict:
        """The query arguments of this query (with changes), as url_for takes them: defaults
        left out, so that the URLs the API gives are the shortest ones."""
        query = replace(self, **changes)
        if "cursor_text" in changes:
            query = replace(query, page=None)
        args = {"tag": query.tag, "author": query.author,
                "limit": query.limit if query.limit != DEFAULT_LIMIT else None,
                "page": query.page if query.cursor_text is None and query.page != 1 else None,
                "cursor": query.cursor_text}
        return {name: value for name, value in args.items() if value is not None}


def single_values(args: MultiDict, allowed: tuple[str, ...]) -> dict[str, str]:
    """Each argument's one value; 400 for an argument not in allowed, or given twice."""
    for name in args:
        if name not in allowed:
            takes = (f"takes only {', '.join(allowed)}" if allowed
                     else "takes no query parameters")
            raise bad_request(f"Unknown query parameter '{name[:50]}': this operation {takes}.")
        if len(args.getlist(name)) > 1:
            raise bad_request(f"The query parameter '{name}' is given more than once.")
    return {name: args[name] for name in args}


def whole_number(name: str, text: str, maximum: int) -> int:
    """text as a whole number from 1 (ASCII digits only); above maximum reads as maximum + 1."""
    if not _DIGITS.fullmatch(text) or int(text) < 1:
        raise bad_request(f"'{name}' must be a whole number from 1, written in digits.")
    return min(int(text), maximum + 1)


def slug_parameter(name: str, text: str) -> str:
    """A tag or author slug as given; 400 for text that no slug could be."""
    if not SLUG_PATTERN.fullmatch(text):
        raise bad_request(f"'{name}' must be a slug: 1 to 100 lower-case letters, digits and "
                          "hyphens.")
    return text


def posts_query(args: MultiDict) -> PostsQuery:
    """The PostsQuery of these query arguments; 400 with the reason when they are wrong."""
    values = single_values(args, POSTS_PARAMETERS)
    if "page" in values and "cursor" in values:
        raise bad_request("Give either 'page' or 'cursor', not both.")
    query = PostsQuery()
    if "page" in values:
        query = replace(query, page=whole_number("page", values["page"], MAX_PAGE))
    if "cursor" in values:
        query = replace(query, page=None, cursor_text=values["cursor"])
    if "limit" in values:
        limit = whole_number("limit", values["limit"], MAX_LIMIT)
        if limit > MAX_LIMIT:
            raise bad_request(f"'limit' must be from 1 to {MAX_LIMIT}.")
        query = replace(query, limit=limit)
    for name in ("tag", "author"):
        if name in values:
            query = replace(query, **{name: slug_parameter(name, values[name])})
    return query


def posts_key(args: MultiDict) -> Hashable:
    """The page-cache key of a /api/v1/posts request: the normalised query, or the raw
    arguments of a request that is refused (a 400 is never kept, but the key must exist)."""
    try:
        return posts_query(args).key()
    except BadRequest:
        return ("refused", tuple(sorted(args.items(multi=True))))


def exact_key(args: MultiDict) -> Hashable:
    """The page-cache key of an operation without parameters: the arguments themselves, so
    that a request with any is rendered (and refused) rather than answered from the cache."""
    return tuple(sorted(args.items(multi=True))) or None
