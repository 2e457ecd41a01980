"""A page's text posted after its writer's login ended: kept, and given back after the login,
by the posts' own mechanism (blog/posts/kept.py: the kept_drafts table, the browser's token).

The kept draft's form is named "page:<id>" (or "page:new"): no post's slug holds a colon, so
the posts' forms never take it, and a writer who may no longer edit pages gets the text back in
the new-post form instead (the posts' rule for a form they may not use).
"""

from __future__ import annotations

import functools

from flask import g
from flask import redirect
from flask import request
from flask import url_for

from blog.extensions import db
from blog.pages.model import Page
from blog.posts.kept import keep_posted_text
from blog.posts.kept import kept_draft
from blog.posts.kept import posted_from_this_site

NEW = "page:new"


def kept_form_name(page_id: int | None) -> str:
    """The name kept text carries for the form of this page (None: a new page)."""
    return NEW if page_id is None else f"page:{page_id}"


def keeps_page_text_across_login(view):
    """Decorate a login_required page form view (above the guard): a POST from the blog's own
    pages whose login has ended keeps its text, and the login comes back to pages.kept."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None and request.method == "POST" and posted_from_this_site():
            if keep_posted_text(kept_form_name(kwargs.get("page_id"))):
                return redirect(url_for("auth.login", next=url_for("pages.kept")))
        return view(**kwargs)

    return wrapped


def where_kept_page_text_goes() -> str | None:
    """The kept draft's page form (a name from kept_form_name) if this browser kept page text;
    a page that is gone sends it to the new-page form. None when nothing of a page is kept.
    One committed transaction when the draft is renamed."""
    draft = kept_draft()
    if draft is None or not (draft.post_slug or "").startswith("page:"):
        return None
    if draft.post_slug != NEW:
        page_id = draft.post_slug.removeprefix("page:")
        if not page_id.isdigit() or db.session.get(Page, int(page_id)) is None:
            draft.post_slug = NEW
            db.session.commit()
    return draft.post_slug


def page_id_of(form_name: str) -> int | None:
    """The page id in a kept form's name (None for the new-page form)."""
    return None if form_name == NEW else int(form_name.removeprefix("page:"))
