"""The one render pipeline for post bodies: Markdown or HTML -> bound -> sanitize -> highlight."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from blog.content.excerpts import cut_excerpt
from blog.content.excerpts import plain_excerpt
from blog.content.highlight import highlight_code
from blog.content.markdown import markdown_to_html
from blog.content.markup_budget import check_markup_budget
from blog.content.reading import reading_minutes
from blog.content.removals import removed_by_sanitizer
from blog.content.sanitize import sanitize_body
from blog.content.visible_text import searchable_text

# What an author may write a body in; existing posts are HTML.
SOURCE_FORMATS = ("markdown", "html")


@dataclass(frozen=True)
class RenderedBody:
    """What is stored beside the source: the HTML readers get, its excerpt and reading time, and
    its plain text for search (blog/search)."""

    html: str
    excerpt: str
    reading_minutes: int
    search_text: str


@dataclass(frozen=True)
class Preview:
    """What readers would see, and what the sanitizer removed on the way (for the author)."""

    html: str
    removed: list[str]


# The post form renders a body to validate it and the save renders the same body again, and the
# preview asks for it as the author types: the last few results make the repeats free.
@lru_cache(maxsize=4)
def _received_html(source: str, source_format: str) -> str:
    """The HTML the sanitizer receives, once the markup budget has accepted it."""
    if source_format not in SOURCE_FORMATS:
        raise ValueError(f"Unknown source format {source_format!r}; use one of {SOURCE_FORMATS}.")
    unsanitized = markdown_to_html(source) if source_format == "markdown" else source
    check_markup_budget(unsanitized)
    return unsanitized


@lru_cache(maxsize=4)
def _rendered_html(source: str, source_format: str) -> str:
    return highlight_code(sanitize_body(_received_html(source, source_format)))


def render_body(source: str, source_format: str, summary: str = "") -> RenderedBody:
    """Render what an author wrote into what readers see, with its excerpt and reading time.

    Markdown is turned into HTML first; then the markup budget (raises MarkupTooComplex with a
    message for the author), the sanitizer and code highlighting. The excerpt is the author's
    summary (whitespace folded, cut to the excerpt length) when there is one, else the body's
    prose. The search text is the body's visible text. Raises ValueError for a source format
    outside SOURCE_FORMATS.
    """
    html = _rendered_html(source, source_format)
    excerpt = cut_excerpt(summary) if summary.strip() else plain_excerpt(html)
    return RenderedBody(html=html, excerpt=excerpt, reading_minutes=reading_minutes(html),
                        search_text=searchable_text(html))


def preview_body(source: str, source_format: str) -> Preview:
    """The HTML render_body gives for `source`, and what the sanitizer removed from it.

    Raises what render_body raises.
    """
    html = _rendered_html(source, source_format)
    return Preview(html=html, removed=removed_by_sanitizer(_received_html(source, source_format)))
