"""Revisions: every save keeps one (who, when, title, source); history, comparing two (escaped),
restoring one as a new revision; at most REVISIONS_PER_POST per post."""

from __future__ import annotations

import re

from blog.extensions import db
from blog.models import PostRevision
from tests.helpers import form_version
from tests.helpers import slug_from
from tests.helpers import stored_post


def revision_ids(app, slug: str) -> list[int]:
    post = stored_post(app, slug)
    with app.app_context():
        return list(db.session.execute(db.select(PostRevision.id).filter_by(post_id=post.id)
                                       .order_by(PostRevision.id)).scalars())


def test_every_save_keeps_a_revision(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("One", "First."))
    auth.edit(slug, "Two", "Second.")
    assert len(revision_ids(app, slug)) == 2
    history = auth.client.get(f"/{slug}/history").text
    assert "<td>Alice</td>" in history and "<td>Two</td>" in history


def test_comparing_two_revisions_shows_the_changed_lines_escaped(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("One", "Same line.\n\nOld <b>line</b>."))
    auth.edit(slug, "One", "Same line.\n\nNew <script>alert(1)</script>.")
    older, newer = revision_ids(app, slug)
    page = auth.client.get(f"/{slug}/compare?a={older}&b={newer}").text
    assert re.search(r'diff-removed">-Old &lt;b&gt;line&lt;/b&gt;\.', page)
    assert re.search(r'diff-added">\+New &lt;script&gt;', page)
    assert "<script>alert(1)</script>" not in page


def test_restoring_makes_a_new_revision_with_the_old_text(app, auth):
    auth.login("alice")
    slug = slug_from(auth.publish("One", "First."))
    auth.edit(slug, "Two", "Second.")
    first = revision_ids(app, slug)[0]
    version = form_version(auth.client.get(f"/{slug}/edit").text)
    response = auth.client.post(f"/{slug}/revisions/{first}/restore", data={
        "csrf_token": auth.csrf_token(f"/{slug}/history"), "version": version})
    assert response.status_code == 302
    post = stored_post(app, slug)
    assert (post.title, post.source, post.status) == ("One", "First.", "published")
    assert len(revision_ids(app, slug)) == 3
    assert "First." in app.test_client().get(f"/{slug}").text


def test_revisions_are_bounded_per_post(make_app, make_auth):
    app = make_app(REVISIONS_PER_POST=3)
    alice = make_auth(app)
    alice.login("alice")
    slug = slug_from(alice.publish("Text 0", "Body 0."))
    for number in range(1, 6):
        alice.edit(slug, f"Text {number}", f"Body {number}.")
    with app.app_context():
        titles = db.session.execute(db.select(PostRevision.title).order_by(PostRevision.id))
        assert list(titles.scalars()) == ["Text 3", "Text 4", "Text 5"]


def test_another_author_may_not_read_a_drafts_history(make_author, auth):
    auth.login("alice")
    slug = auth.save_draft("Secret", "Text.").headers["Location"].split("/")[1]
    assert make_author("bob").client.get(f"/{slug}/history").status_code == 404


def test_a_revision_of_another_post_is_not_found(app, auth):
    auth.login("alice")
    one = slug_from(auth.publish("One", "First."))
    two = slug_from(auth.publish("Two", "Second."))
    other = revision_ids(app, two)[0]
    mine = revision_ids(app, one)[0]
    assert auth.client.get(f"/{one}/compare?a={mine}&b={other}").status_code == 404
