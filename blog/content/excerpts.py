"""Plain-text excerpts of post bodies for the index, computed once when a post is saved."""

from __future__ import annotations

import re

from blog.content.visible_text import visible_text

EXCERPT_LENGTH = 240
# Not the text a reader would start with: headings, code blocks and captions.
NOT_IN_EXCERPTS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "caption"})
_WHITESPACE = re.compile(r"\s+")


def cut_excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """`text` with whitespace folded, cut at a word boundary with an ellipsis past `length`."""
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) <= length:
        return text
    # Look one character past the limit: a word that ends exactly at the limit still fits.
    cut = text[:length + 1].rsplit(" ", 1)[0] if " " in text[:length + 1] else text[:length]
    return cut.rstrip(" ,.;:-") + "…"


def plain_excerpt(body_html: str, length: int = EXCERPT_LENGTH) -> str:
    """The body's prose as plain text, cut at a word boundary with an ellipsis.

    Headings, code blocks (pre) and figure and table captions are left out; a body that has
    nothing else gives all its text.
    """
    return cut_excerpt(visible_text(body_html, NOT_IN_EXCERPTS) or visible_text(body_html),
                       length)
