"""The editor's pages give blog/static/js/editor.js what it needs, under the strict CSP: its
script, the URLs it posts to, and when the server saved the text the form shows."""

from __future__ import annotations

import re

import pytest

from blog.extensions import db
from blog.models import Post
from blog.models import PostAutosave
from tests.helpers import BLOG_ORIGIN
from tests.helpers import slug_from
from tests.html_forms import editor_form
from tests.html_forms import forms_in

EDITOR_SCRIPT = re.compile(r'<script src="/static/js/editor\.[0-9a-f]{8}\.js" defer></script>')


def write(auth, action: str = "publish", title: str = "Notes") -> str:
    """Save a new post from the dashboard's form as the logged-in author; its slug."""
    response = auth.client.post("/dashboard", data={
        "csrf_token": auth.csrf_token("/dashboard"), "title": title, "body": "Some *words*.",
        "format": "markdown", "action": action})
    assert response.status_code == 302, response.text
    if action == "draft":
        return response.headers["Location"].removesuffix("/edit").lstrip("/")
    return slug_from(response)


def saved_at_attribute(value) -> str:
    return value.isoformat() + "Z"


@pytest.fixture
def slug(auth) -> str:
    """A published post of alice's, alice logged in."""
    auth.login("alice")
    return write(auth)


@pytest.mark.parametrize("path", ["/dashboard", "/{slug}/edit"])
def test_the_editor_pages_load_editor_js_deferred_and_nothing_inline(client, slug, path):
    response = client.get(path.format(slug=slug))
    assert len(EDITOR_SCRIPT.findall(response.text)) == 1
    assert "<script>" not in response.text and "style=" not in response.text
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe" not in policy and "script-src" not in policy  # default-src 'self' applies


def test_every_page_of_a_logged_in_author_loads_it_for_log_out(client, slug):
    page = client.get("/").text
    assert EDITOR_SCRIPT.search(page)
    logout = next(form for form in forms_in(page) if form.action == "/logout")
    assert "data-forgets-drafts" in logout.attributes


# A script element and its src, if it has one.
SCRIPT = re.compile(r'<script(?: src="([^"]*)")?[^>]*>')


def test_readers_pages_load_no_script_but_the_theme_buttons(client, slug, auth):
    auth.logout()
    # JSON-LD is data for search engines, which no browser runs; theme.js only applies the
    # reader's light or dark choice (docs/accessibility.md). Nothing of the editor's.
    data_only = '<script type="application/ld+json">'
    for path in ("/", f"/{slug}"):
        page = client.get(path).text.replace(data_only, "")
        sources = SCRIPT.findall(page)
        assert len(sources) == 1 and re.fullmatch(r"/static/js/theme\.[0-9a-f]+\.js",
                                                   sources[0]), sources


def test_the_form_says_where_to_preview_autosave_and_log_in(client, slug):
    new_post = editor_form(client.get("/dashboard").text).attributes
    assert new_post["data-preview-url"] == "/dashboard/preview"
    assert new_post["data-autosave-url"] == "/dashboard/autosave"
    assert new_post["data-login-url"] == "/login"
    assert editor_form(client.get(f"/{slug}/edit").text).attributes["data-autosave-url"] == (
        f"/{slug}/autosave")


def test_the_new_post_form_shows_no_text_of_the_server(client, slug):
    assert "data-saved-at" not in editor_form(client.get("/dashboard").text).attributes


def test_the_edit_form_says_when_the_server_saved_the_text_it_shows(client, slug, app):
    attributes = editor_form(client.get(f"/{slug}/edit").text).attributes
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        assert attributes["data-saved-at"] == saved_at_attribute(post.updated_at)


def test_with_autosaved_changes_it_is_when_they_were_autosaved(client, slug, app, auth):
    answer = client.post(f"/{slug}/autosave", data={
        "csrf_token": auth.csrf_token(f"/{slug}/edit"), "title": "Notes", "format": "markdown",
        "body": "Second thoughts."})
    assert answer.status_code == 200
    attributes = editor_form(client.get(f"/{slug}/edit").text).attributes
    with app.app_context():
        pending = db.session.execute(db.select(PostAutosave)).scalar_one()
        assert attributes["data-saved-at"] == saved_at_attribute(pending.saved_at)


def test_an_invalid_submission_shows_text_the_server_does_not_have(client, slug, auth):
    response = client.post(f"/{slug}/edit", data={
        "csrf_token": auth.csrf_token(f"/{slug}/edit"), "title": "", "format": "markdown",
        "body": "Unsaved words.", "action": "publish"})
    assert response.status_code == 400
    assert "data-saved-at" not in editor_form(response.text).attributes


def test_text_kept_over_a_new_login_is_not_the_servers_either(client, slug, auth):
    token = auth.csrf_token(f"/{slug}/edit")
    auth.logout()
    refused = client.post(f"/{slug}/edit", data={
        "csrf_token": token, "title": "Kept", "format": "markdown", "body": "Typed meanwhile.",
        "action": "publish"}, headers={"Origin": BLOG_ORIGIN})
    callback = auth.login("alice", path=refused.headers["Location"])
    page = client.get(callback.headers["Location"], follow_redirects=True)
    assert page.request.path == f"/{slug}/edit" and "Typed meanwhile." in page.text
    assert "data-saved-at" not in editor_form(page.text).attributes


@pytest.mark.parametrize(("action", "published"), [("publish", True), ("draft", False)])
def test_the_form_of_a_published_post_says_so(client, auth, slug, action, published):
    other = write(auth, action, title=f"Another {action}")
    attributes = editor_form(client.get(f"/{other}/edit").text).attributes
    assert ("data-published" in attributes) is published
