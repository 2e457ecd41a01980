"""PROVISIONAL (replaced by the content pipeline branch): source -> sanitized HTML."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

from blog.content.excerpts import plain_excerpt
from blog.content.markup_budget import check_markup_budget
from blog.content.sanitize import sanitize_body

SOURCE_FORMATS = ("markdown", "html")
_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class RenderedBody:
    html: str
    excerpt: str
    reading_minutes: int


@dataclass(frozen=True)
class Preview:
    html: str
    removed: list[str]


def render_body(source: str, source_format: str, summary: str = "") -> RenderedBody:
    html = _md.render(source) if source_format == "markdown" else source
    check_markup_budget(html)
    clean = sanitize_body(html)
    return RenderedBody(clean, summary or plain_excerpt(clean),
                        max(1, len(clean.split()) // 230))


def preview_body(source: str, source_format: str) -> Preview:
    return Preview(render_body(source, source_format).html, [])
