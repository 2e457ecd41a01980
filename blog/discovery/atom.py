"""Atom 1.0 documents (RFC 4287) from plain values: any list of entries, for any feed."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from xml.etree import ElementTree

from blog.discovery.xml_text import w3c_datetime
from blog.discovery.xml_text import xml_safe

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
ATOM_MEDIA_TYPE = "application/atom+xml"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# An empty feed still needs an atom:updated; nothing was ever updated in it.
NEVER = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Person:
    """An entry's author: a name, and the address of their page if they have one."""

    name: str
    uri: str | None = None


@dataclass(frozen=True)
class Entry:
    """One entry: `content` is HTML already safe to show (a rendered, sanitized post body),
    with absolute URLs where it can; relative ones resolve against `link` (xml:base)."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    authors: tuple[Person, ...]
    summary: str
    content: str


@dataclass(frozen=True)
class Feed:
    """A feed: its id, title and the pages it stands for (alternate) and where it lives (self)."""

    id: str
    title: str
    alternate: str
    self_link: str
    subtitle: str = ""
    entries: list[Entry] = field(default_factory=list)

    @property
    def updated(self) -> datetime:
        """When an entry last changed: the newest entry's updated time."""
        return max((entry.updated for entry in self.entries), default=NEVER)


def atom_document(feed: Feed) -> bytes:
    """The feed as an Atom 1.0 document, UTF-8 with an XML declaration.

    ElementTree escapes every text and attribute; xml_safe drops the characters XML cannot hold.
    Contents are type="html" (escaped markup), which any HTML the sanitizer lets through can be,
    where type="xhtml" would need well-formed XHTML.
    """
    ElementTree.register_namespace("", ATOM_NAMESPACE)
    root = ElementTree.Element(_name("feed"))
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", w3c_datetime(feed.updated))
    _link(root, "self", feed.self_link, ATOM_MEDIA_TYPE)
    _link(root, "alternate", feed.alternate, "text/html")
    for entry in feed.entries:
        root.append(_entry(entry))
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _entry(entry: Entry) -> ElementTree.Element:
    element = ElementTree.Element(_name("entry"))
    _text(element, "id", entry.id)
    _text(element, "title", entry.title)
    _link(element, "alternate", entry.link, "text/html")
    _text(element, "published", w3c_datetime(entry.published))
    _text(element, "updated", w3c_datetime(entry.updated))
    for person in entry.authors:
        author = ElementTree.SubElement(element, _name("author"))
        _text(author, "name", person.name)
        if person.uri:
            _text(author, "uri", person.uri)
    if entry.summary:
        _text(element, "summary", entry.summary)
    content = _text(element, "content", entry.content)
    content.set("type", "html")
    content.set(_XML_BASE, xml_safe(entry.link))
    return element


def _name(local: str) -> str:
    return f"{{{ATOM_NAMESPACE}}}{local}"


def _text(parent: ElementTree.Element, name: str, text: str) -> ElementTree.Element:
    child = ElementTree.SubElement(parent, _name(name))
    child.text = xml_safe(text)
    return child


def _link(parent: ElementTree.Element, rel: str, href: str, media_type: str) -> None:
    ElementTree.SubElement(parent, _name("link"),
                           {"rel": rel, "type": media_type, "href": xml_safe(href)})
