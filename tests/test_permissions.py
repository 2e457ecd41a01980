"""The editorial rules: every role × action × state, for a writer's own posts and others', and
the server refusing what the page does not offer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from blog import clock
from blog.models import Author
from blog.models import Post
from blog.posts.permissions import may
from blog.posts.permissions import may_see
from tests.helpers import draft_slug_from
from tests.helpers import post_editor
from tests.helpers import slug_from
from tests.helpers import stored_post

ROLES = ("none", "contributor", "author", "editor", "admin")
STATES = ("draft", "review", "scheduled", "published")
ACTIONS = ("edit", "submit", "publish", "schedule", "unpublish", "send_back", "delete",
           "history", "restore")
EVERY = set(STATES)
# What each role may do to a post, by state: written out, not derived from the module.
OWN = {
    "none": {},
    "contributor": {"edit": {"draft", "review"}, "submit": {"draft", "review"},
                    "delete": {"draft", "review"}, "history": EVERY,
                    "restore": {"draft", "review"}},
    "author": {"edit": EVERY, "submit": {"draft", "review"},
               "publish": {"draft", "review", "scheduled"},
               "schedule": {"draft", "review", "scheduled"},
               "unpublish": {"scheduled", "published"}, "delete": EVERY, "history": EVERY,
               "restore": EVERY},
}
EDITORS = {"edit": EVERY, "submit": {"draft", "review"},
           "publish": {"draft", "review", "scheduled"},
           "schedule": {"draft", "review", "scheduled"}, "unpublish": {"scheduled", "published"},
           "send_back": {"review"}, "delete": EVERY, "history": EVERY, "restore": EVERY}
OWN["editor"] = OWN["admin"] = EDITORS
OTHERS = {"none": {}, "contributor": {}, "author": {}, "editor": EDITORS, "admin": EDITORS}


def a_post(state: str, author_id: int) -> Post:
    now = clock.now()
    status, published_at = {
        "draft": ("draft", None), "review": ("review", None),
        "scheduled": ("published", now + timedelta(hours=1)),
        "published": ("published", now - timedelta(hours=1)),
    }[state]
    return Post(status=status, published_at=published_at, author_id=author_id)


def a_person(role: str) -> Author:
    return Author(id=1, role=role, name=role.title())


MATRIX = [(role, action, state) for role in ROLES for action in ACTIONS for state in STATES]


@pytest.mark.parametrize(("role", "action", "state"), MATRIX)
def test_on_their_own_post(role, action, state):
    expected = state in OWN[role].get(action, set())
    assert may(a_person(role), action, a_post(state, author_id=1)) is expected


@pytest.mark.parametrize(("role", "action", "state"), MATRIX)
def test_on_another_writers_post(role, action, state):
    expected = state in OTHERS[role].get(action, set())
    assert may(a_person(role), action, a_post(state, author_id=2)) is expected


def test_a_post_is_in_the_state_its_clock_says(mocker):
    post = a_post("scheduled", 1)
    assert post.state == "scheduled"
    # The one clock function, set past the publication time: nothing was written.
    mocker.patch("blog.clock.now", return_value=post.published_at + timedelta(seconds=1))
    assert post.state == "published"


@pytest.mark.parametrize(("role", "site_action", "allowed"), [
    (role, action, ROLES.index(role) >= ROLES.index(lowest))
    for role in ROLES
    for action, lowest in (("write", "contributor"), ("review_queue", "editor"),
                           ("audit_log", "admin"))
])
def test_site_actions(role, site_action, allowed):
    assert may(a_person(role), site_action) is allowed


@pytest.mark.parametrize(("role", "state", "sees"), [
    (role, state, state == "published" or role in ("editor", "admin"))
    for role in ROLES for state in STATES
])
def test_who_sees_anothers_post_before_it_is_public(role, state, sees):
    assert may_see(a_person(role), a_post(state, author_id=2)) is sees


def test_anonymous_readers_may_do_nothing():
    assert not any(may(None, action, a_post("draft", 1)) for action in ACTIONS)


# Through the server: the buttons a page leaves out are refused all the same.

def test_a_contributor_cannot_publish_even_by_posting_the_button(editorial_app, make_member):
    dora = make_member("dora", "contributor")
    assert post_editor(dora, "/dashboard", "Mine", "Text.", "publish").status_code == 403
    slug = draft_slug_from(dora.save_draft("Mine", "Text."))
    assert dora.edit(slug, "Mine", "Text.", "publish").status_code == 403
    assert dora.edit(slug, "Mine", "Text.", "schedule",
                     publish_at="2999-01-01T09:00").status_code == 403
    assert stored_post(editorial_app, slug).status == "draft"


def test_a_contributor_is_not_offered_the_publish_button(make_member):
    page = make_member("dora", "contributor").client.get("/dashboard").text
    assert 'value="publish"' not in page and 'value="submit"' in page


def test_a_contributor_cannot_change_their_post_once_published(editorial_app, make_member):
    dora, carol = make_member("dora", "contributor"), make_member("carol", "editor")
    slug = draft_slug_from(dora.edit(draft_slug_from(dora.save_draft("Mine", "Text.")), "Mine",
                                     "Text.", "submit"))
    carol.edit(slug, "Mine", "Text.", "publish")
    assert dora.client.get(f"/{slug}/edit").status_code == 403
    assert dora.edit(slug, "Changed", "Text.", "publish").status_code == 403
    assert dora.client.post(f"/{slug}/delete",
                            data={"csrf_token": dora.csrf_token()}).status_code == 403
    assert stored_post(editorial_app, slug).title == "Mine"


def test_an_editor_may_change_and_unpublish_anyones_post(editorial_app, make_member):
    alice, carol = make_member("alice", "author"), make_member("carol", "editor")
    slug = slug_from(alice.publish("Alice's", "Text."))
    assert carol.client.get(f"/{slug}/edit").status_code == 200
    carol.edit(slug, "Alice's", "Text.", "draft")
    assert stored_post(editorial_app, slug).status == "draft"


def test_an_author_gets_403_for_anothers_published_post_and_404_for_a_draft(make_member):
    alice, bob = make_member("alice", "author"), make_member("bob", "author")
    published = slug_from(alice.publish("Out", "Text."))
    draft = draft_slug_from(alice.save_draft("In", "Text."))
    assert bob.client.get(f"/{published}/edit").status_code == 403
    assert bob.client.get(f"/{draft}/edit").status_code == 404


def test_the_403_page_says_what_was_refused(make_member):
    page = make_member("dora", "contributor").client.get("/review")
    assert page.status_code == 403 and "Not allowed" in page.text


