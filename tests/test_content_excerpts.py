"""Excerpts start with the prose (no headings, code or captions); reading time in minutes."""

from __future__ import annotations

import pytest

from blog.content.excerpts import plain_excerpt
from blog.content.reading import WORDS_PER_MINUTE
from blog.content.reading import reading_minutes
from blog.content.visible_text import visible_text

LEFT_OUT = [
    pytest.param("<h2>Title</h2><p>Body</p>", id="h2"),
    pytest.param("<h3>Sub <em>title</em></h3><p>Body</p>", id="h3-with-markup"),
    pytest.param("<h6>Small</h6><p>Body</p>", id="h6"),
    pytest.param('<pre><code class="language-python">x = 1</code></pre><p>Body</p>',
                 id="code-block"),
    pytest.param("<pre>plain pre</pre><p>Body</p>", id="pre"),
    pytest.param('<figure><img src="/a.png" alt="a"><figcaption>A fox</figcaption></figure>'
                 "<p>Body</p>", id="figcaption"),
    pytest.param("<table><caption>Foxes</caption><tbody><tr><td></td></tr></tbody></table>"
                 "<p>Body</p>", id="table-caption"),
    pytest.param('<pre class="highlight"><code class="language-python"><span class="k">def'
                 "</span></code></pre><p>Body</p>", id="highlighted-code"),
]


@pytest.mark.parametrize("body", LEFT_OUT)
def test_excerpts_leave_out_headings_code_and_captions(body):
    assert plain_excerpt(body) == "Body"


@pytest.mark.parametrize(("body", "excerpt"), [
    pytest.param("<p>Use <code>x &lt; y</code> here</p>", "Use x < y here", id="inline-code"),
    pytest.param("<table><tbody><tr><td>cell</td></tr></tbody></table>", "cell",
                 id="table-cells"),
    pytest.param("<blockquote><p>quoted</p></blockquote>", "quoted", id="quote"),
    pytest.param("<ul><li>one</li><li>two</li></ul>", "one two", id="list"),
])
def test_other_text_stays_in_excerpts(body, excerpt):
    assert plain_excerpt(body) == excerpt


@pytest.mark.parametrize(("body", "excerpt"), [
    pytest.param("<h2>Only a heading</h2>", "Only a heading", id="heading"),
    pytest.param("<pre><code>print(1)</code></pre>", "print(1)", id="code"),
    pytest.param("<h2>Title</h2><pre>code</pre>", "Title code", id="heading-and-code"),
])
def test_a_body_of_nothing_but_left_out_text_gives_all_its_text(body, excerpt):
    assert plain_excerpt(body) == excerpt


def test_the_excerpt_reads_past_headings_to_the_length():
    body = "<h2>Title</h2>" + "<p>word word word</p><h3>Sub</h3>" * 40
    excerpt = plain_excerpt(body, length=30)
    assert excerpt == "word word word word word word…"


@pytest.mark.parametrize(("markup", "text"), [
    pytest.param("<p>a</p><p>b</p>", "a b", id="blocks-separated"),
    pytest.param("a<br>b", "a b", id="line-break"),
    pytest.param("<p>caf&eacute; &amp;lt;</p>", "café &lt;", id="references-decoded-once"),
    pytest.param("<p> a \n\t b </p>", "a b", id="whitespace-folded"),
])
def test_visible_text(markup, text):
    assert visible_text(markup) == text


def words(count: int) -> str:
    return " ".join(["word"] * count)


@pytest.mark.parametrize(("body", "minutes"), [
    pytest.param("", 1, id="empty-is-a-minute"),
    pytest.param(f"<p>{words(10)}</p>", 1, id="short-is-a-minute"),
    pytest.param(f"<p>{words(WORDS_PER_MINUTE * 3)}</p>", 3, id="three-minutes"),
    pytest.param(f"<p>{words(int(WORDS_PER_MINUTE * 2.4))}</p>", 2, id="rounds-down"),
    pytest.param(f"<p>{words(int(WORDS_PER_MINUTE * 2.6))}</p>", 3, id="rounds-up"),
    pytest.param(f"<h2>{words(WORDS_PER_MINUTE)}</h2><p>{words(WORDS_PER_MINUTE)}</p>", 2,
                 id="headings-are-read"),
])
def test_reading_minutes_of_prose(body, minutes):
    assert reading_minutes(body) == minutes


def test_code_counts_a_quarter_of_prose():
    prose = f"<p>{words(WORDS_PER_MINUTE * 2)}</p>"
    code = f"<pre><code>{words(WORDS_PER_MINUTE * 4)}</code></pre>"
    assert reading_minutes(prose + code) == 3
