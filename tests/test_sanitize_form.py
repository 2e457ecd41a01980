"""The post form's body and title rules, through HTTP: refusals keep the text and say why.

These run on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (PostgreSQL refuses NUL).
"""

from __future__ import annotations

import html

import pytest
from markupsafe import escape

from blog.extensions import db
from blog.models import Post
from tests.helpers import slug_from
from tests.long_post import realistic_long_post


def submit(actions, title="A title", body="<p>Words.</p>", path="/dashboard"):
    """POST the post form at `path` as the logged-in author of `actions`."""
    token = actions.csrf_token(path)
    return actions.client.post(path, data={"csrf_token": token, "title": title, "body": body})


def stored(app) -> Post | None:
    with app.app_context():
        return db.session.execute(db.select(Post)).scalar_one_or_none()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<iframe src=\"https://example.com/\"></iframe>", id="only-an-iframe"),
        pytest.param("<!-- nothing to see -->", id="only-a-comment"),
        pytest.param("<p> </p><div><span></span></div><br>", id="only-empty-tags"),
        pytest.param("<p>&nbsp;</p>", id="only-a-no-break-space"),
        pytest.param("<script>alert(1)</script><style>p {}</style>", id="only-script-and-style"),
        pytest.param('<img src="javascript:alert(1)" alt="">', id="only-an-image-without-source"),
    ],
)
def test_a_body_that_shows_nothing_is_refused_with_the_text_kept(auth, app, body):
    auth.login("alice")
    response = submit(auth, body=body)
    assert response.status_code == 400
    assert "Nothing in the body would show on the page" in response.text
    assert str(escape(body)) in response.text
    assert stored(app) is None


def test_an_image_only_body_is_published(auth, app):
    auth.login("alice")
    response = submit(auth, body='<img src="/static/cat.png" alt="A cat">')
    assert response.status_code == 302
    assert stored(app).body == '<img src="/static/cat.png" alt="A cat">'


def test_a_body_nested_too_deep_is_refused_with_the_text_kept(auth, app):
    auth.login("alice")
    body = "<ol><li>" * 200 + "deep"
    response = submit(auth, body=body)
    assert response.status_code == 400
    assert "nests elements more than" in response.text
    assert str(escape(body)) in response.text
    assert stored(app) is None


def test_a_body_with_too_many_tags_is_refused_with_the_text_kept(auth, app):
    auth.login("alice")
    body = "<p>x</p>" * 5000
    response = submit(auth, body=body)
    assert response.status_code == 400
    assert "tags and character references" in response.text
    assert str(escape(body)) in response.text


def test_a_body_that_would_grow_past_the_stored_bound_is_refused(make_app, make_auth):
    app = make_app(BODY_MAX_BYTES=1024)
    actions = make_auth(app)
    actions.login("alice")
    body = "x" + ">" * 1000  # within 1 KB as typed, 4 KB once every ">" is written "&gt;"
    response = submit(actions, body=body)
    assert response.status_code == 400
    assert "it may be at most 2 KB" in response.text
    assert str(escape(body)) in response.text
    assert stored(app) is None


def test_a_realistic_long_post_is_published(auth, app):
    auth.login("alice")
    response = submit(auth, title="Foxes at length", body=realistic_long_post(8000))
    assert response.status_code == 302
    assert stored(app).body.count("<h2>") >= 20


@pytest.mark.parametrize(
    ("title", "body", "clean_title", "clean_body"),
    [
        ("Hello\x00 world", "<p>Fine</p>", "Hello world", "<p>Fine</p>"),
        ("Hello", "<p>a\x00b</p>", "Hello", "<p>ab</p>"),
        ("Bell\x07 and\x1b escape", "<p>form\x0cfeed\x0b</p>", "Bell and escape",
         "<p>formfeed</p>"),
        ("Tabs\tstay", "<p>lines\r\nstay\ttoo</p>", "Tabs\tstay", "<p>lines\nstay\ttoo</p>"),
    ],
)
def test_invisible_control_characters_are_removed_and_the_post_saved(
    auth, app, title, body, clean_title, clean_body
):
    auth.login("alice")
    response = submit(auth, title=title, body=body)
    assert response.status_code == 302
    post = stored(app)
    assert (post.title, post.body) == (clean_title, clean_body)


def test_control_characters_are_removed_when_editing_too(auth, app, client):
    auth.login("alice")
    slug = slug_from(submit(auth))
    response = submit(auth, title="Edited\x00", body="<p>new\x00 text</p>", path=f"/{slug}/edit")
    assert response.status_code == 302
    post = stored(app)
    assert (post.title, post.body) == ("Edited", "<p>new text</p>")


def test_saving_the_edit_form_unchanged_keeps_code_as_it_was(auth, app, client):
    auth.login("alice")
    body = "<pre><code>#include <stdio.h>\nif (a<b && c>d) {}</code></pre><p>AT&amp;T</p>"
    slug = slug_from(submit(auth, body=body))
    first = stored(app).body
    page = client.get(f"/{slug}/edit").text
    shown = html.unescape(page.split("<textarea", 1)[1].split(">", 1)[1].split("</textarea>")[0])
    shown = shown.removeprefix("\r").removeprefix("\n")  # as a browser reads a textarea
    assert submit(auth, body=shown, path=f"/{slug}/edit").status_code == 302
    assert stored(app).body == first
    assert "#include &lt;stdio.h&gt;" in client.get(f"/{slug}").text


def test_the_body_field_tells_authors_how_code_is_written(auth, client):
    auth.login("alice")
    page = client.get("/dashboard").text
    assert "Inside &lt;pre&gt; and &lt;code&gt;, &lt; &gt; and &amp; show as typed" in page
