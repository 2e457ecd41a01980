"""Posts: the index, post pages, the dashboard, and writing, editing and deleting."""

from __future__ import annotations

from datetime import datetime

import pytest

from blog.extensions import db
from blog.models import Post
from tests.helpers import seed_posts
from tests.helpers import slug_from
from tests.html_elements import elements_by_id


def test_creating_a_post_redirects_to_it_with_a_message(auth, client):
    auth.login("alice")
    response = auth.write_post(title="Hello world")
    assert response.status_code == 302
    assert response.headers["Location"] == "/hello-world"
    page = client.get("/hello-world")
    assert "Published" in page.text
    assert "<h1>Hello world</h1>" in page.text
    assert "First words." in page.text
    assert "Alice" in page.text


def test_the_index_lists_posts_newest_first_with_author_date_and_excerpt(auth, client):
    auth.login("alice")
    auth.write_post(title="Older", body="<p>The <em>older</em> one.</p>")
    auth.write_post(title="Newer", body="<p>The newer one.</p>")
    page = client.get("/").text
    assert page.index("Newer") < page.index("Older")
    assert "The older one." in page
    assert "<em>" not in page.split("Latest posts")[1]
    assert "Alice" in page
    assert datetime.now().strftime("%Y") in page


def test_the_index_paginates_ten_posts_a_page(app, client):
    seed_posts(app, 25)
    first = client.get("/").text
    assert first.count('class="post-card"') == 10
    assert "Post 25" in first and "Post 16" in first and "Post 15" not in first
    assert 'href="/?page=2"' in first
    last = client.get("/?page=3").text
    assert last.count('class="post-card"') == 5
    assert "Post 5" in last and "Post 1<" in last
    assert "?page=4" not in last


@pytest.mark.parametrize("page", ["4", "0", "-1", "999999"])
def test_pages_past_the_end_are_not_found(app, client, page):
    seed_posts(app, 25)
    assert client.get(f"/?page={page}").status_code == 404


def test_the_page_size_is_configurable(make_app):
    app = make_app(POSTS_PER_PAGE=3)
    seed_posts(app, 7)
    assert app.test_client().get("/").text.count('class="post-card"') == 3


def test_an_empty_blog_says_so(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "No posts yet" in page.text


def test_the_dashboard_lists_only_the_authors_own_posts(auth, make_author, client):
    auth.login("alice")
    bob = make_author("bob")
    auth.write_post(title="Alice writes")
    bob.write_post(title="Bob writes")
    page = client.get("/dashboard").text
    assert "Alice writes" in page
    assert "Bob writes" not in page
    assert 'href="/alice-writes/edit"' in page
    assert 'href="/alice-writes/delete"' in page


def test_an_invalid_post_is_shown_again_with_what_was_typed(auth, client, app):
    auth.login("alice")
    response = auth.write_post(title="", body="<p>Do not lose me</p>")
    assert response.status_code == 400
    assert "Give the post a title." in response.text
    assert "&lt;p&gt;Do not lose me&lt;/p&gt;" in response.text
    with app.app_context():
        assert db.session.execute(db.select(Post)).first() is None


def test_a_body_over_the_limit_is_refused_with_the_text_kept(auth, make_app, make_auth):
    app = make_app(BODY_MAX_BYTES=1024)
    actions = make_auth(app)
    actions.login("alice")
    body = "<p>" + "x" * 2000 + "</p>"
    response = actions.write_post(title="Long", body=body)
    assert response.status_code == 400
    assert "may be at most 1 KB" in response.text
    assert "x" * 2000 in response.text


def test_a_body_over_the_limit_gets_one_refusal_not_also_the_stored_bounds(make_app, make_auth):
    # A body already too long is not sanitized only to find more to say about it.
    actions = make_auth(make_app(BODY_MAX_BYTES=1024))
    actions.login("alice")
    response = actions.write_post(title="Long", body=">" * 1100)
    assert response.status_code == 400
    # Counted at the field: the error summary repeats each message once, as a link to it.
    assert elements_by_id(response.text)["body-errors"].text.count("may be at most") == 1


def test_a_request_far_over_the_limit_gets_the_413_page(auth, make_app, make_auth):
    app = make_app(BODY_MAX_BYTES=1024)
    actions = make_auth(app)
    actions.login("alice")
    response = actions.write_post(title="Huge", body="y" * 50_000)
    assert response.status_code == 413
    assert "larger than the blog accepts" in response.text


def test_titles_are_plain_text_everywhere(auth, client):
    auth.login("alice")
    slug = slug_from(auth.write_post(title="<script>alert(1)</script> & co"))
    for path in ["/", f"/{slug}", "/dashboard", f"/{slug}/edit", f"/{slug}/delete"]:
        page = client.get(path).text
        assert "<script>alert(1)</script>" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page, path


def test_bodies_are_sanitized_when_saved(auth, client, app):
    auth.login("alice")
    slug = slug_from(auth.write_post(body='<p onclick="x()">Hi <script>bad()</script>'
                                      '<a href="javascript:alert(1)">link</a></p>'))
    with app.app_context():
        stored = db.session.execute(db.select(Post.body)).scalar_one()
    assert "onclick" not in stored and "<script" not in stored and "javascript:" not in stored
    page = client.get(f"/{slug}").text
    assert "<script>bad()" not in page


def test_editing_changes_title_and_body_but_not_the_address(auth, client, app):
    auth.login("alice")
    slug = slug_from(auth.write_post(title="First title"))
    token = auth.csrf_token(f"/{slug}/edit")
    response = client.post(f"/{slug}/edit", data={"csrf_token": token, "title": "Second title",
                                                  "body": "<p>New body</p>"})
    assert response.headers["Location"] == f"/{slug}"
    page = client.get(f"/{slug}").text
    assert "Second title" in page and "New body" in page


def test_the_edit_form_is_filled_with_the_post(auth, client):
    auth.login("alice")
    slug = slug_from(auth.write_post(title="Fill me", body="<p>Filled</p>"))
    page = client.get(f"/{slug}/edit").text
    assert 'value="Fill me"' in page
    assert "&lt;p&gt;Filled&lt;/p&gt;" in page


def test_deleting_asks_for_confirmation_first(auth, client, app):
    auth.login("alice")
    slug = slug_from(auth.write_post())
    page = client.get(f"/{slug}/delete")
    assert page.status_code == 200
    assert "Delete post" in page.text
    with app.app_context():
        assert db.session.execute(db.select(Post)).first() is not None


def test_confirming_deletes_the_post(auth, client):
    auth.login("alice")
    slug = slug_from(auth.write_post())
    token = auth.csrf_token(f"/{slug}/delete")
    response = client.post(f"/{slug}/delete", data={"csrf_token": token})
    assert response.headers["Location"] == "/dashboard"
    assert client.get(f"/{slug}").status_code == 404


# The ownership matrix: who may do what to Alice's post.
ACTIONS = {
    "view": ("GET", "/{slug}", {}),
    "edit form": ("GET", "/{slug}/edit", {}),
    "edit": ("POST", "/{slug}/edit", {"title": "Changed", "body": "<p>Changed</p>"}),
    "delete form": ("GET", "/{slug}/delete", {}),
    "delete": ("POST", "/{slug}/delete", {}),
}
EXPECTED = {
    ("owner", "view"): 200, ("owner", "edit form"): 200, ("owner", "edit"): 302,
    ("owner", "delete form"): 200, ("owner", "delete"): 302,
    ("other author", "view"): 200, ("other author", "edit form"): 403,
    ("other author", "edit"): 403, ("other author", "delete form"): 403,
    ("other author", "delete"): 403,
    ("anonymous", "view"): 200, ("anonymous", "edit form"): 302, ("anonymous", "edit"): 302,
    ("anonymous", "delete form"): 302, ("anonymous", "delete"): 302,
}


@pytest.mark.parametrize("who, action", EXPECTED.keys(), ids=[f"{w}-{a}" for w, a in EXPECTED])
def test_ownership(auth, make_author, app, who, action):
    auth.login("alice")
    slug = slug_from(auth.write_post(title="Alices post", body="<p>Original</p>"))
    if who == "owner":
        actor, token = auth.client, auth.csrf_token()
    elif who == "other author":
        bob = make_author("bob")
        actor, token = bob.client, bob.csrf_token()
    else:
        actor, token = app.test_client(), None
    method, path, data = ACTIONS[action]
    path = path.format(slug=slug)
    if token:
        data = {**data, "csrf_token": token}
    response = actor.open(path, method=method, data=data)
    assert response.status_code == EXPECTED[(who, action)]
    if who == "anonymous" and response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
    if who == "other author" and response.status_code == 403:
        assert "your role on this blog" in response.text
    with app.app_context():
        post = db.session.execute(db.select(Post)).scalar_one_or_none()
    if who == "owner" and action in ("edit", "delete"):
        assert post is None or post.title == "Changed"
    else:
        assert post.title == "Alices post" and post.body == "<p>Original</p>"


@pytest.mark.parametrize("path, data", [
    ("/dashboard", {"title": "No token", "body": "<p>x</p>"}),
    ("/{slug}/edit", {"title": "No token", "body": "<p>x</p>"}),
    ("/{slug}/delete", {}),
    ("/logout", {}),
])
def test_every_post_without_a_csrf_token_is_refused(auth, client, app, path, data):
    auth.login("alice")
    slug = slug_from(auth.write_post(title="Protected"))
    response = client.post(path.format(slug=slug), data=data)
    assert response.status_code == 400
    assert "did not come from this site" in response.text
    with app.app_context():
        titles = list(db.session.execute(db.select(Post.title)).scalars())
    assert titles == ["Protected"]
    assert client.get("/dashboard").status_code == 200


def test_a_csrf_token_from_another_session_is_refused(auth, make_author, client, app):
    auth.login("alice")
    bob = make_author("bob")
    foreign_token = bob.csrf_token("/dashboard")
    response = client.post("/dashboard", data={"csrf_token": foreign_token, "title": "x",
                                               "body": "<p>x</p>"})
    assert response.status_code == 400
