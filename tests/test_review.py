"""The review queue: a contributor submits with a note; editors see it, publish, schedule or send
it back with a note the contributor sees. Each step is in the audit log, which admins see."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import AuditEntry
from tests.helpers import draft_slug_from
from tests.helpers import stored_post


@pytest.fixture
def submitted(make_member):
    """Dora (a contributor) submitted "Field notes" with a note; (dora, carol the editor, slug)."""
    dora, carol = make_member("dora", "contributor"), make_member("carol", "editor")
    slug = draft_slug_from(dora.save_draft("Field notes", "From *the* field."))
    response = dora.edit(slug, "Field notes", "From *the* field.", "submit",
                         note="Is the ending too abrupt?")
    assert response.status_code == 302
    return dora, carol, slug


def test_a_submitted_post_waits_in_review(editorial_app, submitted):
    _dora, _carol, slug = submitted
    assert stored_post(editorial_app, slug).status == "review"


def test_editors_see_it_in_the_queue_with_the_note(submitted):
    _dora, carol, _slug = submitted
    queue = carol.client.get("/review")
    assert queue.status_code == 200
    assert "Field notes" in queue.text and "Is the ending too abrupt?" in queue.text
    assert "Dora" in queue.text


@pytest.mark.parametrize("role", ["contributor", "author"])
def test_only_editors_and_admins_see_the_queue(make_member, role):
    assert make_member("erin", role).client.get("/review").status_code == 403


def test_an_editor_publishes_it(editorial_app, submitted):
    _dora, carol, slug = submitted
    response = carol.edit(slug, "Field notes", "From *the* field.", "publish")
    assert response.headers["Location"] == f"/{slug}"
    assert "Field notes" in editorial_app.test_client().get("/").text
    assert "Nothing waits for review." in carol.client.get("/review").text


def test_an_editor_sends_it_back_with_a_note_the_contributor_sees(editorial_app, submitted):
    dora, carol, slug = submitted
    carol.edit(slug, "Field notes", "From *the* field.", "send_back",
               note="Yes: add a closing paragraph.")
    assert stored_post(editorial_app, slug).status == "draft"
    assert "Yes: add a closing paragraph." in dora.client.get("/dashboard").text
    assert "Yes: add a closing paragraph." in dora.client.get(f"/{slug}/edit").text


def test_an_editor_schedules_it(editorial_app, submitted):
    _dora, carol, slug = submitted
    carol.edit(slug, "Field notes", "From *the* field.", "schedule",
               publish_at="2999-01-01T08:00+00:00")
    assert stored_post(editorial_app, slug).state == "scheduled"


def test_an_author_may_not_send_back(make_member, submitted):
    _dora, _carol, slug = submitted
    # Another author cannot even see a post in review.
    assert make_member("alice", "author").client.get(f"/{slug}/edit").status_code == 404


def audit_actions(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(entry.actor_name, entry.action, entry.subject) for entry in db.session.execute(
            db.select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def test_each_step_is_in_the_audit_log(editorial_app, submitted):
    _dora, carol, slug = submitted
    carol.edit(slug, "Field notes", "From *the* field.", "publish")
    carol.edit(slug, "Field notes", "From *the* field.", "draft")
    carol.client.post(f"/{slug}/delete", data={"csrf_token": carol.csrf_token()})
    assert audit_actions(editorial_app) == [
        ("Dora", "submit", "Field notes"), ("Carol", "publish", "Field notes"),
        ("Carol", "unpublish", "Field notes"), ("Carol", "delete", "Field notes")]


def test_the_audit_entry_rolls_back_with_its_change(editorial_app, submitted, mocker):
    _dora, carol, slug = submitted
    # The database failing at the commit (outside the code under test): neither stays.
    mocker.patch("blog.posts.editing.keep_revision", side_effect=RuntimeError("disk full"))
    with pytest.raises(RuntimeError):
        carol.edit(slug, "Field notes", "From *the* field.", "publish")
    assert [action for _name, action, _subject in audit_actions(editorial_app)] == ["submit"]
    assert stored_post(editorial_app, slug).status == "review"


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("editor", 403),
                                               ("author", 403), ("contributor", 403)])
def test_only_admins_see_the_audit_log(make_member, role, status):
    assert make_member("erin", role).client.get("/audit").status_code == status


def test_the_audit_log_shows_who_did_what(make_member, submitted):
    page = make_member("ada", "admin").client.get("/audit").text
    assert "Dora" in page and "submitted for review “Field notes”" in page
