"""Plain-text excerpts of post bodies for the index, computed once when a post is saved."""

from __future__ import annotations

import html
import re

import bleach

EXCERPT_LENGTH = 240
_WHITESPACE = re.compile(r"\s+")


def plain_excerpt(body_html: str, length: int = EXCERPT_LENGTH) -> str:
    """The body's text without tags, whitespace folded, cut at a word boundary with an ellipsis."""
    # Block elements end with a space so that "<p>a</p><p>b</p>" reads "a b", not "ab".
    spaced = re.sub(r"</(p|h[1-6]|li|pre|blockquote|td|th|dd|dt|figcaption)>|<br\s*/?>",
                    " ", body_html, flags=re.IGNORECASE)
    text = html.unescape(bleach.clean(spaced, tags=set(), strip=True))
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) <= length:
        return text
    # Look one character past the limit: a word that ends exactly at the limit still fits.
    cut = text[:length + 1].rsplit(" ", 1)[0] if " " in text[:length + 1] else text[:length]
    return cut.rstrip(" ,.;:-") + "…"
