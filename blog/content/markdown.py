"""Markdown to HTML for post bodies: CommonMark, tables, strikethrough; raw HTML kept for bleach."""

from __future__ import annotations

import html as html_module
import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_block.html_block import html_block

from blog.content.html_names import HTML_ELEMENTS
from blog.content.markdown_budget import check_markdown_budget
from blog.content.markup_budget import MAX_DEPTH
from blog.content.markup_budget import MarkupTooComplex

# markdown-it drops the rest of a document silently once blocks nest this deep, so a body that
# reaches it is refused instead (see _refuse_deep_nesting). Deeper than MAX_DEPTH: any document
# this deep would be refused by the markup budget anyway, so no acceptable post is lost to it.
MAX_NESTING = MAX_DEPTH + 10
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_LANGUAGE_CHARACTERS = re.compile(r"[^a-z0-9+-]+")
_INFO_WORD = re.compile(r"[ \t\n\r\f\v]+")


def _is_element_markup(markup: str) -> bool:
    """True for a tag of a real HTML element or a comment: markup meant for the sanitizer.

    `vector<int>`, `<T>`, `<?php` or `<!DOCTYPE>` in prose are text the author wants to show;
    written raw, the sanitizer would strip them and the reader would never see them.
    """
    if markup.startswith("<!--"):
        return True
    match = _TAG_NAME.match(markup)
    return match is not None and match.group(1).lower() in HTML_ELEMENTS


def _html_block_of_elements(state, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's HTML block rule, for blocks that start with an element's tag or a comment.

    Any other line starting with "<" is left to the paragraph rule, whose inline HTML is then
    escaped by _html_inline: "<int> is a type" stays a paragraph that reads as typed.
    """
    position = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[position:state.eMarks[start_line]]
    if line.startswith("<") and not _is_element_markup(line):
        return False
    return html_block(state, start_line, end_line, silent)


def language_class(info: str) -> str:
    """The class for a fenced block's info string: "C++ linenos" -> "language-c++", or ""."""
    word = _INFO_WORD.split(unescapeAll(info).strip(), maxsplit=1)[0]
    language = _LANGUAGE_CHARACTERS.sub("", word.lower())
    return f"language-{language}" if language else ""


def _text(content: str) -> str:
    # Quotes need no escaping in text; "&quot;" would count against the markup budget for nothing.
    return html_module.escape(content, quote=False)


def _render_text(self, tokens, index, options, env) -> str:
    return _text(tokens[index].content)


def _render_code_inline(self, tokens, index, options, env) -> str:
    return f"<code>{_text(tokens[index].content)}</code>"


def _render_code_block(self, tokens, index, options, env) -> str:
    return f"<pre><code>{_text(tokens[index].content)}</code></pre>\n"


def _render_fence(self, tokens, index, options, env) -> str:
    token = tokens[index]
    css_class = language_class(token.info) if token.info else ""
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<pre><code{attribute}>{_text(token.content)}</code></pre>\n"


def _render_html(self, tokens, index, options, env) -> str:
    content = tokens[index].content
    return content if _is_element_markup(content) else _text(content)


def _drop_alignment(state) -> None:
    """Table cells lose their style="text-align: ...": the sanitizer would strip it anyway, and
    the preview would then report a style attribute the author never wrote."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs:
            token.attrs.pop("style", None)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    md.block.ruler.at("html_block", _html_block_of_elements,
                      {"alt": ["paragraph", "reference", "blockquote"]})
    md.core.ruler.push("drop_table_alignment", _drop_alignment)
    for rule, render in (("text", _render_text), ("code_inline", _render_code_inline),
                         ("code_block", _render_code_block), ("fence", _render_fence),
                         ("html_inline", _render_html), ("html_block", _render_html)):
        md.add_render_rule(rule, render)
    return md


_MARKDOWN = _parser()


def _refuse_deep_nesting(tokens) -> None:
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        raise MarkupTooComplex(
            f"The body nests lists or quotes more than {MAX_DEPTH} deep. Flatten the nesting."
        )


def markdown_to_html(source: str) -> str:
    """The HTML for Markdown `source`, unsanitized: the caller bounds and sanitizes it next.

    CommonMark plus tables and strikethrough. Raw HTML passes through for the sanitizer, except
    "tags" that name no HTML element (`vector<int>`), which show as typed. Fenced code keeps its
    text exactly and gets class="language-x" from its info string. Raises MarkupTooComplex
    (MarkdownTooComplex) for more Markdown than the parser may spend time on, or for nesting
    deeper than any post needs (markdown-it would drop the rest of the text there).
    """
    check_markdown_budget(source)
    tokens = _MARKDOWN.parse(source)
    _refuse_deep_nesting(tokens)
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
