"""Reading HTML elements in tests by id: each one's tag, attributes and text."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from html.parser import HTMLParser

# Elements without an end tag: their text never opens.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass
class Element:
    """One element with an id."""

    tag: str
    attributes: dict[str, str]
    text: str = field(default="")


class _IdParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: dict[str, Element] = {}
        self._open: list[tuple[str, Element | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        element = Element(tag, attributes) if "id" in attributes else None
        if element is not None:
            self.elements[attributes["id"]] = element
        if tag not in _VOID:
            self._open.append((tag, element))

    def handle_endtag(self, tag):
        while self._open:
            opened, _ = self._open.pop()
            if opened == tag:
                return

    def handle_data(self, data):
        for _, element in self._open:
            if element is not None:
                element.text += data


def elements_by_id(html: str) -> dict[str, Element]:
    """Every element of the page that has an id, by id."""
    parser = _IdParser()
    parser.feed(html)
    return parser.elements
