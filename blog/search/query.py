"""What a reader typed, made into a query no database can misread: words, "phrases", prefix*.

Nothing the reader types is ever handed to a database's query syntax. The text is cut into
words (runs of letters and digits); a double-quoted run is a phrase; a word directly followed by
`*` (two letters or more) matches every word it starts. Everything else, operators (AND OR NOT
NEAR), column filters, `-`, `^`, brackets, is punctuation between words. Every item must match.
Each database's query is then written from these items alone (to_fts5, to_tsquery).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The work a search may ask for is bounded: more than this is refused with a 400 that says so.
MAX_WORDS = 20
# A prefix of one letter would expand to most of the index's words.
MIN_PREFIX = 2
_ITEMS = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>[^\W_]+)(?P<star>\*)?')
_WORD = re.compile(r"[^\W_]+")


class QueryRefused(ValueError):
    """The search asks for more work than the blog does for one page; the message says why."""


@dataclass(frozen=True)
class Item:
    """One thing every result must contain: a word, or a phrase of words in this order; the
    last word may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def __str__(self) -> str:
        text = " ".join(self.words)
        if len(self.words) > 1:
            text = f'"{text}"'
        return text + ("*" if self.prefix else "")


@dataclass(frozen=True)
class SearchQuery:
    """A reader's search as the blog understands it: its items, all of which must match."""

    items: tuple[Item, ...]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __str__(self) -> str:
        """The query in its one normal spelling: what the page shows and the page cache keys."""
        return " ".join(str(item) for item in self.items)

    def words(self) -> list[str]:
        """Every word of the query, in order."""
        return [word for item in self.items for word in item.words]


def parse_query(text: str, max_chars: int) -> SearchQuery:
    """The reader's text as a SearchQuery (empty when it has no words).

    QueryRefused when it is longer than max_chars characters or has more than MAX_WORDS
    words: the work of a search grows with both.
    """
    if len(text) > max_chars:
        raise QueryRefused(f"Searches are at most {max_chars} characters long: make it shorter.")
    items: list[Item] = []
    for match in _ITEMS.finditer(_printable(text)):
        if match["phrase"] is not None:
            words = tuple(_WORD.findall(match["phrase"].lower()))
            prefix = False
        else:
            words = (match["word"].lower(),)
            prefix = bool(match["star"]) and len(words[0]) >= MIN_PREFIX
        item = Item(words, prefix)
        if words and item not in items:
            items.append(item)
    query = SearchQuery(tuple(items))
    if len(query.words()) > MAX_WORDS:
        raise QueryRefused(f"Searches have at most {MAX_WORDS} words: leave some out.")
    return query


def _printable(text: str) -> str:
    # NUL, control and format characters, and private-use ones, read as spaces; composed
    # characters as the indexed text most often has them.
    text = unicodedata.normalize("NFC", text)
    return "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)


def to_fts5(query: SearchQuery) -> str:
    """The query in SQLite FTS5's syntax: each item a quoted string (its words hold no quote),
    prefixes starred, all of them required."""
    return " ".join(f'"{" ".join(item.words)}"' + ("*" if item.prefix else "")
                    for item in query.items)


def to_tsquery(query: SearchQuery) -> str:
    """The query in PostgreSQL's to_tsquery syntax: each word a quoted lexeme (it holds no
    quote or backslash), phrases joined by <->, the prefix marked :*, all items required."""
    parts = []
    for item in query.items:
        lexemes = [f"'{word}'" for word in item.words]
        if item.prefix:
            lexemes[-1] += ":*"
        parts.append(" <-> ".join(lexemes) if len(lexemes) == 1 else
                     "(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)
