"""The login_required decorator for views that only authors may use."""

from __future__ import annotations

import functools

from flask import g
from flask import redirect
from flask import request
from flask import url_for


def login_required(view):
    """Send anonymous visitors to log in, coming back to this page afterwards."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None:
            target = request.full_path if request.method == "GET" else None
            if target and target.endswith("?"):
                target = target[:-1]
            return redirect(url_for("auth.login", next=target))
        return view(*args, **kwargs)

    return wrapped
