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

# Elements whose content the parser never reads as tags: skipped, so that a "<pre>" inside a
# comment or a script does not start a code region.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                      "noframes"})
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


def _closing(html: str, name: str, start: int) -> int:
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
        if tag.name in RAW_TEXT:
            skip_to = _closing(html, tag.name, tag.end)
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
        region_end = _closing(html, name, region_start)
        out.append(html[done:region_start])
        out.append(escape_code_text(html[region_start:region_end]))
        done = skip_to = region_end
    out.append(html[done:])
    return "".join(out)
