"""The OpenAPI 3.1 document of the API, built from the same constants as the code (limits,
patterns, parameter names) and checked against the running app by tests/test_api_schema.py."""

from __future__ import annotations

from blog.api.params import DEFAULT_LIMIT
from blog.api.params import MAX_LIMIT
from blog.api.schemas import SCHEMAS
from blog.api.schemas import SLUG
from blog.api.schemas import ref
from blog.public_url import public_url_for

JSON = "application/json"
PROBLEM = "application/problem+json"
EVERY_ANSWER = {
    "Access-Control-Allow-Origin": {"description": "Always *: any site's scripts may read it.",
                                    "schema": {"type": "string", "const": "*"},
                                    "required": True},
}
CACHEABLE = {
    **EVERY_ANSWER,
    "ETag": {"description": "Changes with any public content; send it back as If-None-Match.",
             "schema": {"type": "string"}, "required": True},
    "Cache-Control": {"description": "Browsers revalidate before each use; shared caches keep "
                                     "the answer s-maxage seconds, purged on change.",
                      "schema": {"type": "string", "pattern": r"^public, max-age=0, "
                                 r"s-maxage=\d+, stale-while-revalidate=\d+$"},
                      "required": True},
    "Surrogate-Key": {"description": "What the answer shows, for shared caches' purges: "
                                     "space-separated keys such as site, posts, post:12.",
                      "schema": {"type": "string"}, "required": True},
}

PARAMETERS = {
    "page": {"name": "page", "in": "query", "required": False,
             "description": "The page number, from 1 (the default). Not with cursor. A page "
                            "past the last one is a 404.",
             "schema": {"type": "integer", "minimum": 1}},
    "cursor": {"name": "cursor", "in": "query", "required": False,
               "description": "The next_cursor of an earlier answer, as it was given: the "
                              "page after it. Not with page. Any other text is a 400.",
               "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
    "limit": {"name": "limit", "in": "query", "required": False,
              "description": f"Posts per page, 1 to {MAX_LIMIT}.",
              "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                         "default": DEFAULT_LIMIT}},
    "tag": {"name": "tag", "in": "query", "required": False,
            "description": "Only posts with this tag (its slug). 404 when no public post "
                           "has it.", "schema": SLUG},
    "author": {"name": "author", "in": "query", "required": False,
               "description": "Only posts by this author (their slug). 404 for an author "
                              "with no public post.", "schema": SLUG},
    "slug": {"name": "slug", "in": "path", "required": True, "schema": SLUG},
    "If-None-Match": {"name": "If-None-Match", "in": "header", "required": False,
                      "description": "An ETag this API gave: 304 while it is current.",
                      "schema": {"type": "string"}},
}


def _problem(description: str, **headers) -> dict:
    return {"description": description, "headers": {**EVERY_ANSWER, **headers},
            "content": {PROBLEM: {"schema": ref("Problem")}}}


def _responses(schema: str, with_body: bool, redirects: bool) -> dict:
    ok = {"description": "OK", "headers": CACHEABLE}
    if with_body:
        ok["content"] = {JSON: {"schema": ref(schema)}}
    responses = {"200": ok}
    if redirects:
        responses["301"] = {"description": "An earlier address of a post: its current one.",
                            "headers": {**EVERY_ANSWER, "Location": {
                                "schema": {"type": "string"}, "required": True}}}
    responses["304"] = {"description": "Not modified: the If-None-Match ETag is current.",
                        "headers": CACHEABLE}
    problems = {
        "400": "A query parameter is wrong (the detail says which and why).",
        "404": "Nothing public here.",
        "500": "An error on the blog's side.",
        "503": "The database is unavailable; try again later.",
    }
    for status, description in problems.items():
        problem = _problem(description)
        if not with_body:
            problem.pop("content")
        responses[status] = problem
    return responses


def _operations(name: str, summary: str, schema: str, parameters: list[str],
                redirects: bool = False) -> dict:
    shared = [{"$ref": f"#/components/parameters/{parameter}"}
              for parameter in [*parameters, "If-None-Match"]]
    preflight = {"Access-Control-Allow-Methods": {"schema": {"type": "string"},
                                                  "required": True},
                 "Access-Control-Allow-Headers": {"schema": {"type": "string"},
                                                  "required": True},
                 "Access-Control-Max-Age": {"schema": {"type": "string"}, "required": True}}
    return {
        "get": {"operationId": name, "summary": summary, "parameters": shared,
                "responses": _responses(schema, True, redirects)},
        "head": {"operationId": f"{name}_head", "summary": f"{summary} (headers only)",
                 "parameters": shared, "responses": _responses(schema, False, redirects)},
        "options": {"operationId": f"{name}_preflight", "summary": "CORS preflight",
                    # A preflight asks whether scripts may call the address, not whether
                    # something is there: any slug gets the same answer.
                    "parameters": [{"name": "slug", "in": "path", "required": True,
                                    "schema": {"type": "string", "minLength": 1}}]
                    if "slug" in parameters else [],
                    "responses": {"204": {"description": "What cross-origin requests may do.",
                                          "headers": {**EVERY_ANSWER, **preflight}},
                                  "404": _problem("No such resource.")}},
    }


OPERATIONS = {
    "/posts": ("list_posts", "Public posts, newest first", "PostList",
               ["page", "cursor", "limit", "tag", "author"]),
    "/posts/{slug}": ("get_post", "One public post, with its HTML", "Post", ["slug"]),
    "/tags": ("list_tags", "Tags with public posts, and how many", "TagList", []),
    "/tags/{slug}": ("get_tag", "One tag with public posts", "Tag", ["slug"]),
    "/authors": ("list_authors", "Authors with public posts, and how many", "AuthorList", []),
    "/authors/{slug}": ("get_author", "One author with public posts", "Author", ["slug"]),
    "/pages": ("list_pages", "The site's published pages", "PageList", []),
    "/pages/{slug}": ("get_page", "One published page, with its HTML", "Page", ["slug"]),
    "/site": ("get_site", "The site's settings and the API's entry points", "Site", []),
    "/openapi.json": ("get_openapi", "This document", "OpenAPI", []),
}


def openapi_document() -> dict:
    """The whole document, with the blog's own address as its server."""
    paths = {path: _operations(name, summary, schema, parameters,
                               redirects=path == "/posts/{slug}")
             for path, (name, summary, schema, parameters) in OPERATIONS.items()}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Blog content API", "version": "1.0.0",
                 "description": "Public, read-only JSON: published posts, tags, authors, pages "
                                "and the site's settings. No cookies, no credentials; any "
                                "origin may read it. See docs/api.md."},
        "servers": [{"url": public_url_for("posts.index") + "api/v1"}],
        "paths": paths,
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
    }
