"""Snippets the database cut with markers around matched words, made into safe HTML.

The database marks matches with two private-use characters that indexed text never holds
(blog/content/visible_text.SEARCH_MARKERS); everything is HTML-escaped first, then the markers
become <mark> elements. No author markup survives: the snippet is plain text with marks.
"""

from __future__ import annotations

from markupsafe import Markup
from markupsafe import escape

from blog.search.schema import ANGLE_BRACKETS
from blog.search.schema import ANGLE_STAND_INS

START = "\ue000"
END = "\ue001"
_BACK_TO_BRACKETS = str.maketrans(ANGLE_STAND_INS, ANGLE_BRACKETS)


def marked_html(marked: str | None) -> Markup:
    """The escaped text with each START...END run in a <mark>; always well formed (a stray
    or repeated marker opens or closes nothing)."""
    text = str(escape((marked or "").translate(_BACK_TO_BRACKETS)))
    parts: list[str] = []
    open_mark = False
    for char in text:
        if char == START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif char == END:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(char)
    if open_mark:
        parts.append("</mark>")
    return Markup("".join(parts))
