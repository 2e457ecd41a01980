"""The HTML policy for post bodies: what authors may use, enforced with bleach on the way in."""

from __future__ import annotations

from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "cite", "q", "kbd", "samp", "var", "time",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption",
    "blockquote", "code", "pre",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})

IMAGE_ATTRIBUTES = frozenset({"alt", "title", "width", "height"})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name in ("href", "title")
    if tag == "img":
        # Images only from absolute http(s) URLs; bleach has already refused other protocols.
        if name == "src":
            return value.strip().lower().startswith(("http://", "https://"))
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
        # Authors mark code blocks with class="language-python" and the like.
        return name == "class" and value.startswith("language-") and value.isascii()
    return False


def _set_link_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"},
                     parse_email=False)],
)

def sanitize_body(html: str) -> str:
    """Return the author's HTML with everything outside the blog's allowlist removed.

    Links get rel="nofollow ugc noopener" (bare URLs become links too); style and on* attributes,
    javascript:, vbscript: and data: URLs, frames, forms and objects never survive. The text inside
    a removed element stays, escaped, so nothing an author typed is silently lost.
    """
    return _cleaner.clean(html or "")
