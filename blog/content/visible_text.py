"""The text readers see in sanitized HTML, optionally leaving some elements out, in one pass."""

from __future__ import annotations

import html
import re

from blog.content.markup_scan import scan_tags

# After these a reader sees a break, so the text gets a space: "<p>a</p><p>b</p>" reads "a b".
_BREAKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td",
                     "th", "dd", "dt", "figcaption", "caption", "br", "hr", "tr", "div"})
_VOID = frozenset({"br", "hr", "img", "wbr"})
_WHITESPACE = re.compile(r"\s+")
# Private-use characters that search (blog/search/highlight.py) uses as its own markers in the
# snippets the database cuts: the text it indexes never carries them, so a marker is always ours.
SEARCH_MARKERS = "\ue000\ue001\ue002\ue003"
_NOT_SEARCHABLE = str.maketrans(dict.fromkeys(SEARCH_MARKERS, " "))


def visible_text(clean_html: str, leaving_out: frozenset[str] = frozenset()) -> str:
    """The text of `clean_html` with whitespace folded, without the elements in `leaving_out`.

    Meant for sanitize_body's output (balanced tags, no scripts); linear in its length.
    """
    parts: list[str] = []
    done = 0
    left_out = 0  # how many leaving_out elements are open around the current text
    for tag in scan_tags(clean_html):
        if not left_out:
            parts.append(html.unescape(clean_html[done:tag.start]))
        done = tag.end
        if tag.name in leaving_out and tag.name not in _VOID:
            if tag.kind == "start":
                left_out += 1
            elif tag.kind == "end" and left_out:
                left_out -= 1
        if tag.name in _BREAKS:
            parts.append(" ")
    if not left_out:
        parts.append(html.unescape(clean_html[done:]))
    return _WHITESPACE.sub(" ", "".join(parts)).strip()


def searchable_text(clean_html: str) -> str:
    """What search indexes of a body: its visible text, without search's marker characters."""
    return visible_text(clean_html.translate(_NOT_SEARCHABLE))
