"""Markdown bodies: CommonMark, tables, strikethrough; code kept exactly, text shown as typed.

The HTML here is what markdown_to_html hands to the sanitizer; tests/test_content_render.py checks
what readers finally get.
"""

from __future__ import annotations

import html
import re

import pytest

from blog.content.markdown import MAX_NESTING
from blog.content.markdown import markdown_to_html
from blog.content.markdown_budget import MAX_MARKDOWN_WEIGHT
from blog.content.markdown_budget import MarkdownTooComplex
from blog.content.markdown_budget import check_markdown_budget
from blog.content.markdown_budget import markdown_weight
from blog.content.markup_budget import MarkupTooComplex
from tests.long_markdown_post import realistic_long_markdown_post

BODY_LIMIT = 128 * 1024


def code_texts(markup: str) -> list[str]:
    """The text of every <pre><code> block, character references decoded."""
    return [html.unescape(text) for text in
            re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", markup, re.DOTALL)]


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param("one\n\ntwo", "<p>one</p>\n<p>two</p>\n", id="blank-line-separates"),
    pytest.param("one\ntwo", "<p>one\ntwo</p>\n", id="single-newline-joins"),
    pytest.param("one\n\n\n\ntwo", "<p>one</p>\n<p>two</p>\n", id="many-blank-lines"),
])
def test_plain_text_with_blank_lines_gives_paragraphs(source, expected):
    assert markdown_to_html(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param("*a* **b**", "<p><em>a</em> <strong>b</strong></p>\n", id="emphasis"),
    pytest.param("~~gone~~", "<p><s>gone</s></p>\n", id="strikethrough"),
    pytest.param("# Title", "<h1>Title</h1>\n", id="heading"),
    pytest.param("[a](https://example.com/ \"t\")",
                 '<p><a href="https://example.com/" title="t">a</a></p>\n', id="link"),
    pytest.param("![A fox](/static/fox.png)", '<p><img src="/static/fox.png" alt="A fox" /></p>\n',
                 id="image-by-url"),
    pytest.param("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n", id="list"),
    pytest.param("> q", "<blockquote>\n<p>q</p>\n</blockquote>\n", id="quote"),
    pytest.param("`x < y`", "<p><code>x &lt; y</code></p>\n", id="inline-code"),
    pytest.param('He said "hi" & left', '<p>He said "hi" &amp; left</p>\n',
                 id="quotes-stay-characters"),
])
def test_commonmark_constructs(source, expected):
    assert markdown_to_html(source) == expected


def test_tables_are_rendered():
    assert markdown_to_html("| a | b |\n| - | - |\n| 1 | 2 |") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n")


@pytest.mark.parametrize("delimiter", [":-", "-:", ":-:"])
def test_table_alignment_writes_no_style_attribute(delimiter):
    rendered = markdown_to_html(f"| a |\n| {delimiter} |\n| 1 |")
    assert "<th>a</th>" in rendered and "<td>1</td>" in rendered
    assert "style" not in rendered


def test_bare_urls_are_left_for_the_sanitizer_to_link():
    assert markdown_to_html("see https://example.com/") == "<p>see https://example.com/</p>\n"


@pytest.mark.parametrize(("info", "css_class"), [
    pytest.param("python", ' class="language-python"', id="plain"),
    pytest.param("C++", ' class="language-c++"', id="upper-case-and-plus"),
    pytest.param("Objective-C", ' class="language-objective-c"', id="hyphen"),
    pytest.param("python linenos=1", ' class="language-python"', id="first-word-only"),
    pytest.param("c#", ' class="language-c"', id="characters-outside-the-pattern-dropped"),
    pytest.param('x"onclick=y', ' class="language-xonclicky"', id="no-attribute-breakout"),
    pytest.param("{.py}", ' class="language-py"', id="braces"),
    pytest.param("###", "", id="nothing-left"),
    pytest.param("", "", id="no-info"),
])
def test_fenced_code_language_class(info, css_class):
    assert markdown_to_html(f"```{info}\nx\n```").startswith(f"<pre><code{css_class}>x\n")


@pytest.mark.parametrize("code", [
    pytest.param("#include <stdio.h>\nint main() { return a<b && c>d; }", id="c"),
    pytest.param("print('</code></pre><script>alert(1)</script>')", id="closing-tags"),
    pytest.param("&amp; &lt; &#60; &copy", id="character-references-stay-text"),
    pytest.param("\tindented\twith tabs\n\t\tmore", id="tabs"),
    pytest.param("trailing spaces   \nnext  ", id="trailing-spaces"),
    pytest.param("\n\nleading and trailing blank lines\n\n", id="blank-lines"),
    pytest.param("naïve café — 日本語 🦊", id="unicode"),
    pytest.param("*not emphasis* [not](a link) <b>not bold</b>", id="markdown-and-html-inert"),
    pytest.param('"quotes" \'apostrophes\'', id="quotes"),
    pytest.param("\\backslash\\ \\*", id="backslashes"),
])
def test_fenced_code_keeps_every_character(code):
    assert code_texts(markdown_to_html(f"```text\n{code}\n```")) == [code + "\n"]


def test_indented_code_keeps_its_text():
    assert code_texts(markdown_to_html("    a <b> && c\n")) == ["a <b> && c\n"]


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param("Use vector<int> here", "<p>Use vector&lt;int&gt; here</p>\n", id="template"),
    pytest.param("Map<K, V>", "<p>Map&lt;K, V&gt;</p>\n", id="generic-with-comma"),
    pytest.param("a <T> b </T>", "<p>a &lt;T&gt; b &lt;/T&gt;</p>\n", id="open-and-close"),
    pytest.param("<int> is a type", "<p>&lt;int&gt; is a type</p>\n", id="at-line-start"),
    pytest.param("<my-widget>", "<p>&lt;my-widget&gt;</p>\n", id="custom-element-alone"),
    pytest.param("<?php echo 1 ?>", "<p>&lt;?php echo 1 ?&gt;</p>\n", id="processing-instruction"),
    pytest.param("<!DOCTYPE html>", "<p>&lt;!DOCTYPE html&gt;</p>\n", id="declaration"),
    pytest.param("a <![CDATA[x]]> b", "<p>a &lt;![CDATA[x]]&gt; b</p>\n", id="cdata"),
])
def test_tags_that_name_no_html_element_show_as_typed(source, expected):
    assert markdown_to_html(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param("a <em>b</em> c", "<p>a <em>b</em> c</p>\n", id="inline-element"),
    pytest.param("<iframe src=x></iframe>", "<iframe src=x></iframe>", id="iframe-block"),
    pytest.param("x <iframe src=x></iframe>", "<p>x <iframe src=x></iframe></p>\n",
                 id="iframe-inline"),
    pytest.param("<details>\n<summary>s</summary>\n\nbody\n</details>",
                 "<details>\n<summary>s</summary>\n<p>body</p>\n</details>", id="details"),
    pytest.param("<SCRIPT>x</SCRIPT>", "<SCRIPT>x</SCRIPT>", id="upper-case-script"),
    pytest.param("<!-- note -->", "<!-- note -->", id="comment"),
    pytest.param('<span onclick="x">s</span>', '<p><span onclick="x">s</span></p>\n',
                 id="attributes-kept-for-the-sanitizer"),
])
def test_real_html_passes_through_to_the_sanitizer(source, expected):
    assert markdown_to_html(source) == expected


def test_nesting_that_markdown_it_would_cut_short_is_refused():
    # markdown-it stops parsing at its nesting limit and drops the rest of the text.
    with pytest.raises(MarkupTooComplex, match="nests"):
        markdown_to_html("> " * MAX_NESTING + "deep\n\nand the rest")


def test_nesting_within_the_markup_budget_is_kept():
    rendered = markdown_to_html("> " * 30 + "deep\n\nand the rest")
    assert rendered.count("<blockquote>") == 30 and "and the rest" in rendered


# Hostile shapes at the body limit, each of which takes markdown-it-py seconds.
HOSTILE = {
    "brackets": "[",
    "list items": "- x\n",
    "nested list markers": "- - - - - - - - - - x\n",
    "ordered items": "1. x\n",
    "emphasis": "*a* ",
    "mixed delimiters": "*_",
    "links": "[a](b) ",
    "table rows": "|x|y|\n",
    "headings": "# h\n",
    "paragraphs": "w\n\n",
    "autolinks": "<https://a.b> ",
    "email autolinks": "<a@b.c> ",
    "html inline": "<span>",
    "colons": ": ",
    "equals signs": "=",
}


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_at_the_body_limit_is_refused(unit):
    with pytest.raises(MarkdownTooComplex, match="Split it"):
        markdown_to_html(unit * (BODY_LIMIT // len(unit.encode())))


def test_the_markdown_budget_refusal_is_a_markup_refusal():
    # The post form catches MarkupTooComplex and shows its message.
    assert issubclass(MarkdownTooComplex, MarkupTooComplex)


def test_plain_prose_at_the_body_limit_is_accepted():
    check_markdown_budget(("word " * 15 + "\n") * (BODY_LIMIT // 76))


def test_a_realistic_long_post_is_within_the_markdown_budget():
    assert markdown_weight(realistic_long_markdown_post(8000))["weight"] <= MAX_MARKDOWN_WEIGHT


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_every_kind_of_line_end_counts_as_a_line(line_end):
    assert markdown_weight(line_end.join(["a", "b", "c"]))["lines"] == 3


@pytest.mark.parametrize(("line", "markers"), [
    ("- x", 1), ("> > - 1. x", 4), ("   * x", 1), ("2) x", 1), ("-x", 0), ("1.5 x", 0),
])
def test_container_markers_at_line_starts_are_counted(line, markers):
    assert markdown_weight(line)["line markers"] == markers


def test_a_non_breaking_space_line_is_not_blank():
    # markdown-it counts only spaces and tabs as blank.
    assert markdown_weight("\u00a0\n\u00a0")["lines"] == 2
