"""How much markup a body may hold, checked in one linear pass before bleach parses it.

html5lib (inside bleach) costs time per token and, for every token, time per element open around
it, so deep nesting is quadratic: 4,000 nested list items take seconds. This pass refuses bodies
with more tags or character references, or deeper nesting, than any real post needs. It models
the parser loosely (tests/test_sanitize_budget.py compares it with the trees html5lib builds) and
errs on the side of counting more depth than html5lib will build:
elements with optional end tags are closed where the HTML parsing rules close them, other elements
only by their own end tag, and inline formatting elements (which html5lib reopens after a block
closes them) stay counted until their own end tag closes them cleanly.
"""

from __future__ import annotations

from blog.content.markup_scan import scan_tags

# A long, dense real post (tests/long_post.py: 8,000 words) has about 2,600 tags, 700 character
# references and nests 5 deep. Each tag or reference costs bleach 20-40 us, so this bound is what
# keeps the worst body near 100 ms (docs/performance.md); the depth leaves room for 8 levels of
# lists with paragraphs, quotes and inline formatting in them.
MAX_MARKUP = 4000
MAX_DEPTH = 40

VOID = frozenset({"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
                  "image", "img", "input", "keygen", "link", "meta", "param", "source", "track",
                  "wbr"})
IGNORED_START = frozenset({"html", "head", "body"})
FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small",
                        "strike", "strong", "tt", "u"})
# html5lib's "special" elements: an end tag for another element never closes past one.
SPECIAL = frozenset({
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir",
    "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
    "iframe", "img", "input", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav",
    "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre",
    "script", "section", "select", "style", "summary", "table", "tbody", "td", "template",
    "textarea", "tfoot", "th", "thead", "title", "tr", "ul", "wbr", "xmp",
})
SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object",
                   "template"})
LIST_SCOPE = SCOPE | {"ol", "ul"}
BUTTON_SCOPE = SCOPE | {"button"}
TABLE_SCOPE = frozenset({"html", "table", "template"})
CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu",
    "nav", "ol", "p", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "listing", "form", "hr", "xmp", "plaintext", "li", "dd", "dt",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A new cell, row or section closes the open one, up to the table it belongs to.
TABLE_PARTS = {"td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr"},
               "thead": {"thead", "tbody", "tfoot"}, "tbody": {"thead", "tbody", "tfoot"},
               "tfoot": {"thead", "tbody", "tfoot"}}


class MarkupTooComplex(ValueError):
    """The body holds more markup, or nests deeper, than the blog accepts; the message says so."""


def _pop_to(stack: list[str], names, stop) -> None:
    """Pop the nearest element named in `names`, unless an element in `stop` comes first."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] in names:
            del stack[index:]
            return
        if stack[index] in stop:
            return


def _start(stack: list[str], name: str) -> None:
    if name in CLOSES_P:
        _pop_to(stack, {"p"}, BUTTON_SCOPE)
    if name == "li":
        _pop_to(stack, {"li"}, SPECIAL - {"address", "div", "p"})
    elif name in ("dd", "dt"):
        _pop_to(stack, {"dd", "dt"}, SPECIAL - {"address", "div", "p"})
    elif name in HEADINGS and stack and stack[-1] in HEADINGS:
        stack.pop()
    elif name in TABLE_PARTS:
        _pop_to(stack, TABLE_PARTS[name], TABLE_SCOPE)
        # html5lib adds the tbody and tr that the markup left out.
        if name in ("tr", "td", "th") and stack and stack[-1] == "table":
            stack.append("tbody")
        if name in ("td", "th") and stack and stack[-1] in ("tbody", "thead", "tfoot"):
            stack.append("tr")
    elif name == "option" and stack and stack[-1] == "option":
        stack.pop()
    stack.append(name)


def _end(stack: list[str], name: str) -> None:
    if name == "li":
        _pop_to(stack, {name}, LIST_SCOPE)
    elif name == "p":
        _pop_to(stack, {name}, BUTTON_SCOPE)
    elif name in TABLE_SCOPE or name in ("tr", "tbody", "thead", "tfoot"):
        _pop_to(stack, {name}, TABLE_SCOPE)
    elif name in SPECIAL:
        _pop_to(stack, {name}, SCOPE)
    else:
        _pop_to(stack, {name}, SPECIAL)


def check_markup_budget(html: str) -> None:
    """Raise MarkupTooComplex when `html` has too many tags and references or nests too deep.

    Linear in the length of `html`: one scan, and each tag touches at most MAX_DEPTH elements.
    A Markdown step can call this on the HTML it produces, before sanitizing it.
    """
    # Every tag and every character reference starts with one of these, and each costs html5lib
    # a token; counting characters is exact for that purpose and cannot be fooled by odd syntax.
    markup = html.count("<") + html.count("&")
    if markup > MAX_MARKUP:
        raise MarkupTooComplex(
            f"The body has {markup:,} tags and character references; posts may have at most "
            f"{MAX_MARKUP:,}. Split it into more than one post."
        )
    stack: list[str] = []
    # Open formatting elements, each with the stack height when it opened.
    formatting: list[tuple[str, int]] = []
    for tag in scan_tags(html):
        if tag.kind == "start" and tag.name in FORMATTING:
            formatting.append((tag.name, len(stack)))
        elif tag.kind == "start" and tag.name not in VOID and tag.name not in IGNORED_START:
            _start(stack, tag.name)
        elif tag.kind == "end" and tag.name in FORMATTING:
            for index in range(len(formatting) - 1, -1, -1):
                if formatting[index][0] == tag.name:
                    # Closed cleanly only when no block opened inside it is still open; otherwise
                    # html5lib moves a copy of it into that block and it stays open.
                    if formatting[index][1] >= len(stack):
                        del formatting[index]
                    break
        elif tag.kind == "end":
            _end(stack, tag.name)
        if len(stack) + len(formatting) > MAX_DEPTH:
            raise MarkupTooComplex(
                f"The body nests elements more than {MAX_DEPTH} deep (unclosed tags count until "
                "they are closed). Close the tags you open, or flatten the nesting."
            )
