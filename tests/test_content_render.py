"""The render pipeline end to end: what an author writes, Markdown or HTML, to what readers see."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from pygments.token import STANDARD_TYPES

from blog.content.excerpts import EXCERPT_LENGTH
from blog.content.markup_budget import MarkupTooComplex
from blog.content.render import SOURCE_FORMATS
from blog.content.render import Preview
from blog.content.render import RenderedBody
from blog.content.render import preview_body
from blog.content.render import render_body
from blog.content.sanitize import ALLOWED_TAGS
from blog.content.sanitize import sanitize_body
from tests.long_markdown_post import realistic_long_markdown_post
from tests.long_post import realistic_long_post

TOKEN_CLASSES = frozenset(STANDARD_TYPES.values())


class _Tags(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def code_text(markup: str) -> str:
    """The text of the first code block, tags removed and references decoded."""
    inner = re.search(r"<pre[^>]*><code[^>]*>(.*?)</code></pre>", markup, re.DOTALL).group(1)
    return html.unescape(re.sub(r"<[^>]*>", "", inner))


def test_the_source_formats():
    assert SOURCE_FORMATS == ("markdown", "html")


def test_an_unknown_source_format_is_an_error():
    with pytest.raises(ValueError, match="source format"):
        render_body("x", "rst")


def test_a_markdown_body_is_rendered_and_sanitized():
    rendered = render_body("# Title\n\nSome *text* <script>alert(1)</script>", "markdown")
    assert rendered.html == "<h2>Title</h2>\n<p>Some <em>text</em> </p>\n"


def test_an_html_body_is_sanitized_as_before():
    body = '<p onclick="x">Hello <b>world</b></p><pre><code>a &lt; b</code></pre>'
    assert render_body(body, "html").html == sanitize_body(body)


def test_plain_text_gives_paragraphs():
    assert render_body("One.\n\nTwo.", "markdown").html == "<p>One.</p>\n<p>Two.</p>\n"


def test_bare_urls_in_markdown_become_links():
    assert render_body("See https://example.com/ now", "markdown").html == (
        '<p>See <a href="https://example.com/" rel="nofollow ugc noopener">'
        "https://example.com/</a> now</p>\n")


def test_markdown_prose_shows_what_looks_like_a_tag_as_typed():
    rendered = render_body("Use vector<int> or Map<K, V> here", "markdown")
    assert "Use vector&lt;int&gt; or Map&lt;K, V&gt; here" in rendered.html


@pytest.mark.parametrize("code", [
    pytest.param("#include <stdio.h>\nint main() { return a<b && c>d; }", id="c"),
    pytest.param("x = '</code></pre><script>alert(1)</script>'", id="closing-tags"),
    pytest.param("&amp; &lt; &#60; &copy; &bogus;", id="character-references"),
    pytest.param("\tTabs\tand trailing spaces   ", id="whitespace"),
    pytest.param("s = 'naïve 日本語 🦊'", id="unicode"),
])
@pytest.mark.parametrize("language", ["python", "c++", "no-such-language", ""])
def test_fenced_code_reaches_readers_exactly(code, language):
    rendered = render_body(f"```{language}\n{code}\n```", "markdown")
    assert code_text(rendered.html) == code + "\n"


def test_fenced_code_in_a_known_language_is_highlighted():
    rendered = render_body("```Python\ndef f():\n    pass\n```", "markdown")
    assert rendered.html.startswith(
        '<pre class="highlight"><code class="language-python"><span class="k">def</span>')


def test_table_alignment_is_not_reported_as_removed():
    preview = preview_body("| a | b |\n| :- | -: |\n| 1 | 2 |", "markdown")
    assert "<td>2</td>" in preview.html and preview.removed == []


RICH_MARKDOWN = """# Title

Some *emphasis*, **strong**, ~~struck~~, `code`, [a link](https://example.com/ "t") and
![an image](https://example.com/fox.png). Bare: https://example.org/.

> A quote with a list:
> - one
> - two

| Name | Speed |
| :--- | ----: |
| fox  | 3     |

```python
def f(x):
    return x < 3  # "quoted"
```

<details><summary>s</summary>hidden</details> <span onclick="x">span</span>
"""


def test_what_readers_get_holds_only_allowed_markup():
    for tag, attributes in _Tags(render_body(RICH_MARKDOWN, "markdown").html).tags:
        assert tag in ALLOWED_TAGS or tag == "span"
        assert "style" not in attributes and not any(name.startswith("on") for name in attributes)
        if tag == "span":
            assert attributes["class"] in TOKEN_CLASSES


@pytest.mark.parametrize(("source", "source_format"), [
    pytest.param("<ol><li>" * 60, "html", id="html-nesting"),
    pytest.param("<b>x</b>" * 3000, "html", id="html-markup"),
    pytest.param("> " * 60 + "x", "markdown", id="markdown-nesting"),
    pytest.param("*a* " * 3000, "markdown", id="markdown-markup"),
    pytest.param("[" * 100_000, "markdown", id="markdown-parse-cost"),
])
def test_bodies_beyond_the_bounds_are_refused_with_a_message(source, source_format):
    with pytest.raises(MarkupTooComplex):
        render_body(source, source_format)


@pytest.mark.parametrize(("source", "source_format"), [
    pytest.param(realistic_long_post(8000), "html", id="html"),
    pytest.param(realistic_long_markdown_post(8000), "markdown", id="markdown"),
])
def test_a_realistic_long_post_is_rendered(source, source_format):
    rendered = render_body(source, source_format)
    assert "Section 25" in rendered.html and rendered.reading_minutes >= 30


def test_the_excerpt_is_the_summary_when_there_is_one():
    rendered = render_body("# Title\n\nBody text.", "markdown", summary="  An author's\n summary ")
    assert rendered.excerpt == "An author's summary"


def test_a_long_summary_is_cut_to_the_excerpt_length():
    excerpt = render_body("Body.", "markdown", summary="word " * 100).excerpt
    assert excerpt.endswith("…") and len(excerpt) <= EXCERPT_LENGTH + 1


@pytest.mark.parametrize("summary", ["", "   ", "\n\t"])
def test_without_a_summary_the_excerpt_is_the_bodys_prose(summary):
    rendered = render_body("# Title\n\n```python\nx = 1\n```\n\nThe prose.", "markdown", summary)
    assert rendered.excerpt == "The prose."


def test_the_reading_time_is_in_the_rendered_body():
    assert render_body("word " * 700, "markdown").reading_minutes == 3


def test_rendering_gives_an_immutable_result():
    rendered = render_body("x", "markdown")
    assert isinstance(rendered, RenderedBody)
    with pytest.raises(AttributeError):
        rendered.html = "<script></script>"  # type: ignore[misc]


def test_the_preview_is_what_readers_get():
    preview = preview_body(RICH_MARKDOWN, "markdown")
    assert isinstance(preview, Preview)
    assert preview.html == render_body(RICH_MARKDOWN, "markdown").html


def test_the_preview_says_what_the_sanitizer_removed():
    assert preview_body(RICH_MARKDOWN, "markdown").removed == [
        "a <details>", "a <summary>", "a <span>"]


def test_the_preview_of_a_clean_body_removes_nothing():
    assert preview_body("Just *words*, `vector<int>` and vector<int>.", "markdown").removed == []


def test_the_preview_is_refused_like_the_save():
    with pytest.raises(MarkupTooComplex):
        preview_body("> " * 60 + "x", "markdown")
