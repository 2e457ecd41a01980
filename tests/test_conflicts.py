"""No lost update: of two people editing one post, the later save gets a conflict page with both
texts, and nothing is overwritten or lost. Two real sessions, two logged-in browsers."""

from __future__ import annotations

import pytest

from tests.helpers import form_version
from tests.helpers import slug_from
from tests.helpers import stored_post


@pytest.fixture
def both_editing(editorial_app, make_member):
    """Alice's published post, open in Alice's editor and in Carol's (an editor)."""
    alice, carol = make_member("alice", "author"), make_member("carol", "editor")
    slug = slug_from(alice.publish("Shared", "The first text."))
    versions = [form_version(browser.client.get(f"/{slug}/edit").text)
                for browser in (alice, carol)]
    return alice, carol, slug, versions


def test_the_first_save_wins_and_the_later_gets_both_texts(editorial_app, both_editing):
    alice, carol, slug, (alice_version, carol_version) = both_editing
    first = carol.edit(slug, "Shared", "Carol's careful edit.", "publish",
                       version=carol_version)
    assert first.status_code == 302
    later = alice.edit(slug, "Shared", "Alice's new paragraph.", "publish",
                       version=alice_version)
    assert later.status_code == 409
    assert "Carol&#39;s careful edit." in later.text and "Alice&#39;s new paragraph." in later.text
    assert stored_post(editorial_app, slug).source == "Carol's careful edit."


def test_the_conflict_page_offers_the_later_text_again_at_the_current_version(
        editorial_app, both_editing):
    alice, carol, slug, (alice_version, carol_version) = both_editing
    carol.edit(slug, "Shared", "Carol's careful edit.", "publish", version=carol_version)
    conflict = alice.edit(slug, "Shared", "Alice's new paragraph.", "publish",
                          version=alice_version)
    again = alice.edit(slug, "Shared", "Alice's new paragraph.", "publish",
                       version=form_version(conflict.text))
    assert again.status_code == 302
    assert stored_post(editorial_app, slug).source == "Alice's new paragraph."


def test_both_saves_stay_in_the_history(editorial_app, both_editing):
    alice, carol, slug, (alice_version, carol_version) = both_editing
    carol.edit(slug, "Shared", "Carol's careful edit.", "publish", version=carol_version)
    conflict = alice.edit(slug, "Shared", "Alice's new paragraph.", "publish",
                          version=alice_version)
    alice.edit(slug, "Shared", "Alice's new paragraph.", "publish",
               version=form_version(conflict.text))
    history = alice.client.get(f"/{slug}/history").text
    assert history.count("<td>Carol</td>") == 1 and history.count("<td>Alice</td>") == 2


def test_an_autosave_from_an_older_version_is_refused_and_says_the_current_one(
        editorial_app, make_member):
    alice, carol = make_member("alice", "author"), make_member("carol", "editor")
    slug = draft_slug = alice.save_draft("Draft", "One.").headers["Location"].split("/")[1]
    version = form_version(alice.client.get(f"/{slug}/edit").text)
    carol.edit(draft_slug, "Draft", "Carol's.", "draft", version=version)
    answer = alice.client.post(f"/{slug}/autosave", data={
        "csrf_token": alice.csrf_token(f"/{slug}/edit"), "title": "Draft", "body": "Alice's.",
        "format": "markdown", "version": version})
    assert answer.status_code == 409
    assert answer.json["version"] == int(version) + 1
    assert stored_post(editorial_app, slug).source == "Carol's."


def test_an_autosave_answers_the_posts_new_version(editorial_app, make_member):
    alice = make_member("alice", "author")
    slug = alice.save_draft("Draft", "One.").headers["Location"].split("/")[1]
    version = int(form_version(alice.client.get(f"/{slug}/edit").text))
    answer = alice.client.post(f"/{slug}/autosave", data={
        "csrf_token": alice.csrf_token(f"/{slug}/edit"), "title": "Draft", "body": "Two.",
        "format": "markdown", "version": str(version)})
    assert answer.status_code == 200 and answer.json["version"] == version + 1
