"""The HTML policy for post bodies: what authors may use, enforced with bleach on the way in."""

from __future__ import annotations

import html as html_module
import re
from functools import lru_cache

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter

from blog.content.code_text import DROPPED_WITH_CONTENT
from blog.content.code_text import code_as_text
from blog.content.links import ALLOWED_PROTOCOLS
from blog.content.links import AUTOLINK_URL
from blog.content.links import is_same_site

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "cite", "q", "kbd", "samp", "var", "time",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption",
    "blockquote", "code", "pre",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
RENAMED = {"h1": "h2"}  # the page's h1 is the post title

IMAGE_ATTRIBUTES = frozenset({"alt", "title", "width", "height"})
LINK_REL = "nofollow ugc noopener"
# Bare URLs made into links, at most, per post: each costs a new element to parse and store.
MAX_AUTOLINKS = 500
_CODE_CLASS = re.compile(r"language-[a-z0-9+-]+")
# C0 controls other than tab, newline and carriage return: invisible, and PostgreSQL refuses NUL.
CONTROL_CHARACTERS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name in ("href", "title")
    if tag == "img":
        # Images from absolute http(s) URLs or from this site; bleach refuses other protocols.
        if name == "src":
            return value.strip().lower().startswith(("http://", "https://")) or is_same_site(value)
        return name in IMAGE_ATTRIBUTES
    if tag in ("abbr", "dfn"):
        return name == "title"
    if tag == "time":
        return name == "datetime"
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "scope")
    if tag == "ol":
        return name in ("start", "reversed")
    if tag == "code":
        # One language name (class="language-python") and nothing else: the site's own classes
        # (flash, flash-error, ...) would let an author draw the site's banners.
        return name == "class" and _CODE_CLASS.fullmatch(value) is not None
    return False


def _link_rel(attrs: dict, new: bool = False) -> dict:
    """Links to other sites get rel="nofollow ugc noopener"; links within the site get none."""
    attrs.pop((None, "target"), None)
    href = attrs.get((None, "href"))
    if href is not None and is_same_site(href):
        attrs.pop((None, "rel"), None)
    else:
        attrs[(None, "rel")] = LINK_REL
    return attrs


class _PolicyFilter(Filter):
    """Drops DROPPED_WITH_CONTENT elements with all they hold and renames h1 to h2."""

    def __iter__(self):
        dropping: str | None = None
        depth = 0
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if dropping is not None:
                if name == dropping and kind == "StartTag":
                    depth += 1
                elif name == dropping and kind == "EndTag":
                    depth -= 1
                    if depth == 0:
                        dropping = None
                continue
            if kind in ("StartTag", "EmptyTag") and name in DROPPED_WITH_CONTENT:
                if kind == "StartTag":
                    dropping, depth = name, 1
                continue
            if kind in ("StartTag", "EndTag", "EmptyTag") and name in RENAMED:
                token = {**token, "name": RENAMED[name]}
            yield token


class _BoundedLinkify(LinkifyFilter):
    """LinkifyFilter that obeys the blog's protocols and adds at most MAX_AUTOLINKS links."""

    def __init__(self, source):
        super().__init__(source, callbacks=[_link_rel], skip_tags={"pre", "code"},
                         parse_email=False, url_re=_BoundedMatches(self))
        self.added = 0

    def apply_callbacks(self, attrs, is_new):
        if is_new:
            self.added += 1
        return super().apply_callbacks(attrs, is_new)


class _BoundedMatches:
    """The URL pattern as LinkifyFilter uses it, but finding nothing once the bound is reached.

    Stopping the search itself (not only refusing more links) also saves the regex's time over
    the rest of the text.
    """

    def __init__(self, linkify: _BoundedLinkify):
        self._linkify = linkify

    def finditer(self, text: str):
        for match in AUTOLINK_URL.finditer(text):
            if self._linkify.added >= MAX_AUTOLINKS:
                return
            yield match


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT | RENAMED.keys(),
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_PolicyFilter, _BoundedLinkify],
)


def sanitize_body(html: str | None) -> str:
    """Return the author's HTML with everything outside the blog's allowlist removed.

    Links to other sites get rel="nofollow ugc noopener" (bare URLs become links too, up to
    MAX_AUTOLINKS); style and on* attributes, javascript:, vbscript: and data: URLs, frames, forms
    and objects never survive; scripts, styles and the like go with their content; h1 becomes h2;
    the content of pre and code is text. The text inside any other removed element stays,
    escaped. Sanitizing the result again changes nothing.

    The caller bounds the work first: check_markup_budget (blog/content/markup_budget.py).
    """
    return _sanitize(html or "")


# The post form sanitizes a body to check it and the save sanitizes the same string again;
# remembering the last few results makes the second call free.
@lru_cache(maxsize=4)
def _sanitize(html: str) -> str:
    return _cleaner.clean(code_as_text(html.translate(CONTROL_CHARACTERS)))


# Every tag but an image that kept its source (the serializer quotes attribute values, and a
# quote inside a value is written &quot;, so ' src="' only ever starts the attribute).
_TAG = re.compile(r"<(?!img\b[^>]*\ssrc=\")[^>]*>", re.IGNORECASE)


def is_blank(clean_html: str) -> bool:
    """True when sanitized HTML shows nothing: no text but whitespace, no image with a source."""
    return html_module.unescape(_TAG.sub("", clean_html)).strip() == ""
