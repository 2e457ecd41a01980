"""Browsing through Varnish: cookieless readers, a logged-in author, what Varnish says it did."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

import requests

from tests.helpers import approve_at_provider
from tests.html_forms import forms_in

# How long a change may take to reach readers through the cache (issue 17).
VISIBLE_WITHIN = 1.0


def read(url: str, **headers: str) -> requests.Response:
    """GET url as a reader with no cookie at all (a fresh connection, nothing remembered)."""
    return requests.get(url, headers=headers, allow_redirects=False, timeout=10)


def served_from_cache(response: requests.Response) -> bool:
    """Whether Varnish answered from a stored object: X-Varnish then names two transactions,
    this request's and the one that stored the object."""
    return len(response.headers.get("X-Varnish", "").split()) == 2


def cached_read(url: str) -> requests.Response:
    """Read url until Varnish serves it from its cache (twice at most); that answer."""
    for _ in range(3):
        response = read(url)
        if served_from_cache(response):
            return response
    raise AssertionError(f"{url} is not served from the cache: {dict(response.headers)}")


def seconds_until(condition: Callable[[], bool], timeout: float) -> float | None:
    """Poll condition until it holds: the seconds that took, or None if it did not within
    timeout (polled a last time at the deadline)."""
    started = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            return None
        time.sleep(0.02)


class Author:
    """A browser logged in to the blog through Varnish, writing posts with the blog's forms."""

    def __init__(self, blog_url: str, username: str):
        self.blog_url = blog_url
        self.browser = requests.Session()
        authorize = self.browser.get(blog_url + "/login", allow_redirects=False, timeout=10)
        assert authorize.status_code == 302, authorize.text
        callback = approve_at_provider(requests.Session(), authorize.headers["Location"],
                                       username)
        finished = self.browser.get(callback, allow_redirects=False, timeout=10)
        assert finished.status_code == 302, finished.text

    def get(self, path: str) -> requests.Response:
        """GET a page of the blog as this author (with the session cookie)."""
        return self.browser.get(self.blog_url + path, allow_redirects=False, timeout=10)

    def submit(self, path: str, action: str, **fields: str) -> requests.Response:
        """Fill the post form at path (/dashboard or /<slug>/edit) and press action's button;
        the blog's answer, not followed."""
        page = self.get(path)
        assert page.status_code == 200, page.text
        form = next(form for form in forms_in(page.text, page.url) if "title" in form.fields)
        data = {**form.fields, "format": "markdown", **fields, "action": action}
        return self.browser.post(form.action, data=data, allow_redirects=False, timeout=10)

    def publish(self, title: str, body: str = "Words *here*.", **fields: str) -> str:
        """Publish a new post; its address (/<slug>)."""
        response = self.submit("/dashboard", "publish", title=title, body=body, **fields)
        assert response.status_code == 302, response.text
        return urlsplit(response.headers["Location"]).path

    def schedule(self, title: str, publish_at: str, body: str = "Soon *here*.") -> str:
        """Schedule a new post for publish_at (ISO 8601); its address (/<slug>)."""
        response = self.submit("/dashboard", "schedule", title=title, body=body,
                               publish_at=publish_at)
        assert response.status_code == 302, response.text
        return urlsplit(response.headers["Location"]).path.removesuffix("/edit")

    def retitle(self, path: str, title: str) -> None:
        """Change the title of the published post at path, keeping it published."""
        response = self.submit(f"{path}/edit", "publish", title=title)
        assert response.status_code == 302, response.text
