"""Plain helpers for the pages tests: pressing the page form's buttons, making pages directly,
reading them back."""

from __future__ import annotations

import re

from blog.content.render import render_body
from blog.extensions import db
from blog.models import Author
from blog.pages.editing import PageText
from blog.pages.editing import create_page
from blog.pages.editing import update_page
from blog.pages.model import Page
from tests.helpers import AuthActions

NEW_PAGE = "/dashboard/pages/new"


def page_form(actions: AuthActions, path: str, title: str, body: str, action: str | None,
              source_format: str = "markdown", **fields):
    """POST the page form at path (NEW_PAGE or /dashboard/pages/<id>) with a button pressed;
    fields are the form's others (slug, version, in_navigation)."""
    token = actions.csrf_token(path)
    data = {"csrf_token": token, "title": title, "body": body, "format": source_format,
            **{name: value for name, value in fields.items() if value is not None}}
    if action is not None:
        data["action"] = action
    return actions.client.post(path, data=data)


def write_page(actions: AuthActions, title: str = "About", body: str = "We *write* here.",
               action: str = "publish", **fields):
    """Press a button of the new-page form."""
    return page_form(actions, NEW_PAGE, title, body, action, **fields)


def edit_page(actions: AuthActions, page_id: int, title: str, body: str,
              action: str = "publish", **fields):
    """Press a button of the page's edit form (at the version the form shows unless given)."""
    path = f"/dashboard/pages/{page_id}"
    if "version" not in fields:
        fields["version"] = version_in(actions.client.get(path).text)
    return page_form(actions, path, title, body, action, **fields)


def version_in(html: str) -> str:
    """The version a page form carries."""
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def stored_page(app, slug: str) -> Page | None:
    """The page at slug, as stored (detached, its columns loaded)."""
    with app.app_context():
        page = db.session.execute(db.select(Page).filter_by(slug=slug)).scalar_one_or_none()
        if page is not None:
            db.session.expunge(page)
        return page


def make_page(app, title: str, body: str = "Some *words*.", publish: bool = True,
              slug: str = "") -> int:
    """Create a page through blog.pages.editing, as an editor's form would; its id."""
    with app.app_context():
        editor = db.session.execute(
            db.select(Author).filter_by(subject="page-editor")).scalar_one_or_none()
        if editor is None:
            editor = Author(issuer="https://seed.example", subject="page-editor",
                            name="Page Editor", role="editor")
            db.session.add(editor)
            db.session.commit()
        text = PageText(title=title, source=body, source_format="markdown", slug=slug)
        return create_page(editor, text, render_body(body, "markdown"), publish).id


def move_page(app, page_id: int, slug: str) -> None:
    """Publish the page at a new address through blog.pages.editing (its old one redirects)."""
    with app.app_context():
        page = db.session.get(Page, page_id)
        update_page(page, PageText(page.title, page.source, page.source_format, slug=slug),
                    render_body(page.source, page.source_format), True, page.editor)


def stored_page_slug(app, page_id: int) -> str:
    """The page's current address."""
    with app.app_context():
        return db.session.get(Page, page_id).slug
