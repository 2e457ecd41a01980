"""Server-side code highlighting: Pygments token spans in sanitized code blocks, classes only."""

from __future__ import annotations

import html
import re
import time
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import RawTokenLexer
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

# Lexing is pure Python: ordinary code costs 2-10 us a byte, and some lexers are quadratic on
# hostile code (64 KB of "<<" as Perl took 28 s; of "/* " as JavaScript, 5 s; see
# docs/performance.md). So a body gets at most this much code and this much time highlighted;
# past either, the rest stays plain, which loses nothing but colour. The time is checked between
# tokens, where every quadratic case measured spends its time.
MAX_HIGHLIGHTED_BYTES = 32 * 1024
MAX_HIGHLIGHT_SECONDS = 0.1
# The sanitizer's canonical form of a code block with a language: the code is text (no "<").
_CODE_BLOCK = re.compile(r'<pre><code class="language-([a-z0-9+-]++)">([^<]*+)</code></pre>')
# Not code: reads a dump of Pygments tokens, whose types (and so classes) the author would choose.
_REFUSED_LEXERS = (RawTokenLexer,)


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    """Pygments' lexer for a language name, or None when it knows none."""
    try:
        # Keep every newline: by default lexers strip leading and trailing ones.
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None
    return None if isinstance(lexer, _REFUSED_LEXERS) else lexer


def _css_class(token_type) -> str:
    """The short Pygments class of a token type ("k" for Keyword), "" for plain text."""
    while token_type not in STANDARD_TYPES:
        token_type = token_type.parent
    css_class = STANDARD_TYPES[token_type]
    # Whitespace needs no span: it has no colour to show, and spans for it double the size.
    return "" if css_class == "w" else css_class


class _OutOfTime(Exception):
    """Highlighting ran past its deadline."""


def _highlighted(lexer: Lexer, code: str, deadline: float) -> str | None:
    """`code` as escaped HTML with a span per run of one token class, or None if lexing changed
    the text (a lexer that drops or rewrites characters must not change what readers see).

    Raises _OutOfTime once time.perf_counter() passes `deadline`.
    """
    parts: list[str] = []
    run_class, run, lexed = "", [], []

    def flush() -> None:
        text = html.escape("".join(run), quote=False)
        parts.append(f'<span class="{run_class}">{text}</span>' if run_class else text)

    for token_type, value in lexer.get_tokens(code):
        if time.perf_counter() > deadline:
            raise _OutOfTime
        css_class = _css_class(token_type)
        if css_class != run_class and run:
            flush()
            run = []
        run_class = css_class
        run.append(value)
        lexed.append(value)
    if run:
        flush()
    return "".join(parts) if "".join(lexed) == code else None


def highlight_code(clean_html: str, seconds: float = MAX_HIGHLIGHT_SECONDS) -> str:
    """`clean_html` (sanitize_body's output) with code blocks in a known language highlighted.

    Each `<pre><code class="language-x">` whose language Pygments knows becomes
    `<pre class="highlight"><code class="language-x">` holding `<span class="k">` and the like
    (blog/static/css/code.css colours them; no inline styles). The text is unchanged; other code
    blocks stay as they are, and so does all code past MAX_HIGHLIGHTED_BYTES in the body or
    past `seconds` of highlighting (the block being lexed then, and every block after it).
    """
    budget = MAX_HIGHLIGHTED_BYTES
    # Only lexing counts: finding a lexer the first time imports its module and compiles its
    # patterns, which costs the same whatever the author wrote.
    remaining = seconds

    def replace(match: re.Match) -> str:
        nonlocal budget, remaining
        language, escaped = match.groups()
        lexer = _lexer(language)
        if lexer is None:
            return match.group()
        code = html.unescape(escaped)
        size = len(code.encode())
        if size > budget:
            return match.group()
        budget -= size
        started = time.perf_counter()
        try:
            spans = _highlighted(lexer, code, started + remaining)
        except _OutOfTime:
            budget = 0
            return match.group()
        finally:
            remaining -= time.perf_counter() - started
        if spans is None:
            return match.group()
        return f'<pre class="highlight"><code class="language-{language}">{spans}</code></pre>'

    return _CODE_BLOCK.sub(replace, clean_html)
