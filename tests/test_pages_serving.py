"""Pages at /<slug>: published ones to everyone, drafts to the editors alone; shown at once
through the page cache; in the one address space posts share, neither ever taking the other's
address; not in the post index, feeds, search, tag or author pages."""

from __future__ import annotations

import pytest

from blog.caching.version import read_content_version
from blog.extensions import db
from blog.pages.model import PageRedirect
from tests.helpers import BUDGET
from tests.helpers import PUBLIC_CACHE_CONTROL
from tests.helpers import slug_from
from tests.helpers import statements_for
from tests.html_forms import csrf_token_in
from tests.page_helpers import edit_page
from tests.page_helpers import make_page
from tests.page_helpers import move_page
from tests.page_helpers import stored_page
from tests.page_helpers import stored_page_slug
from tests.page_helpers import write_page


def test_a_published_page_is_at_its_address_for_readers(editorial_app):
    make_page(editorial_app, "Code of Conduct", "Be *kind*.")
    page = editorial_app.test_client().get("/code-of-conduct")
    assert page.status_code == 200
    assert "<title>Code of Conduct · " in page.text
    assert "<h1>Code of Conduct</h1>" in page.text and "Be <em>kind</em>." in page.text
    assert '<link rel="canonical" href="http://localhost/code-of-conduct">' in page.text
    assert '<meta property="og:title" content="Code of Conduct">' in page.text


def test_a_page_has_no_byline_tags_nor_feed_links(editorial_app):
    make_page(editorial_app, "About")
    page = editorial_app.test_client().get("/about").text
    assert 'class="byline"' not in page and 'class="post-tags"' not in page
    assert "application/atom+xml" not in page and "Page Editor" not in page


@pytest.mark.parametrize("role", [None, "contributor", "author"])
def test_a_draft_page_is_not_found_for_readers_and_writers(editorial_app, make_member, role):
    make_page(editorial_app, "Secret policy", publish=False)
    client = (make_member("bob", role).client if role is not None
              else editorial_app.test_client())
    assert client.get("/secret-policy").status_code == 404


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_see_a_draft_page_marked_as_a_draft_never_cached(editorial_app, make_member,
                                                                 role):
    make_page(editorial_app, "Secret policy", publish=False)
    response = make_member("carol", role).client.get("/secret-policy")
    assert response.status_code == 200
    assert "Draft: only the editors can see this page." in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers


def test_a_readers_page_carries_an_etag_and_is_shared(editorial_app):
    make_page(editorial_app, "About")
    response = editorial_app.test_client().get("/about")
    assert response.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL and response.headers["ETag"]


def test_a_publish_shows_at_once_through_the_page_cache(editorial_app, make_member):
    reader = editorial_app.test_client()
    editor = make_member("carol", "editor")
    write_page(editor, "About", "First.", action="draft")
    assert reader.get("/about").status_code == 404
    assert reader.get("/").status_code == 200  # a page rendered and cached at this version
    page_id = stored_page(editorial_app, "about").id
    edit_page(editor, page_id, "About", "First.", action="publish")
    assert "First." in reader.get("/about").text


def test_a_change_shows_at_once_and_the_old_etag_no_longer_matches(editorial_app,
                                                                    make_member):
    page_id = make_page(editorial_app, "About", "Old words.")
    reader = editorial_app.test_client()
    first = reader.get("/about")
    assert "Old words." in first.text
    edit_page(make_member("carol", "editor"), page_id, "About", "New words.")
    again = reader.get("/about", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "New words." in again.text


@pytest.mark.parametrize("how", ["unpublish", "delete"])
def test_an_unpublished_or_deleted_page_is_gone_at_once(editorial_app, make_member, how):
    page_id = make_page(editorial_app, "About", "Words.")
    reader = editorial_app.test_client()
    assert reader.get("/about").status_code == 200
    editor = make_member("carol", "editor")
    if how == "unpublish":
        edit_page(editor, page_id, "About", "Words.", action="draft")
    else:
        token = csrf_token_in(editor.client.get(f"/dashboard/pages/{page_id}/delete").text)
        editor.client.post(f"/dashboard/pages/{page_id}/delete", data={"csrf_token": token})
    assert reader.get("/about").status_code == 404


def test_a_published_page_that_moves_answers_at_its_old_address_with_a_301(editorial_app,
                                                                           make_member):
    page_id = make_page(editorial_app, "About")
    edit_page(make_member("carol", "editor"), page_id, "About", "Words.", slug="about-us")
    reader = editorial_app.test_client()
    response = reader.get("/about")
    assert response.status_code == 301 and response.headers["Location"] == "/about-us"
    assert reader.get("/about-us").status_code == 200


def test_a_draft_page_that_moves_leaves_no_redirect(editorial_app, make_member):
    page_id = make_page(editorial_app, "About", publish=False)
    edit_page(make_member("carol", "editor"), page_id, "About", "Words.", action="draft",
              slug="about-us")
    with editorial_app.app_context():
        assert db.session.execute(db.select(PageRedirect)).first() is None


def test_a_page_may_take_back_its_own_earlier_address(editorial_app, make_member):
    page_id = make_page(editorial_app, "About")
    editor = make_member("carol", "editor")
    edit_page(editor, page_id, "About", "Words.", slug="about-us")
    assert edit_page(editor, page_id, "About", "Words.", slug="about").status_code == 302
    reader = editorial_app.test_client()
    assert reader.get("/about").status_code == 200
    assert reader.get("/about-us").headers["Location"] == "/about"


# --- One address space: what a page may not take, and what a post may not take.

def _published_post(member, title: str) -> str:
    return slug_from(member.publish(title, "Words."))


def _moved_post(member, title: str) -> str:
    # A published post that moved away: its old address redirects to it.
    slug = _published_post(member, title)
    member.edit(slug, title, "Words.", slug=f"{slug}-moved")
    return slug


def _moved_page(app, title: str) -> str:
    # A published page that moved away: its old address (returned) redirects to it.
    page_id = make_page(app, title)
    slug = stored_page_slug(app, page_id)
    move_page(app, page_id, f"{slug}-moved")
    return slug


PAGE_REFUSALS = {
    "a post's address": (lambda app, member: _published_post(member, "Taken"),
                         "A post has the address"),
    "a post's earlier address": (lambda app, member: _moved_post(member, "Taken"),
                                 "A post has the address"),
    "a route": (lambda app, member: "search", "one of the blog’s own addresses"),
    "another page's address": (lambda app, member: make_page(app, "Taken") and "taken",
                               "Another page has the address"),
    "another page's earlier address": (lambda app, member: _moved_page(app, "Taken"),
                                       "Another page has the address"),
}


@pytest.mark.parametrize("taken_by", PAGE_REFUSALS)
def test_a_page_may_not_take_an_address_in_use(editorial_app, make_member, taken_by):
    make_taken, message = PAGE_REFUSALS[taken_by]
    author = make_member("bob", "author")
    slug = make_taken(editorial_app, author)
    response = write_page(make_member("carol", "editor"), "Mine", "My words.", slug=slug)
    assert response.status_code == 400
    assert message in response.text and "My words." in response.text
    assert stored_page(editorial_app, "mine") is None


@pytest.mark.parametrize("taken_by", ["a page's address", "a page's earlier address"])
def test_a_post_may_not_choose_a_pages_address(editorial_app, make_member, taken_by):
    slug = (make_page(editorial_app, "About") and "about" if taken_by == "a page's address"
            else _moved_page(editorial_app, "About"))
    author = make_member("bob", "author")
    response = author.publish("My post", "My words.", slug=slug)
    assert response.status_code == 400
    assert f"A page of the site has the address “{slug}”" in response.text
    assert "My words." in response.text


@pytest.mark.parametrize("taken_by", ["a page's address", "a page's earlier address"])
def test_a_post_titled_like_a_page_gets_the_next_free_address(editorial_app, make_member,
                                                              taken_by):
    if taken_by == "a page's address":
        make_page(editorial_app, "About")
    else:
        _moved_page(editorial_app, "About")
    author = make_member("bob", "author")
    assert slug_from(author.publish("About", "My words.")) == "about-2"


def test_a_page_titled_like_a_post_gets_the_next_free_address(editorial_app, make_member):
    _published_post(make_member("bob", "author"), "About")
    response = write_page(make_member("carol", "editor"), "About", "Words.")
    assert response.headers["Location"] == "/about-2"


# --- Pages are not posts: not listed where posts are.

NOT_LISTED = ["/", "/feed.atom", "/authors/bob", "/authors/bob/feed.atom", "/tags",
              "/tags/news", "/tags/news/feed.atom", "/search?q=conduct", "/search?q=zebras",
              "/api/v1/posts", "/api/v1/tags", "/api/v1/authors"]


@pytest.mark.parametrize("path", NOT_LISTED)
def test_a_published_page_is_not_where_posts_are_listed(editorial_app, make_member, path):
    make_member("bob", "author").publish("Open letter", "Words.", tags="News")
    make_page(editorial_app, "Code of Conduct", "No zebras allowed.")
    response = editorial_app.test_client().get(path)
    assert response.status_code == 200
    assert "Code of Conduct" not in response.text and "code-of-conduct" not in response.text


# --- Drafts leak nowhere.

PUBLIC_SURFACES = [*NOT_LISTED, "/?page=1", "/sitemap.xml", "/sitemap-pages.xml",
                   "/search?q=secret", "/api/v1/pages", "/api/v1/site"]


@pytest.mark.parametrize("path", PUBLIC_SURFACES)
def test_a_draft_page_is_on_no_public_surface(editorial_app, make_member, path):
    make_member("bob", "author").publish("Open letter", "Words.", tags="News")
    make_page(editorial_app, "Secret policy", "About zebras and conduct.", publish=False)
    response = editorial_app.test_client().get(path)
    assert response.status_code == 200
    assert "Secret policy" not in response.text and "secret-policy" not in response.text


def test_a_page_at_its_address_keeps_to_the_query_budget(make_app, record_queries):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=0)
    make_page(app, "About")
    client = app.test_client()
    # The public version, the post lookup (none), the page.
    assert statements_for(client, app, record_queries, "/about") <= BUDGET
    etag = client.get("/about").headers["ETag"]
    assert statements_for(client, app, record_queries, "/about",
                          headers={"If-None-Match": etag}) <= BUDGET


def test_a_page_costs_three_statements_and_a_missing_address_three(make_app, record_queries):
    app = make_app(PAGE_CACHE_MAX_ENTRIES=0)
    make_page(app, "About")
    client = app.test_client()
    assert statements_for(client, app, record_queries, "/about") == 3
    with record_queries(app) as statements:
        assert client.get("/nowhere").status_code == 404
    # The version, then a post, then the page with whether a post or a page was once there.
    assert len(statements) == 3


def _content_version(app) -> int:
    with app.app_context():
        return read_content_version(db.session.connection())


def test_a_draft_pages_saves_leave_readers_caches_alone(editorial_app, make_member):
    editor = make_member("carol", "editor")
    write_page(editor, "Soon", "Words.", action="draft")
    before = _content_version(editorial_app)
    page_id = stored_page(editorial_app, "soon").id
    edit_page(editor, page_id, "Soon", "More words.", action="draft")
    assert _content_version(editorial_app) == before
    edit_page(editor, page_id, "Soon", "More words.", action="publish")
    assert _content_version(editorial_app) > before
