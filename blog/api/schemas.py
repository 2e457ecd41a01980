"""The JSON Schemas of the API's answers (components of the OpenAPI document), written to
match blog/api/shapes.py field for field: every object is closed (additionalProperties: false),
so that a field added to a shape without its schema fails the schemathesis test."""

from __future__ import annotations

from blog.api.params import MAX_LIMIT

SLUG = {"type": "string", "pattern": "^[a-z0-9-]{1,100}$"}
TEXT = {"type": "string"}
URL = {"type": "string", "format": "uri"}
TIME = {"type": "string", "format": "date-time",
        "description": "RFC 3339, UTC (ends in Z), to the second."}
COUNT = {"type": "integer", "minimum": 0}


def nullable(schema: dict) -> dict:
    """schema, or null (JSON Schema 2020-12, as OpenAPI 3.1 uses it)."""
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name: str) -> dict:
    """A reference to one of the components below."""
    return {"$ref": f"#/components/schemas/{name}"}


def closed(properties: dict, description: str = "") -> dict:
    """An object with exactly these properties, all required."""
    schema = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def listing(item: str) -> dict:
    """An answer holding a list of item."""
    return closed({"items": {"type": "array", "items": ref(item)}})


POST_ITEM = {
    "id": {"type": "integer", "minimum": 1},
    "slug": TEXT,
    "url": {**URL, "description": "The post's page on the blog."},
    "api_url": {**URL, "description": "This post in the API, with its HTML."},
    "title": TEXT,
    "summary": {**TEXT, "description": "The author's own summary; empty when they wrote none."},
    "excerpt": {**TEXT, "description": "The summary, or plain text from the start of the body."},
    "published_at": TIME,
    "updated_at": TIME,
    "reading_minutes": {"type": "integer", "minimum": 0},
    "tags": {"type": "array", "items": ref("TagRef")},
    "authors": {"type": "array", "items": ref("AuthorRef"), "minItems": 1,
                "description": "One author per post today; a list so that it can grow."},
    "feature_image": nullable(ref("Image")),
}
PAGE_ITEM = {
    "slug": TEXT,
    "title": TEXT,
    "url": {**URL, "description": "The page on the blog (/<slug>)."},
    "api_url": URL,
    "published_at": nullable(TIME),
    "updated_at": TIME,
}
HTML = {"html": {**TEXT, "description": "The body as readers see it: sanitized HTML."}}

SCHEMAS = {
    "TagRef": closed({"slug": TEXT, "name": TEXT, "url": URL}),
    "AuthorRef": closed({"slug": TEXT, "name": TEXT, "url": URL}),
    "Image": closed({"url": URL, "width": {"type": "integer", "minimum": 1},
                     "height": {"type": "integer", "minimum": 1}, "alt": TEXT},
                    "The feature image's largest variant, in the upload's own format."),
    "PostItem": closed(POST_ITEM, "A public post as lists show it."),
    "Post": closed({**POST_ITEM, **HTML}, "A public post with its body."),
    "PostList": closed({
        "items": {"type": "array", "items": ref("PostItem"), "maxItems": MAX_LIMIT},
        "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        "page": nullable({"type": "integer", "minimum": 1}),
        "pages": nullable({"type": "integer", "minimum": 1}),
        "total": nullable(COUNT),
        "next_cursor": nullable(TEXT),
        "next": nullable(URL),
        "previous": nullable(URL),
    }, "A page of posts. page, pages and total are null on a cursor page."),
    "Tag": closed({"slug": TEXT, "name": TEXT, "post_count": {"type": "integer", "minimum": 1},
                   "url": URL, "posts_url": URL}),
    "TagList": listing("Tag"),
    "Author": closed({"slug": TEXT, "name": TEXT, "bio": TEXT, "picture_url": nullable(TEXT),
                      "post_count": {"type": "integer", "minimum": 1}, "url": URL,
                      "posts_url": URL}),
    "AuthorList": listing("Author"),
    "PageItem": closed(PAGE_ITEM, "A published page as the list shows it."),
    "Page": closed({**PAGE_ITEM, **HTML}, "A published page with its body."),
    "PageList": listing("PageItem"),
    "Site": closed({
        "title": TEXT, "description": TEXT, "about": TEXT,
        "navigation": {"type": "array", "items": closed({"label": TEXT, "url": URL})},
        "url": {**URL, "description": "The blog's home page (PUBLIC_URL)."},
        "links": closed({name: URL for name in ("posts", "tags", "authors", "pages", "site",
                                                "openapi")}),
    }),
    "Problem": closed({"type": TEXT, "title": TEXT, "status": {"type": "integer"},
                       "detail": TEXT}, "An error, as RFC 9457 problem details."),
    "OpenAPI": {"type": "object", "description": "This document."},
}
