"""The preview's report of what the sanitizer removed: each kind of removal, in plain words."""

from __future__ import annotations

import pytest

from blog.content.markup_budget import check_markup_budget
from blog.content.removals import removed_by_sanitizer
from tests.long_post import realistic_long_post

REMOVALS = [
    pytest.param('<p>a</p><iframe src="https://evil.example/"><p>inside</p></iframe>',
                 ["an <iframe> (with its content)"], id="iframe"),
    pytest.param("<script>alert(1)</script><p>a</p>", ["a <script> (with its content)"],
                 id="script"),
    pytest.param("<script>a</script><script>b</script><p>a</p>",
                 ["2 <script> elements (with their content)"], id="two-scripts"),
    pytest.param("<style>p { color: red }</style><p>a</p>", ["a <style> (with its content)"],
                 id="style-element"),
    pytest.param('<p onclick="alert(1)">a</p>', ["an onclick attribute"], id="onclick"),
    pytest.param('<p onclick="a">a</p><em onclick="b">b</em>', ["2 onclick attributes"],
                 id="two-onclicks"),
    pytest.param('<p style="color: red">a</p>', ["a style attribute"], id="style-attribute"),
    pytest.param('<a href="javascript:alert(1)">a</a>', ["a javascript: link"],
                 id="javascript-href"),
    pytest.param('<a href="&#106;avascript:alert(1)">a</a>', ["a javascript: link"],
                 id="javascript-href-encoded"),
    pytest.param('<img src="data:image/png;base64,AAAA" alt="a">', ["a data: image source"],
                 id="data-image"),
    pytest.param("<p>a</p><!-- a note -->", ["a comment"], id="comment"),
    pytest.param('<form action="/x"><p>a</p></form>', ["a <form>"], id="form"),
    pytest.param('<form><input name="q"><button>go</button></form>',
                 ["a <form>", "an <input>", "a <button>"], id="form-with-fields"),
    pytest.param('<object data="x.swf">fallback</object>', ["an <object>"], id="object"),
    pytest.param("<custom-tag>text</custom-tag>", ["a <custom-tag>"], id="unknown-tag"),
    pytest.param("<span>a</span><span>b</span>", ["2 <span> tags"], id="two-unknown-tags"),
    pytest.param('<code class="flash">x</code>', ["a class attribute"], id="site-class-on-code"),
    pytest.param('<a href="https://example.com/" target="_blank">a</a>', ["a target attribute"],
                 id="target"),
    pytest.param('<iframe></iframe><p onclick="x">a</p><a href="javascript:x">b</a><!--c-->',
                 ["an <iframe> (with its content)", "an onclick attribute", "a javascript: link",
                  "a comment"], id="in-the-order-of-the-body"),
]


@pytest.mark.parametrize(("body", "removed"), REMOVALS)
def test_what_the_sanitizer_removed_is_reported(body, removed):
    assert removed_by_sanitizer(body) == removed


NOTHING_REMOVED = [
    pytest.param("<p>Plain <strong>writing</strong>.</p>", id="allowed-markup"),
    pytest.param("<h1>Title</h1><p>a</p>", id="h1-written-as-h2"),
    pytest.param('<p>See https://example.com/ and <a href="https://example.org/">this</a>.</p>',
                 id="bare-url-made-a-link"),
    pytest.param('<a href="https://example.com/" rel="me">a</a>', id="rel-set-by-the-sanitizer"),
    pytest.param("<pre><code><iframe src=x></iframe><!-- c --></code></pre>",
                 id="tags-in-code-are-text"),
    pytest.param('<pre><code class="language-python">x</code></pre>', id="language-class"),
    pytest.param('<img src="/static/fox.png" alt="a"><a href="/about?a=1&b=2">x</a>',
                 id="same-site-urls"),
    pytest.param("<table><tr><td>a</td></tr></table>", id="tbody-added-by-the-parser"),
    pytest.param("<p>a < b & c</p>", id="bare-less-than"),
    pytest.param("", id="empty"),
    pytest.param(realistic_long_post(2000), id="realistic-post"),
]


@pytest.mark.parametrize("body", NOTHING_REMOVED)
def test_nothing_removed_reports_nothing(body):
    assert removed_by_sanitizer(body) == []


def test_what_is_inside_a_dropped_element_is_not_reported_again():
    assert removed_by_sanitizer("<template><p onclick=x>a</p><span>b</span></template>") == [
        "a <template> (with its content)"]


def test_attributes_of_a_removed_element_are_not_reported_again():
    assert removed_by_sanitizer('<span style="x" onclick="y">a</span>') == ["a <span>"]


def test_control_characters_removed_silently_are_not_reported():
    assert removed_by_sanitizer("<p>a\x00b\x07</p>") == []


def test_a_body_at_the_markup_budget_is_reported_on():
    body = "<span>x</span>" * 1999
    check_markup_budget(body)
    assert removed_by_sanitizer(body) == ["1,999 <span> tags"]
