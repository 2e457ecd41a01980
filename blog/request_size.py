"""How large a request may be: the app-wide MAX_CONTENT_LENGTH, or the larger limit its view
declares (image uploads), known before any of the body is read."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask import Request
from flask import current_app


class ViewSizedRequest(Request):
    """Flask's request, whose size limit is its view's when the view declares one.

    The limit must be right before anything reads the form, and the CSRF check (a before_request
    hook) reads it before the view runs; the URL rule is matched before any hook, so the view is
    known by then. Werkzeug refuses a Content-Length over the limit without reading the body,
    and stops a body without one at the limit.
    """

    @property
    def max_content_length(self) -> int | None:
        """The view's limit (request_limit), else the request's own or MAX_CONTENT_LENGTH."""
        if self._max_content_length is None and self.url_rule is not None and current_app:
            view = current_app.view_functions.get(self.url_rule.endpoint)
            limit_of = getattr(view, "request_limit", None)
            if limit_of is not None:
                return limit_of(current_app.config)
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def request_limit(limit_of: Callable[[dict], int]):
    """Decorate a view whose requests may be up to limit_of(app.config) bytes."""

    def decorate(view):
        view.request_limit = limit_of
        return view

    return decorate


def use_view_sized_requests(app: Flask) -> None:
    """Make the app's requests ViewSizedRequest."""
    app.request_class = ViewSizedRequest
