"""Text posted after the login ended is kept, and given back in the form after logging in again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from blog.extensions import db
from blog.models import KeptDraft
from blog.models import LoginSession
from blog.models import Post
from blog.models import utcnow
from blog.posts.kept import KEPT_DRAFTS_MAX
from tests.helpers import BLOG_ORIGIN
from tests.helpers import slug_from

TEXT = {"title": "Kept title", "body": "<p>Kept body, typed for an hour.</p>"}
# What the form shows for TEXT (the body is escaped inside the textarea).
SHOWN = ['value="Kept title"', "&lt;p&gt;Kept body, typed for an hour.&lt;/p&gt;"]
KEPT_MESSAGE = "It was kept: here it is again."
SAME_ORIGIN = {"Origin": BLOG_ORIGIN}


def log_out_in_another_tab(auth) -> str:
    """Log alice in, open the dashboard's form, then log out: the form's CSRF token."""
    auth.login("alice")
    token = auth.csrf_token("/dashboard")
    auth.logout()
    return token


def post_text(auth, path: str, token: str, headers=SAME_ORIGIN, **fields):
    """Press the form's button at path with TEXT (and fields), as the browser would."""
    return auth.client.post(path, data={"csrf_token": token, **TEXT, **fields},
                            headers=headers)


def log_in_again(auth, response, username: str = "alice"):
    """Follow the refused POST's redirect through the login; the page the author lands on."""
    callback = auth.login(username, path=response.headers["Location"])
    return auth.client.get(callback.headers["Location"], follow_redirects=True)


def kept_rows(app) -> int:
    with app.app_context():
        return len(db.session.execute(db.select(KeptDraft)).all())


def write_post(auth, title: str = "Original title") -> str:
    """Publish a post as the logged-in author; its slug."""
    return slug_from(auth.write_post(title, "<p>Original body.</p>"))


def test_publishing_after_logout_sends_the_author_to_log_in(auth):
    token = log_out_in_another_tab(auth)
    response = post_text(auth, "/dashboard", token)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_text_published_after_logout_is_back_in_the_form_after_login(auth):
    token = log_out_in_another_tab(auth)
    page = log_in_again(auth, post_text(auth, "/dashboard", token))
    assert page.request.path == "/dashboard"
    assert all(shown in page.text for shown in SHOWN)


def test_the_author_is_told_that_their_text_was_kept(auth):
    token = log_out_in_another_tab(auth)
    page = log_in_again(auth, post_text(auth, "/dashboard", token))
    assert KEPT_MESSAGE in page.text
    assert "Publish" in page.text.split(KEPT_MESSAGE)[1][:40]


def test_kept_text_is_not_published_until_the_author_presses_publish(auth, app):
    token = log_out_in_another_tab(auth)
    log_in_again(auth, post_text(auth, "/dashboard", token))
    with app.app_context():
        assert db.session.execute(db.select(Post)).first() is None


def test_the_kept_copy_is_deleted_once_given_back(auth, app):
    token = log_out_in_another_tab(auth)
    log_in_again(auth, post_text(auth, "/dashboard", token))
    assert kept_rows(app) == 0
    assert "Kept title" not in auth.client.get("/dashboard").text


def test_text_posted_after_the_session_expired_is_kept_too(auth, app):
    auth.login("alice")
    token = auth.csrf_token("/dashboard")
    with app.app_context():
        for login in db.session.execute(db.select(LoginSession)).scalars():
            login.expires_at -= timedelta(days=365)
        db.session.commit()
    page = log_in_again(auth, post_text(auth, "/dashboard", token))
    assert all(shown in page.text for shown in SHOWN)


def test_an_edit_saved_after_logout_is_back_in_its_edit_form(auth):
    auth.login("alice")
    slug = write_post(auth)
    token = auth.csrf_token(f"/{slug}/edit")
    auth.logout()
    page = log_in_again(auth, post_text(auth, f"/{slug}/edit", token))
    assert page.request.path == f"/{slug}/edit"
    assert all(shown in page.text for shown in SHOWN)
    assert "Update" in page.text.split(KEPT_MESSAGE)[1][:40]


def test_a_kept_edit_is_not_saved_until_the_author_presses_save(auth, app):
    auth.login("alice")
    slug = write_post(auth)
    token = auth.csrf_token(f"/{slug}/edit")
    auth.logout()
    log_in_again(auth, post_text(auth, f"/{slug}/edit", token))
    with app.app_context():
        assert db.session.execute(db.select(Post.title)).scalar_one() == "Original title"


def test_a_kept_edit_of_someone_elses_post_goes_to_a_new_post_form(auth, app):
    auth.login("alice")
    slug = write_post(auth)
    token = auth.csrf_token(f"/{slug}/edit")
    auth.logout()
    page = log_in_again(auth, post_text(auth, f"/{slug}/edit", token), username="bob")
    assert page.request.path == "/dashboard"
    assert all(shown in page.text for shown in SHOWN)
    with app.app_context():
        assert db.session.execute(db.select(Post.title)).scalar_one() == "Original title"


def test_a_kept_edit_of_a_post_deleted_since_goes_to_a_new_post_form(auth, app):
    auth.login("alice")
    slug = write_post(auth)
    token = auth.csrf_token(f"/{slug}/edit")
    auth.logout()
    response = post_text(auth, f"/{slug}/edit", token)
    with app.app_context():
        db.session.execute(db.delete(Post))
        db.session.commit()
    page = log_in_again(auth, response)
    assert page.request.path == "/dashboard"
    assert all(shown in page.text for shown in SHOWN)


@pytest.mark.parametrize(
    "headers",
    [{"Origin": BLOG_ORIGIN}, {"Sec-Fetch-Site": "same-origin"},
     {"Sec-Fetch-Site": "same-origin", "Origin": BLOG_ORIGIN},
     {"Referer": f"{BLOG_ORIGIN}/dashboard"}],
    ids=["origin", "sec-fetch-site", "both", "referer"],
)
def test_text_posted_from_the_blogs_own_page_is_kept(auth, app, headers):
    token = log_out_in_another_tab(auth)
    post_text(auth, "/dashboard", token, headers=headers)
    assert kept_rows(app) == 1


@pytest.mark.parametrize(
    "headers",
    [{}, {"Origin": "https://evil.example"}, {"Origin": "null"},
     {"Origin": "http://localhost.evil.example"},
     {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
     {"Sec-Fetch-Site": "none"},
     {"Sec-Fetch-Site": "cross-site", "Origin": BLOG_ORIGIN},
     {"Referer": "https://evil.example/dashboard"}, {"Referer": "/dashboard"}],
    ids=["nothing", "other-origin", "null-origin", "lookalike-origin", "cross-site",
         "same-site", "typed", "cross-site-with-origin", "other-referer", "relative-referer"],
)
def test_text_posted_from_another_site_is_not_kept(auth, app, headers):
    token = log_out_in_another_tab(auth)
    post_text(auth, "/dashboard", token, headers=headers)
    assert kept_rows(app) == 0


def test_text_planted_by_another_site_is_not_in_the_form_after_login(auth):
    token = log_out_in_another_tab(auth)
    response = post_text(auth, "/dashboard", token, headers={"Origin": "https://evil.example"})
    page = log_in_again(auth, response)
    assert page.request.path == "/dashboard"
    assert "Kept title" not in page.text and KEPT_MESSAGE not in page.text


def test_a_cross_site_post_changes_nothing_for_a_logged_in_author(auth, app):
    auth.login("alice")
    response = auth.client.post("/dashboard", data=TEXT,
                                headers={"Origin": "https://evil.example"})
    assert response.status_code == 400
    assert kept_rows(app) == 0


def test_a_newer_kept_text_replaces_the_older_one(auth, app):
    token = log_out_in_another_tab(auth)
    post_text(auth, "/dashboard", token, title="First try")
    response = post_text(auth, "/dashboard", token, title="Second try")
    page = log_in_again(auth, response)
    assert 'value="Second try"' in page.text and "First try" not in page.text
    assert kept_rows(app) == 0


def test_an_expired_kept_text_is_not_given_back(auth, app):
    token = log_out_in_another_tab(auth)
    response = post_text(auth, "/dashboard", token)
    with app.app_context():
        for draft in db.session.execute(db.select(KeptDraft)).scalars():
            draft.expires_at -= timedelta(days=2)
        db.session.commit()
    page = log_in_again(auth, response)
    assert "Kept title" not in page.text


def test_an_empty_form_is_not_kept(auth, app):
    token = log_out_in_another_tab(auth)
    response = post_text(auth, "/dashboard", token, title=" ", body="")
    assert kept_rows(app) == 0
    assert response.headers["Location"] == "/login?next=/dashboard"


def test_text_with_a_nul_is_kept_without_it(auth, app):
    token = log_out_in_another_tab(auth)
    response = post_text(auth, "/dashboard", token, title="Kept\x00 title")
    page = log_in_again(auth, response)
    assert 'value="Kept title"' in page.text


def test_no_more_than_the_bound_of_kept_texts_are_stored(app):
    clients = [app.test_client() for _ in range(KEPT_DRAFTS_MAX + 5)]
    for client in clients:
        client.post("/dashboard", data=TEXT, headers=SAME_ORIGIN)
    assert kept_rows(app) == KEPT_DRAFTS_MAX


def test_the_newest_kept_texts_stay_when_the_bound_is_reached(auth, app):
    for _ in range(KEPT_DRAFTS_MAX):
        app.test_client().post("/dashboard", data=TEXT, headers=SAME_ORIGIN)
    token = log_out_in_another_tab(auth)
    page = log_in_again(auth, post_text(auth, "/dashboard", token, title="Newest"))
    assert 'value="Newest"' in page.text


def test_the_purge_command_deletes_expired_kept_texts(app, runner):
    app.test_client().post("/dashboard", data=TEXT, headers=SAME_ORIGIN)
    app.test_client().post("/dashboard", data=TEXT, headers=SAME_ORIGIN)
    with app.app_context():
        draft = db.session.execute(db.select(KeptDraft)).scalars().first()
        draft.expires_at -= timedelta(days=2)
        db.session.commit()
    result = runner.invoke(args=["purge-sessions"])
    assert "Deleted 1 expired kept drafts." in result.output
    assert kept_rows(app) == 1


def test_a_delete_refused_for_lack_of_login_comes_back_to_its_confirmation(auth):
    auth.login("alice")
    slug = write_post(auth)
    token = auth.csrf_token(f"/{slug}/delete")
    auth.logout()
    response = auth.client.post(f"/{slug}/delete", data={"csrf_token": token},
                                headers=SAME_ORIGIN)
    assert response.headers["Location"] == f"/login?next=/{slug}/delete"


@pytest.mark.parametrize(("hours_later", "given_back"), [(23, True), (25, False)])
def test_kept_text_is_given_back_for_a_day(auth, mocker, hours_later, given_back):
    # The clock is the one thing outside: it is moved forward, not the stored expiry back.
    token = log_out_in_another_tab(auth)
    response = post_text(auth, "/dashboard", token)
    later = utcnow() + timedelta(hours=hours_later)
    mocker.patch("blog.posts.kept.utcnow", return_value=later)
    page = log_in_again(auth, response)
    assert ("Kept title" in page.text) == given_back


def test_the_format_and_summary_are_kept_too(auth):
    token = log_out_in_another_tab(auth)
    response = post_text(auth, "/dashboard", token, format="markdown", summary="Kept summary.",
                         action="draft")
    page = log_in_again(auth, response)
    assert "Kept summary." in page.text
    assert '<option selected value="markdown">Markdown</option>' in page.text


def test_kept_text_of_an_html_post_comes_back_as_html(auth):
    token = log_out_in_another_tab(auth)
    page = log_in_again(auth, post_text(auth, "/dashboard", token, format="html"))
    assert '<option selected value="html">HTML</option>' in page.text


def test_tags_posted_after_logout_are_back_in_the_form_after_login(auth):
    token = log_out_in_another_tab(auth)
    page = log_in_again(auth, post_text(auth, "/dashboard", token, tags="Night trains, <b>x"))
    assert 'value="Night trains, &lt;b&gt;x"' in page.text
