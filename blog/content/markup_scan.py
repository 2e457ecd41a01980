"""A linear scan of HTML into tags, comments and text, for the checks that run before bleach."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# Possessive quantifiers and atomic alternatives only: every token is matched in one pass with no
# backtracking, so the scan is linear in the length of the body whatever the input.
_TOKEN = re.compile(
    r"""
      (?P<comment><!--(?:>|->|.*?(?:-->|--!>|\Z)))
    | (?P<bogus><[!?][^>]*+>?|</(?![A-Za-z])[^>]*+>?)
    | </(?P<end>[A-Za-z][^\s/>]*+)[^>]*+>?
    | <(?P<start>[A-Za-z][^\s/>]*+)
        (?:\s++|/|[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))?)*+>?
    """,
    re.DOTALL | re.VERBOSE,
)


class Tag(NamedTuple):
    """One token that starts with "<": kind is "start", "end" or "other" (comments and the like)."""

    kind: str
    name: str
    start: int
    end: int


def scan_tags(html: str, start: int = 0) -> Iterator[Tag]:
    """Every tag-like token of `html` from `start` on; a "<" that starts no token is text."""
    position = html.find("<", start)
    while position != -1:
        match = _TOKEN.match(html, position)
        if match is None:
            position = html.find("<", position + 1)
            continue
        if match.group("start"):
            yield Tag("start", match.group("start").lower(), match.start(), match.end())
        elif match.group("end"):
            yield Tag("end", match.group("end").lower(), match.start(), match.end())
        else:
            yield Tag("other", "", match.start(), match.end())
        position = html.find("<", match.end())
