"""What the sanitizer removed from a body, in words an author understands, for the preview."""

from __future__ import annotations

import html as html_module
import re
from collections import Counter

from blog.content.code_text import DROPPED_WITH_CONTENT
from blog.content.code_text import code_as_text
from blog.content.code_text import end_tag_start
from blog.content.markup_scan import scan_tags
from blog.content.sanitize import ALLOWED_TAGS
from blog.content.sanitize import CONTROL_CHARACTERS
from blog.content.sanitize import RENAMED
from blog.content.sanitize import sanitize_body

# The names the parser (and then the sanitizer) gives elements: h1 is written as h2, and
# html5lib reads <image> as <img>.
_AS_KEPT = {**RENAMED, "image": "img"}
# Attributes whose value decides whether they stay (the URL's scheme), reported by scheme.
_URL_ATTRIBUTES = {("a", "href"): ("link", "links"), ("img", "src"): ("image source",
                                                                       "image sources")}
# What the sanitizer sets itself: rel on links (and new links for bare URLs, which only add).
_SET_BY_SANITIZER = frozenset({"rel"})
_ATTRIBUTE = re.compile(
    r"""([^\s/>=][^\s/>=]*+)(?:\s*+=\s*+(?:"([^"]*+)"?|'([^']*+)'?|([^\s>]*+)))?"""
)
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_STRIPPED_AT_ENDS = "".join(map(chr, range(33)))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _attributes(start_tag: str, name_length: int) -> dict[str, str]:
    """The attributes of a start tag's text, as the parser reads them (the first of a name wins)."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(start_tag, 1 + name_length):
        name = match.group(1).lower()
        value = next((group for group in match.group(2, 3, 4) if group is not None), "")
        found.setdefault(name, value)
    return found


def _scheme(url: str) -> str:
    cleaned = _IGNORED_IN_URL.sub("", html_module.unescape(url)).strip(_STRIPPED_AT_ENDS)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def _inventory(markup: str, skip_dropped: bool) -> Counter:
    """Counts of what `markup` holds: elements, attributes (URLs with their value), comments.

    In insertion order, so that the report follows the order of the body. Elements dropped with
    their content are counted once and what is inside them not at all (skip_dropped).
    """
    counts: Counter = Counter()
    skip_to = 0
    for tag in scan_tags(markup):
        if tag.start < skip_to:
            continue
        if tag.kind == "other":
            counts["comment", ""] += 1
            continue
        if tag.kind != "start":
            continue
        name = _AS_KEPT.get(tag.name, tag.name)
        if skip_dropped and name in DROPPED_WITH_CONTENT:
            counts["dropped", name] += 1
            skip_to = end_tag_start(markup, name, tag.end)
            continue
        counts["element", name] += 1
        if name not in ALLOWED_TAGS:
            continue  # its attributes go with it, and the element is reported
        for attribute, value in _attributes(markup[tag.start:tag.end], len(tag.name)).items():
            if attribute in _SET_BY_SANITIZER:
                continue
            if (name, attribute) in _URL_ATTRIBUTES:
                counts["url", name, attribute, html_module.unescape(value).strip()] += 1
            else:
                counts["attribute", attribute] += 1
    return counts


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _phrase(key: tuple, count: int) -> str:
    kind, name = key[0], key[1]
    if kind == "comment":
        return "a comment" if count == 1 else f"{count:,} comments"
    if kind == "dropped":
        return (f"{_a(name)} <{name}> (with its content)" if count == 1
                else f"{count:,} <{name}> elements (with their content)")
    if kind == "element":
        return f"{_a(name)} <{name}>" if count == 1 else f"{count:,} <{name}> tags"
    if kind == "attribute":
        return f"{_a(name)} {name} attribute" if count == 1 else f"{count:,} {name} attributes"
    scheme, (one, many) = name, _URL_ATTRIBUTES[key[2]]
    label = f"{scheme}: " if scheme else ""
    return f"{_a(label or one)} {label}{one}" if count == 1 else f"{count:,} {label}{many}"


def removed_by_sanitizer(untrusted_html: str) -> list[str]:
    """What sanitize_body removes from `untrusted_html`, as phrases in the order of the body.

    For example ["an <iframe> (with its content)", "2 onclick attributes", "a javascript: link",
    "a comment"]; [] when nothing was removed. Code that shows as text is not removed, nor is
    anything the sanitizer only rewrites (h1 written as h2, rel on links, bare URLs made links).

    Linear in the length of the body, plus one sanitize_body (cached): call it only after
    check_markup_budget has accepted the body.
    """
    received = code_as_text(untrusted_html.translate(CONTROL_CHARACTERS))
    removed = _inventory(received, skip_dropped=True) - _inventory(
        sanitize_body(untrusted_html), skip_dropped=False)
    grouped: Counter = Counter()
    for key, count in removed.items():
        if key[0] == "url":
            key = ("url", _scheme(key[3]), (key[1], key[2]))
        grouped[key] += count
    return [_phrase(key, count) for key, count in grouped.items()]
