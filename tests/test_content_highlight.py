"""Code highlighting: Pygments classes in sanitized code blocks, the text exactly as it was."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from pygments.token import STANDARD_TYPES

from blog.content.highlight import MAX_HIGHLIGHTED_BYTES
from blog.content.highlight import highlight_code
from blog.content.sanitize import ALLOWED_TAGS
from blog.content.sanitize import sanitize_body

TOKEN_CLASSES = frozenset(STANDARD_TYPES.values()) - {""}


class _Markup(HTMLParser):
    """Every start tag with its attributes, and the text, of a piece of HTML."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def text_of(markup: str) -> str:
    return "".join(_Markup(markup).text)


def block(language: str, code: str) -> str:
    """A code block as sanitize_body writes it."""
    return sanitize_body(f'<pre><code class="language-{language}">{html.escape(code)}</code></pre>')


SAMPLES = [
    pytest.param("python", "def f(a):\n    return a < 3 and 'x' != \"y\"  # done\n", id="python"),
    pytest.param("c++", "#include <vector>\nint main() { return a<b && c>d; }\n", id="cpp"),
    pytest.param("javascript", "const s = `</script>${x}`; if (a && b) {}\n", id="javascript"),
    pytest.param("html", '<a href="x">&amp; &lt;</a>\n<!-- c -->\n', id="html"),
    pytest.param("bash", "echo \"$HOME\" > /tmp/x && cat <<EOF\nhi\nEOF\n", id="bash"),
    pytest.param("sql", "SELECT * FROM t WHERE a <> 'b';\n", id="sql"),
    pytest.param("python", "\n\n  leading and trailing blank lines  \n\n\n", id="blank-lines"),
    pytest.param("python", "s = 'naïve 日本語 🦊'\t# tab\n", id="unicode-and-tabs"),
    pytest.param("rust", "fn main() { let r#type = '\\u{1F98A}'; }", id="no-final-newline"),
    pytest.param("json", '{"a": [1, 2.5, true, null], "b": "\\"q\\""}\n', id="json"),
]


@pytest.mark.parametrize(("language", "code"), SAMPLES)
def test_known_languages_are_highlighted(language, code):
    highlighted = highlight_code(block(language, code))
    assert highlighted.startswith(f'<pre class="highlight"><code class="language-{language}">')
    assert '<span class="' in highlighted


@pytest.mark.parametrize(("language", "code"), SAMPLES)
def test_highlighting_keeps_the_text_exactly(language, code):
    clean = block(language, code)
    assert text_of(highlight_code(clean)) == text_of(clean) == code


@pytest.mark.parametrize(("language", "code"), SAMPLES)
def test_highlighting_adds_only_spans_with_token_classes(language, code):
    for tag, attributes in _Markup(highlight_code(block(language, code))).tags:
        if tag == "span":
            assert list(attributes) == ["class"] and attributes["class"] in TOKEN_CLASSES
        elif tag == "pre":
            assert attributes == {"class": "highlight"}
        else:
            assert tag in ALLOWED_TAGS and "style" not in attributes


def test_character_references_in_code_are_decoded_once():
    clean = sanitize_body('<pre><code class="language-python">x = "&amp;lt;" &#60; 1</code></pre>')
    assert text_of(highlight_code(clean)) == 'x = "&lt;" < 1'


@pytest.mark.parametrize("clean", [
    pytest.param('<pre><code class="language-no-such-language">x = 1</code></pre>',
                 id="unknown-language"),
    pytest.param("<pre><code>def f(): pass</code></pre>", id="no-language"),
    pytest.param("<p><code>def f(): pass</code></p>", id="inline-code"),
    pytest.param("<pre>def f(): pass</pre>", id="pre-without-code"),
    pytest.param('<pre><code class="language-raw">Token.Flash\t"x"\n</code></pre>',
                 id="pygments-token-dump-is-not-a-language"),
])
def test_other_code_is_left_as_it_is(clean):
    assert highlight_code(clean) == clean


def test_prose_around_code_is_left_as_it_is():
    code = block("python", "x = 1")
    highlighted = highlight_code(f"<p>before</p>{code}<p>after</p>")
    assert highlighted.startswith("<p>before</p><pre class=\"highlight\">")
    assert highlighted.endswith("</code></pre><p>after</p>")


def test_code_past_the_highlighting_budget_stays_plain():
    line = "x = 1\n"
    first = block("python", line * (MAX_HIGHLIGHTED_BYTES // len(line)))
    second = block("python", line * 10)
    assert highlight_code(first + second) == highlight_code(first) + second


def test_a_small_block_after_a_large_plain_one_is_still_highlighted():
    large = block("python", "x" * (MAX_HIGHLIGHTED_BYTES + 1))
    small = block("python", "x = 1")
    assert highlight_code(large + small) == large + highlight_code(small)


def test_code_past_the_highlighting_time_stays_plain():
    clean = block("python", "x = 1\n") + block("python", "y = 2\n")
    assert highlight_code(clean, seconds=0) == clean


def test_a_block_lexed_within_the_time_is_highlighted():
    clean = block("python", "x = 1\n")
    assert highlight_code(clean, seconds=10) != clean
