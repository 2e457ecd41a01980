"""Guards on views: login_required, called_by_provider, and the CSRF check that runs after g.user
is known."""

from __future__ import annotations

import functools

from flask import current_app
from flask import g
from flask import redirect
from flask import request
from flask import url_for


def login_required(view):
    """Send anonymous visitors to log in, coming back to this page afterwards.

    After a POST they come back to the page of the form (a GET of the same path), never to a
    repeat of the POST. Views whose form carries text keep it first (blog/posts/kept.py).
    """

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None:
            target = request.full_path if request.method == "GET" else request.path
            if target.endswith("?"):
                target = target[:-1]
            return redirect(url_for("auth.login", next=target))
        return view(*args, **kwargs)

    wrapped.login_required = True
    return wrapped


def called_by_provider(view):
    """Mark a view the provider calls server to server: no CSRF token, since no browser is there.

    Such a request carries no cookie, so it has no ambient authority for CSRF to guard; what it
    asks is authorized by the provider's signed token in its body, which the view verifies.
    """
    view.called_by_provider = True
    return view


def protect_from_csrf() -> None:
    """before_request hook: Flask-WTF's CSRF check on every unsafe request.

    It runs after g.user is loaded so that an anonymous visitor posting to an author-only view is
    sent to log in (the view does nothing for them) instead of seeing a CSRF error.
    """
    from blog.extensions import csrf

    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or request.routing_exception:
        # Safe methods change nothing; with no view matched, there is nothing to protect (404/405).
        return
    view = current_app.view_functions.get(request.endpoint)
    if g.user is None and getattr(view, "login_required", False):
        return
    if getattr(view, "called_by_provider", False):
        # Before csrf.protect() reads the form: the view bounds its own reading of the body.
        return
    csrf.protect()
