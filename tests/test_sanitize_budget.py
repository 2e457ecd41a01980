"""The markup budget: bodies that would cost bleach quadratic time are refused before parsing.

The bound models html5lib loosely, so besides the hostile shapes it is checked against the depth
of the tree html5lib really builds, on random tag soup: it may count a little less on odd soups
(a few in a thousand, by under 20%), which still bounds the work, but never much less.
"""

from __future__ import annotations

import random

import pytest
from bleach._vendor import html5lib

from blog.content.markup_budget import MAX_DEPTH
from blog.content.markup_budget import MAX_MARKUP
from blog.content.markup_budget import MarkupTooComplex
from blog.content.markup_budget import check_markup_budget
from tests.long_post import realistic_long_post

# Shapes that nest without bound in html5lib, each repeated past any real post's depth.
DEEP_SHAPES = {
    "lists": "<ol><li>",
    "blockquotes": "<blockquote>",
    "tables": "<table><tr><td>",
    "unclosed bold": "<b>",
    "italic and underline": "<i><u>",
    "bold with attributes": '<b title="x">',
    "formatting across paragraphs": "<p><b>x</p>",
    "formatting across blocks": "<b><div>x</b>",
    "paragraphs in lists": "<ul><li><p>",
    "unclosed divs": "<div>",
    "stripped tags": "<span>",
    "unknown tags": "<x-y>",
    "misnested unknown and div": "<x><div></x>",
    "svg style": "<svg><style><b>",
    "self-closing divs": "<div/>",
}


def html5lib_depth(markup: str) -> int:
    """The depth of the tree html5lib builds for `markup` (a fragment, as bleach parses it)."""
    fragment = html5lib.HTMLParser(namespaceHTMLElements=False).parseFragment(markup)

    def depth(node) -> int:
        return 1 + max((depth(child) for child in node), default=0)

    return depth(fragment) - 1


@pytest.mark.parametrize("unit", DEEP_SHAPES.values(), ids=DEEP_SHAPES.keys())
def test_deep_nesting_is_refused_with_a_message(unit):
    with pytest.raises(MarkupTooComplex, match=f"more than {MAX_DEPTH} deep"):
        check_markup_budget(unit * (MAX_DEPTH + 1) + "text")


@pytest.mark.parametrize("unit", ["<p>x</p>", "<br>", "&amp;", "a < b", "<!-- c -->",
                                  "<script>x</script>"])
def test_too_much_flat_markup_is_refused_with_a_message(unit):
    with pytest.raises(MarkupTooComplex, match="tags and character references"):
        check_markup_budget(unit * (MAX_MARKUP + 1))


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(realistic_long_post(8000), id="8000-word post"),
        pytest.param("<ul>" + "<li>item" * 500 + "</ul>", id="list items without end tags"),
        pytest.param("<p>para" * 500, id="paragraphs without end tags"),
        pytest.param("<table>" + "<tr><td>a<td>b" * 300 + "</table>", id="cells without end tags"),
        pytest.param("<dl>" + "<dt>term<dd>meaning" * 300 + "</dl>",
                     id="definitions without end tags"),
        pytest.param("<h2>a<h3>b" * 300, id="headings without end tags"),
        pytest.param("<ul><li>" * 8 + "<blockquote><p><em><strong><a href=/x><code>deep"
                     "</code></a></strong></em></p></blockquote>" + "</li></ul>" * 8,
                     id="lists eight deep with a quote inside"),
        pytest.param("<p><b>bold <i>both</b> italic</i></p>" * 400, id="misnested formatting"),
    ],
)
def test_real_posts_fit_the_budget(markup):
    check_markup_budget(markup)


TAGS = ["div", "p", "li", "ul", "ol", "b", "i", "a", "table", "tr", "td", "th", "span", "x",
        "blockquote", "dd", "dt", "h2", "h3", "code", "pre", "svg", "select", "option", "button",
        "caption", "tbody", "em", "strong", "nobr", "br", "img", "template", "object", "font"]


def random_soup(seed: int, length: int = 200) -> str:
    """Random start and end tags with a little text: the kind of markup parsers get wrong."""
    chooser = random.Random(seed)
    parts = []
    for _ in range(length):
        tag = chooser.choice(TAGS)
        roll = chooser.random()
        parts.append(f"<{tag}>" if roll < 0.55 else f"</{tag}>" if roll < 0.9 else "t")
    return "".join(parts)


def budget_depth(markup: str) -> int:
    """The smallest MAX_DEPTH the budget check would accept `markup` with."""
    from blog.content import markup_budget

    low, high = 0, len(markup)
    while low < high:
        middle = (low + high) // 2
        markup_budget.MAX_DEPTH = middle
        try:
            check_markup_budget(markup)
            high = middle
        except MarkupTooComplex:
            low = middle + 1
    markup_budget.MAX_DEPTH = MAX_DEPTH
    return low


@pytest.mark.parametrize("seed", range(100))
def test_the_budget_counts_about_the_depth_html5lib_builds(seed):
    markup = random_soup(seed)
    assert budget_depth(markup) * 1.2 >= html5lib_depth(markup)


@pytest.mark.parametrize("unit", DEEP_SHAPES.values(), ids=DEEP_SHAPES.keys())
def test_the_budget_counts_at_least_html5lib_depth_for_each_shape(unit):
    markup = unit * 12 + "text"
    assert budget_depth(markup) >= html5lib_depth(markup)
