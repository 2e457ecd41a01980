"""How much Markdown a body may hold, estimated in one linear pass before markdown-it parses it.

markdown-it-py is pure Python: its time grows with the number of lines and of markers, not with
bytes (128 KB of plain words parse in 2 ms; 128 KB of "[" take 6 s; "- - - - x" lines cost
50 us per marker). Measured per construct (scripts/bench_markdown.py, docs/performance.md), one
unit of weight is up to about 50 us of parsing, so the bound keeps the parse near 200 ms at worst:
  a non-blank line, a "[", "<" or "|": 1; a list or quote marker at the start of a line: 2;
  an autolink ("<https:", "<x@"): 3; any other inline marker (] * _ ` & \\ ! ~): 1/2; any
  other character that stops markdown-it's fast scan of text (# $ % + - : = > @ ^ { }): 1/8.
"""

from __future__ import annotations

import re

from blog.content.markup_budget import MarkupTooComplex

# The 8,000-word Markdown post in tests/long_markdown_post.py (hard-wrapped at 78 columns, with
# links, code, lists, quotes and tables) weighs about 2,700.
MAX_MARKDOWN_WEIGHT = 4000

# markdown-it reads "\r\n" and "\r" as line ends, and only spaces and tabs as blank.
_LINE_END = re.compile(r"\r\n?")
_NON_BLANK_LINE = re.compile(r"^[ \t]*+[^ \t\n]", re.MULTILINE)
# The run of container markers a line starts with: "> > - 1. x" has four.
_LINE_MARKERS = re.compile(r"^(?:[ \t]*+(?:>|[*+-](?=[ \t\n])|[0-9]{1,9}[.)](?=[ \t\n])))++",
                           re.MULTILINE)
_MARKER = re.compile(r">|[*+-]|[0-9]{1,9}[.)]")
# An autolink costs two or three times what other markers cost (its URL is parsed and encoded).
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@]*+@)")
_FULL_WEIGHT_MARKS = "[<|"
_HALF_WEIGHT_MARKS = "]*_`&\\!~"
_SCAN_STOPS = "#$%+-:=>@^{}"


class MarkdownTooComplex(MarkupTooComplex):
    """The Markdown holds more lines and markers than the blog parses for one post."""


def markdown_weight(source: str) -> dict[str, int]:
    """What `source` holds that costs markdown-it time, counted, and its total weight."""
    source = _LINE_END.sub("\n", source)
    lines = sum(1 for _ in _NON_BLANK_LINE.finditer(source))
    line_markers = sum(len(_MARKER.findall(match.group()))
                       for match in _LINE_MARKERS.finditer(source))
    openers = sum(source.count(mark) for mark in _FULL_WEIGHT_MARKS)
    marks = sum(source.count(mark) for mark in _HALF_WEIGHT_MARKS)
    stops = sum(source.count(mark) for mark in _SCAN_STOPS)
    autolinks = len(_AUTOLINK.findall(source))
    weight = lines + 2 * line_markers + openers + 2 * autolinks + marks // 2 + stops // 8
    return {"lines": lines, "line markers": line_markers, "openers": openers,
            "autolinks": autolinks, "marks": marks, "stops": stops, "weight": weight}


def check_markdown_budget(source: str) -> None:
    """Raise MarkdownTooComplex when parsing `source` would cost more than a post may.

    Linear in the length of `source`, with no backtracking (a few regular expressions and counts).
    """
    counts = markdown_weight(source)
    if counts["weight"] > MAX_MARKDOWN_WEIGHT:
        raise MarkdownTooComplex(
            f"The body has more Markdown than the blog parses for one post: "
            f"{counts['lines']:,} lines, {counts['line markers']:,} list and quote markers, "
            f"{counts['openers'] + counts['marks']:,} marks such as [ * _ ` < | and "
            f"{counts['stops']:,} such as # - : =. Split it into more than one post."
        )
