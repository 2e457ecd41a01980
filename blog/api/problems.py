"""The API's errors as RFC 9457 problem details: application/problem+json with type, title,
status and detail, for every error under /api/ (unknown paths and methods included)."""

from __future__ import annotations

from flask import Response
from flask import current_app
from flask import json
from flask import request
from werkzeug.exceptions import BadRequest
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound

API_PREFIX = "/api/"
PROBLEM_TYPE = "application/problem+json"
# The problem types: "about:blank" says the status code is all there is to know (RFC 9457 4.2).
ABOUT_BLANK = "about:blank"
TITLES = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
DETAILS = {
    400: "The request could not be understood.",
    404: "There is nothing at this address.",
    405: "This address answers GET, HEAD and OPTIONS only.",
    500: "An error on our side stopped this answer. Please try again.",
    503: "The blog is temporarily unavailable. Please try again in a moment.",
}


def is_api_request() -> bool:
    """True when the current request's path is under /api/: its errors are problems."""
    return request.path.startswith(API_PREFIX) or request.path == API_PREFIX.rstrip("/")


def problem(status: int, detail: str | None = None, headers: dict | None = None) -> Response:
    """A problem response for status, with a specific detail or the status's usual one."""
    body = {"type": ABOUT_BLANK, "title": TITLES.get(status, "Error"), "status": status,
            "detail": detail or DETAILS.get(status, "Something went wrong.")}
    response = current_app.response_class(json.dumps(body), status=status,
                                          mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def problem_for(error: HTTPException) -> Response:
    """The problem response for a werkzeug HTTP error (abort(), routing, bad_request())."""
    status = error.code or 500
    # A description given where the error was raised says more than werkzeug's stock text.
    detail = error.description if error.description != type(error).description else None
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem(status, detail, headers)


def bad_request(detail: str) -> BadRequest:
    """A 400 to raise, whose detail tells the client what to change."""
    return BadRequest(description=detail)


def not_found(detail: str) -> NotFound:
    """A 404 to raise, saying what was not found."""
    return NotFound(description=detail)
