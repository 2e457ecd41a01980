"""Writing: the form's contract, Markdown by default, summaries, reading time, and the no-script
preview."""

from __future__ import annotations

import html
import re

import pytest

from blog.extensions import db
from blog.models import Post
from tests.helpers import slug_from
from tests.html_forms import editor_form


@pytest.fixture
def alice(auth):
    auth.login("alice")
    return auth


def test_the_form_has_the_fields_and_buttons_other_tools_drive(alice, client):
    page = client.get("/dashboard").text
    for field in ("title", "body", "slug", "summary", "format"):
        assert f'name="{field}"' in page
    assert '<button type="submit" class="button" name="action" value="publish">' in page
    assert 'name="action" value="draft">Save draft</button>' in page


def test_a_published_posts_editor_offers_update_and_unpublish(alice, client):
    slug = slug_from(alice.publish("Live", "Words."))
    page = client.get(f"/{slug}/edit").text
    assert 'value="publish">Update</button>' in page
    assert 'value="draft">Unpublish</button>' in page


def test_a_new_post_is_written_in_markdown_by_default(alice, client):
    page = client.get("/dashboard").text
    assert '<option selected value="markdown">Markdown</option>' in page


def test_markdown_is_rendered_on_save_and_its_source_kept(app, alice, client):
    slug = slug_from(alice.publish("Marked", "Some **bold** words.\n\nA second paragraph."))
    page = client.get(f"/{slug}").text
    assert "<p>Some <strong>bold</strong> words.</p>" in page
    assert "<p>A second paragraph.</p>" in page
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        assert (post.source, post.source_format) == (
            "Some **bold** words.\n\nA second paragraph.", "markdown")


def test_the_editor_shows_the_source_not_the_rendering(alice, client):
    slug = slug_from(alice.publish("Marked", "Some **bold** words."))
    form = editor_form(client.get(f"/{slug}/edit").text)
    assert form.fields["body"] == "Some **bold** words."


def test_a_post_without_a_format_is_html_as_the_form_once_was(alice, client):
    # Tools written before Markdown post title and body only.
    response = alice.write_post("Old tool", "<p>Kept *as* HTML.</p>")
    assert "<p>Kept *as* HTML.</p>" in client.get(f"/{slug_from(response)}").text


def test_a_post_without_a_button_is_published_as_the_form_once_did(app, alice):
    slug = slug_from(alice.write_post("Old tool", "<p>Words.</p>"))
    assert app.test_client().get(f"/{slug}").status_code == 200


def test_an_unknown_format_is_refused(alice):
    response = alice.publish("Odd", "Words.", source_format="rtf")
    assert response.status_code == 400


def test_the_summary_is_the_excerpt_and_the_description(app, alice, client):
    slug = slug_from(alice.publish("Summed", "A long body that goes on.",
                                   summary="In one line: it goes on."))
    reader = app.test_client()
    assert "In one line: it goes on." in reader.get("/").text
    assert '<meta name="description" content="In one line: it goes on.">' in reader.get(
        f"/{slug}").text


def test_without_a_summary_the_body_gives_the_excerpt(app, alice):
    alice.publish("Plain", "The first words of the body.")
    assert "The first words of the body." in app.test_client().get("/").text


def test_a_summary_longer_than_the_limit_is_refused_and_the_text_kept(alice):
    response = alice.publish("Long", "Body words.", summary="s" * 301)
    assert response.status_code == 400
    assert "Body words." in response.text


def test_the_post_page_says_how_long_it_takes_to_read(app, alice):
    words = " ".join(["word"] * 230 * 6)  # 230 words a minute
    slug = slug_from(alice.publish("Long read", words))
    assert "6 min read" in app.test_client().get(f"/{slug}").text


def test_the_preview_button_shows_the_rendering_without_saving(app, alice):
    token = alice.csrf_token("/dashboard")
    response = alice.client.post("/dashboard", data={
        "csrf_token": token, "title": "Peek", "body": "Some *emphasis*.", "format": "markdown",
        "action": "preview"})
    assert response.status_code == 200
    preview = response.text.split('id="preview-body"')[1]
    assert "<em>emphasis</em>" in preview
    assert editor_form(response.text).fields["body"] == "Some *emphasis*."
    with app.app_context():
        assert db.session.execute(db.select(Post)).all() == []


def test_the_preview_endpoint_answers_the_rendering_in_json(alice):
    token = alice.csrf_token("/dashboard")
    response = alice.client.post("/dashboard/preview", headers={"X-CSRFToken": token},
                                 data={"body": "Some *emphasis*.", "format": "markdown"})
    assert response.status_code == 200
    assert "<em>emphasis</em>" in response.get_json()["html"]


def test_the_preview_endpoint_refuses_a_body_too_complex_in_json(alice):
    token = alice.csrf_token("/dashboard")
    response = alice.client.post("/dashboard/preview", headers={"X-CSRFToken": token}, data={
        "body": "<div>" * 5000 + "x", "format": "html"})
    assert response.status_code == 422
    assert response.get_json()["error"]


def test_the_preview_endpoint_answers_401_after_the_session_ended(alice):
    token = alice.csrf_token("/dashboard")
    alice.logout()
    response = alice.client.post("/dashboard/preview", headers={"X-CSRFToken": token},
                                 data={"body": "x", "format": "markdown"})
    assert response.status_code == 401


HOSTILE = 'Hello <iframe src="https://example.org/"></iframe> <a href="#" onclick="x()">there</a>'


def test_the_preview_endpoint_says_what_the_sanitizer_removed(alice):
    token = alice.csrf_token("/dashboard")
    response = alice.client.post("/dashboard/preview", headers={"X-CSRFToken": token},
                                 data={"body": HOSTILE, "format": "markdown"})
    removed = response.get_json()["removed"]
    assert any("<iframe>" in part for part in removed)
    assert any("onclick" in part for part in removed)


def test_the_preview_button_says_what_the_sanitizer_removed(alice):
    response = alice.client.post("/dashboard", data={
        "csrf_token": alice.csrf_token("/dashboard"), "title": "Peek", "body": HOSTILE,
        "format": "markdown", "action": "preview"})
    note = response.text.split('id="preview-removed"')[1].split("</p>")[0]
    assert "&lt;iframe&gt;" in note and "onclick" in note


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_markdown_code_keeps_every_character_and_is_highlighted(app, alice):
    body = '```cpp\nstd::vector<int> v; if (a < b && c > d) {}\n```\n'
    slug = slug_from(alice.publish("Code", body))
    page = app.test_client().get(f"/{slug}").text
    # On the page every code block takes keyboard focus (blog/content/display.py).
    assert '<pre tabindex="0" class="highlight"><code class="language-cpp">' in page
    code = page.split('<code class="language-cpp">')[1].split("</code>")[0]
    assert html_text(code) == "std::vector<int> v; if (a < b && c > d) {}\n"


def test_the_code_stylesheet_is_on_every_page(app):
    head = app.test_client().get("/").text.split("</head>")[0]
    assert re.search(r'<link rel="stylesheet" href="/static/css/code\.[0-9a-f]+\.css">', head) \
        or 'href="/static/css/code.css"' in head
