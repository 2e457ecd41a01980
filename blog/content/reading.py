"""Reading time of a post: minutes of prose at an average reading speed, code counted lightly."""

from __future__ import annotations

import math

from blog.content.visible_text import visible_text

WORDS_PER_MINUTE = 230
# Readers skim code rather than read it word by word: a word of code counts a quarter.
CODE_WORD_WEIGHT = 0.25


def reading_minutes(clean_html: str) -> int:
    """Whole minutes to read sanitized HTML (at least 1): prose words, plus code words at a
    quarter, at WORDS_PER_MINUTE, rounded to the nearest minute."""
    prose = visible_text(clean_html, frozenset({"pre"}))
    all_text = visible_text(clean_html)
    prose_words = len(prose.split())
    code_words = max(len(all_text.split()) - prose_words, 0)
    words = prose_words + CODE_WORD_WEIGHT * code_words
    return max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))
