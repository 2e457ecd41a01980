"""What the stored, sanitized body gets on its way into a page (not into the API or feeds)."""

from __future__ import annotations

import re

from markupsafe import Markup

# A start tag of a code block. In sanitized HTML a "<" in text is always escaped, so "<pre"
# followed by a space or ">" is a start tag and nothing else.
_PRE_START = re.compile(r"<pre(?=[\s>])")


def body_for_page(html: str) -> Markup:
    """The sanitized body with every code block reachable by keyboard (tabindex="0").

    A long line makes a code block scroll sideways; a reader without a mouse can scroll it only
    once it can take focus (WCAG 2.1.1; Safari does not make scrollers focusable by itself). Done
    here rather than on save, so that every stored post gets it, whenever it was written.
    """
    return Markup(_PRE_START.sub('<pre tabindex="0"', html))
