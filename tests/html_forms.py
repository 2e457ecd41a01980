"""Reading HTML forms and links in tests, the way a browser would: action, method, fields, href."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class Form:
    """One <form>: where it posts and the values it would send."""

    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, label)
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class Link:
    """One <a href>: where it leads, its attributes and its text."""

    href: str
    attributes: dict[str, str] = field(default_factory=dict)
    text: str = ""


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[Link] = []
        self._open: Link | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in attributes:
            self._open = Link(href=attributes["href"], attributes=attributes)
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open.text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self._open.text = " ".join(self._open.text.split())
            self._open = None


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._button: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(action=attributes.get("action", ""),
                                   method=attributes.get("method", "get").lower(),
                                   attributes=attributes))
        elif not self.forms:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind == "submit":
                self.forms[-1].buttons.append((attributes["name"], attributes.get("value", ""),
                                               attributes.get("value", "")))
            elif kind not in ("checkbox", "radio") or "checked" in attributes:
                self.forms[-1].fields[attributes["name"]] = attributes.get("value", "")
        elif tag == "textarea" and attributes.get("name"):
            self.forms[-1].fields[attributes["name"]] = ""
            self._textarea = attributes["name"]
        elif tag == "button":
            self._button = {"name": attributes.get("name", ""),
                            "value": attributes.get("value", ""), "label": ""}

    def handle_data(self, data):
        if self._button is not None:
            self._button["label"] += data
        if self._textarea is not None:
            self.forms[-1].fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the one line break that may follow <textarea>.
            value = self.forms[-1].fields[self._textarea]
            for newline in ("\r\n", "\n"):
                if value.startswith(newline):
                    value = value[len(newline):]
                    break
            self.forms[-1].fields[self._textarea] = value
            self._textarea = None
        if tag == "button" and self._button is not None and self.forms:
            button = self._button
            self.forms[-1].buttons.append((button["name"], button["value"],
                                           button["label"].strip()))
            self._button = None


def forms_in(html: str, base_url: str = "") -> list[Form]:
    """All forms of a page, with actions made absolute against base_url."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        form.action = urljoin(base_url, form.action) if base_url else form.action
    return parser.forms


def editor_form(html: str) -> Form:
    """The post form of an editor page (the dashboard or an edit page)."""
    return next(form for form in forms_in(html)
                if "post-form" in form.attributes.get("class", "").split())


def links_in(html: str, base_url: str = "") -> list[Link]:
    """All links of a page, with hrefs made absolute against base_url."""
    parser = _LinkParser()
    parser.feed(html)
    for link in parser.links:
        link.href = urljoin(base_url, link.href) if base_url else link.href
    return parser.links


def csrf_token_in(html: str) -> str:
    """The value of the first csrf_token field on the page."""
    for form in forms_in(html):
        if "csrf_token" in form.fields:
            return form.fields["csrf_token"]
    raise AssertionError("no csrf_token field on the page")
