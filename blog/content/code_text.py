"""Code stays text: inside <pre> and <code>, every "<", ">" and bare "&" is escaped before bleach.

Authors paste code as they wrote it (`#include <stdio.h>`, `a<b && c>d`, `vector<int>`), so the
parser must never see tags there. Character references that are already valid (`&lt;`, `&amp;`,
`&#60;`) stay references, which is what the sanitized HTML holds: the edit form shows the stored
body and saves it again, and a second pass must change nothing.
"""

from __future__ import annotations

import html as html_module
import re

from blog.content.markup_scan import scan_tags

# Elements whose content is never meant to show on the page (scripts, styles, inert templates,
# fallbacks for things the blog removes): the sanitizer drops them with everything inside, so
# this pass skips them too, and a "<pre>" inside one starts no code region. (Textarea, xmp and
# plaintext are not here: the sanitizer strips those tags and reads what is inside them as any
# other markup, so this pass must read it the same way.)
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "title", "iframe",
                                  "noembed", "noframes"})
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)"
)
_SPECIAL = re.compile(r"&[#A-Za-z0-9]*;?|[<>]")
_LEADING_CODE = re.compile(r"\s*+<code(?=[\s/>])", re.IGNORECASE)


def _escape(match: re.Match) -> str:
    text = match.group(0)
    if text == "<":
        return "&lt;"
    if text == ">":
        return "&gt;"
    if _CHARACTER_REFERENCE.fullmatch(text) and (
        text[1] == "#" or text[1:] in html_module.entities.html5
    ):
        return text
    return "&amp;" + text[1:]


def escape_code_text(text: str) -> str:
    """`text` with "<", ">" and every "&" that starts no valid character reference escaped."""
    return _SPECIAL.sub(_escape, text)


def end_tag_start(html: str, name: str, start: int) -> int:
    """Where the end tag of `name` at or after `start` begins (the end of `html` if none)."""
    match = re.compile(rf"</{name}(?=[\s/>]|\Z)", re.IGNORECASE).search(html, start)
    return match.start() if match else len(html)


def code_as_text(html: str) -> str:
    """`html` with the content of every pre and code element made text (one linear pass)."""
    out: list[str] = []
    done = 0
    skip_to = 0
    for tag in scan_tags(html):
        if tag.start < skip_to:
            continue
        if tag.kind != "start":
            continue
        if tag.name in DROPPED_WITH_CONTENT:
            skip_to = end_tag_start(html, tag.name, tag.end)
            continue
        if tag.name not in ("pre", "code"):
            continue
        region_start, name = tag.end, tag.name
        if name == "pre":
            # <pre><code class="language-x"> is the usual shape: the code tag stays a tag.
            leading = _LEADING_CODE.match(html, tag.end)
            if leading:
                code_tag = next(scan_tags(html, leading.end() - len("<code")))
                region_start, name = code_tag.end, "code"
        region_end = end_tag_start(html, name, region_start)
        if name == "code" and tag.name == "pre":
            # An unclosed <code> inside <pre> ends with the pre, as the parser ends it.
            region_end = min(region_end, end_tag_start(html, "pre", region_start))
        out.append(html[done:region_start])
        out.append(escape_code_text(html[region_start:region_end]))
        done = skip_to = region_end
    out.append(html[done:])
    return "".join(out)
