"""Writing the site's pages: who may (editors and admins), the form that never loses what was
typed (refusals, conflicts, an ended login), the confirmed delete, and the audit log."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import AuditEntry
from tests.html_forms import csrf_token_in
from tests.page_helpers import NEW_PAGE
from tests.page_helpers import edit_page
from tests.page_helpers import make_page
from tests.page_helpers import stored_page
from tests.page_helpers import version_in
from tests.page_helpers import write_page

ROLES_ALLOWED = {"none": False, "contributor": False, "author": False, "editor": True,
                 "admin": True}


def _requests(page_id: int, token: str) -> list[tuple[str, str, dict | None]]:
    form = {"csrf_token": token, "title": "Changed", "body": "New words.", "format": "markdown",
            "action": "publish"}
    return [("GET", "/dashboard/pages", None),
            ("GET", NEW_PAGE, None),
            ("POST", NEW_PAGE, {**form, "title": "Another page"}),
            ("GET", f"/dashboard/pages/{page_id}", None),
            ("POST", f"/dashboard/pages/{page_id}", form),
            ("GET", f"/dashboard/pages/{page_id}/delete", None),
            ("POST", f"/dashboard/pages/{page_id}/delete", {"csrf_token": token})]


@pytest.mark.parametrize("request_number", range(7))
@pytest.mark.parametrize(("role", "allowed"), ROLES_ALLOWED.items())
def test_only_editors_and_admins_may_use_the_page_views(editorial_app, make_member, role,
                                                        allowed, request_number):
    page_id = make_page(editorial_app, "About")
    member = make_member("carol", role)
    token = member.csrf_token("/")
    method, path, data = _requests(page_id, token)[request_number]
    response = member.client.open(path, method=method, data=data)
    if allowed:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        assert stored_page(editorial_app, "about").title == "About"
        assert stored_page(editorial_app, "another-page") is None


@pytest.mark.parametrize("path", [NEW_PAGE, "/dashboard/pages", "/dashboard/pages/1",
                                  "/dashboard/pages/1/delete"])
def test_logged_out_visitors_are_sent_to_log_in(editorial_app, path):
    response = editorial_app.test_client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("role", "shown"), ROLES_ALLOWED.items())
def test_the_dashboard_links_to_the_pages_for_those_who_may(make_member, role, shown):
    member = make_member("carol", role)
    page = member.client.get("/dashboard")
    assert ('href="/dashboard/pages"' in page.text) == shown


def test_publishing_a_new_page_sends_the_editor_to_it(editorial_app, make_member):
    editor = make_member("carol", "editor")
    response = write_page(editor, "About us", "We *write* here.")
    assert response.status_code == 302 and response.headers["Location"] == "/about-us"
    page = stored_page(editorial_app, "about-us")
    assert (page.status, page.body.strip()) == ("published", "<p>We <em>write</em> here.</p>")
    assert page.published_at is not None


def test_the_body_goes_through_the_posts_pipeline(editorial_app, make_member):
    editor = make_member("carol", "editor")
    write_page(editor, "Rules", '<p onclick="x()">Be kind.</p><script>alert(1)</script>',
               source_format="html")
    page = stored_page(editorial_app, "rules")
    assert page.body.strip() == "<p>Be kind.</p>"
    assert (page.source_format, page.source.count("script")) == ("html", 2)


def test_saving_a_draft_keeps_it_a_draft(editorial_app, make_member):
    editor = make_member("carol", "editor")
    response = write_page(editor, "Privacy", "Soon.", action="draft")
    page = stored_page(editorial_app, "privacy")
    assert response.headers["Location"] == f"/dashboard/pages/{page.id}"
    assert (page.status, page.published_at) == ("draft", None)


def test_unpublishing_makes_the_page_a_draft_again(editorial_app, make_member):
    page_id = make_page(editorial_app, "About")
    editor = make_member("carol", "editor")
    response = edit_page(editor, page_id, "About", "Words.", action="draft")
    assert response.headers["Location"] == f"/dashboard/pages/{page_id}"
    assert stored_page(editorial_app, "about").status == "draft"


def test_the_preview_shows_the_rendered_body_and_saves_nothing(editorial_app, make_member):
    editor = make_member("carol", "editor")
    response = write_page(editor, "About", "Some **bold** words.", action="preview")
    assert response.status_code == 200
    assert "Some <strong>bold</strong> words." in response.text
    assert stored_page(editorial_app, "about") is None


@pytest.mark.parametrize(("fields", "field_id", "message"), [
    ({"title": ""}, "title", "Give the page a title."),
    ({"title": "T" * 201}, "title", "Field cannot be longer than 200 characters."),
    ({"slug": "!!!"}, "slug", "Use letters or digits in the address."),
    ({"slug": "dashboard"}, "slug", "one of the blog’s own addresses"),
    ({"body": ""}, "body", "Write something in the body."),
    ({"body": "x" * 200_000}, "body", "pages may be at most"),
])
def test_a_refused_form_keeps_what_was_typed_with_the_error_at_its_field(
        editorial_app, make_member, fields, field_id, message):
    editor = make_member("carol", "editor")
    typed = {"title": "My page title", "body": "My *typed* words.", "slug": "my-address",
             **fields}
    response = write_page(editor, typed.pop("title"), typed.pop("body"), **typed)
    assert response.status_code == 400
    assert f'id="{field_id}-errors"' in response.text and message in response.text
    assert 'aria-invalid="true"' in response.text
    # Every field but the refused one shows what was typed (the refused one too, unless huge).
    for name, value in (("title", "My page title"), ("body", "My *typed* words."),
                        ("slug", "my-address")):
        if name != field_id:
            assert value in response.text


def test_an_address_taken_by_another_page_is_refused_keeping_the_text(editorial_app,
                                                                       make_member):
    make_page(editorial_app, "About")
    editor = make_member("carol", "editor")
    response = write_page(editor, "Second about", "Mine, *typed*.", slug="about")
    assert response.status_code == 400
    assert "Another page has the address “about”" in response.text
    assert "Mine, *typed*." in response.text and "Second about" in response.text


def test_a_save_from_a_stale_version_shows_both_texts_and_saves_nothing(editorial_app,
                                                                         make_member):
    page_id = make_page(editorial_app, "About", "First words.")
    first, second = make_member("carol", "editor"), make_member("dave", "admin")
    stale = version_in(first.client.get(f"/dashboard/pages/{page_id}").text)
    assert edit_page(second, page_id, "About", "Their words.").status_code == 302
    response = edit_page(first, page_id, "About", "My own words.", version=stale)
    assert response.status_code == 409
    assert "Their words." in response.text and "My own words." in response.text
    assert stored_page(editorial_app, "about").source == "Their words."
    # The form now carries the current version: saving it again is on purpose, and works.
    fresh = version_in(response.text)
    assert fresh != stale
    again = edit_page(first, page_id, "About", "My own words.", version=fresh)
    assert again.status_code == 302
    assert stored_page(editorial_app, "about").source == "My own words."


def test_text_posted_after_the_login_ended_comes_back_after_the_login(editorial_app,
                                                                      make_member):
    page_id = make_page(editorial_app, "About", "Old words.")
    editor = make_member("carol", "editor")
    path = f"/dashboard/pages/{page_id}"
    token = csrf_token_in(editor.client.get(path).text)
    editor.logout()
    response = editor.client.post(path, data={
        "csrf_token": token, "title": "About", "body": "Words typed while logged out.",
        "format": "markdown", "action": "publish"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard/pages/kept"
    after_login = editor.login("carol", path=response.headers["Location"])
    assert after_login.headers["Location"] == "/dashboard/pages/kept"
    target = editor.client.get("/dashboard/pages/kept")
    assert target.headers["Location"] == path
    form = editor.client.get(path)
    assert "Words typed while logged out." in form.text and "It was kept" in form.text
    assert stored_page(editorial_app, "about").source == "Old words."


def test_delete_asks_first_then_deletes_with_a_post(editorial_app, make_member):
    page_id = make_page(editorial_app, "About")
    editor = make_member("carol", "editor")
    confirm = editor.client.get(f"/dashboard/pages/{page_id}/delete")
    assert "Delete the page “About”?" in confirm.text
    assert stored_page(editorial_app, "about") is not None
    response = editor.client.post(f"/dashboard/pages/{page_id}/delete",
                                  data={"csrf_token": csrf_token_in(confirm.text)})
    assert response.headers["Location"] == "/dashboard/pages"
    assert stored_page(editorial_app, "about") is None


@pytest.mark.parametrize("path", [NEW_PAGE, "/dashboard/pages/{id}",
                                  "/dashboard/pages/{id}/delete"])
def test_a_post_without_its_csrf_token_changes_nothing(editorial_app, make_member, path):
    page_id = make_page(editorial_app, "About")
    editor = make_member("carol", "editor")
    response = editor.client.post(path.format(id=page_id), data={
        "title": "Forged", "body": "x", "format": "markdown", "action": "publish"})
    assert response.status_code == 400
    assert stored_page(editorial_app, "about").title == "About"
    assert stored_page(editorial_app, "forged") is None


def _audit(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(entry.action, entry.subject, entry.detail) for entry in db.session.execute(
            db.select(AuditEntry).where(AuditEntry.action.like("page_%"))
            .order_by(AuditEntry.id)).scalars()]


def test_each_change_of_a_page_is_in_the_audit_log(editorial_app, make_member):
    admin = make_member("dave", "admin")
    write_page(admin, "About", "Words.", action="draft")
    page_id = stored_page(editorial_app, "about").id
    edit_page(admin, page_id, "About", "Words.", action="publish")
    edit_page(admin, page_id, "About", "More words.", action="publish")
    edit_page(admin, page_id, "About", "More words.", action="draft")
    token = csrf_token_in(admin.client.get(f"/dashboard/pages/{page_id}/delete").text)
    admin.client.post(f"/dashboard/pages/{page_id}/delete", data={"csrf_token": token})
    assert _audit(editorial_app) == [("page_create", "About", "/about"),
                                     ("page_publish", "About", "/about"),
                                     ("page_edit", "About", "/about"),
                                     ("page_unpublish", "About", "/about"),
                                     ("page_delete", "About", "/about")]
    log = admin.client.get("/audit")
    assert "deleted the page “About”" in log.text
