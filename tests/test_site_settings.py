"""Site settings: the environment's first values, the admins' page, and readers seeing a save at
once through the page cache, the ETags and the feeds, on every worker."""

from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import AuditEntry
from blog.models import Post
from blog.site.store import MAX_LINKS
from tests.helpers import ROLE_GROUP
from tests.helpers import ROLE_GROUPS
from tests.helpers import AuthActions
from tests.helpers import seed_posts
from tests.html_forms import csrf_token_in

PAGE = "/dashboard/site"


@pytest.fixture
def admin(make_member):
    """Ada's browser, logged in as an admin."""
    return make_member("ada", "admin")


def settings_form(**fields) -> dict:
    """A complete form: the given fields over a plain title and no links."""
    data = {"title": "Launch Notes", "description": "", "about": ""}
    for index in range(MAX_LINKS):
        data[f"links-{index}-text"] = ""
        data[f"links-{index}-url"] = ""
    data.update(fields)
    return data


def save(browser, **fields):
    """POST the settings form with the CSRF token of the settings page."""
    token = csrf_token_in(browser.client.get(PAGE).text)
    return browser.client.post(PAGE, data={"csrf_token": token, **settings_form(**fields)})


def test_the_environment_gives_the_first_values(make_app):
    app = make_app(BLOG_TITLE="Harbour Log", BLOG_DESCRIPTION="Ships in and out.",
                   BLOG_ABOUT="kept by the harbour master")
    reader = app.test_client()
    page = reader.get("/").text
    assert "<title>Harbour Log</title>" in page
    assert '<meta name="description" content="Ships in and out.">' in page
    assert "Harbour Log · kept by the harbour master</p>" in page
    assert 'aria-label="Site"' not in page  # no navigation until an admin adds some
    feed = reader.get("/feed.atom").text
    assert "<title>Harbour Log</title>" in feed and "Ships in and out." in feed


def test_the_form_starts_from_the_environment(editorial_app, admin):
    page = admin.client.get(PAGE)
    assert page.status_code == 200
    assert 'name="title"' in page.text and 'value="The Blog"' in page.text
    assert 'value="written by its authors"' in page.text


def test_the_dashboard_links_admins_to_the_settings(editorial_app, admin, make_member):
    assert f'href="{PAGE}"' in admin.client.get("/dashboard").text
    editor = make_member("carol", "editor")
    assert f'href="{PAGE}"' not in editor.client.get("/dashboard").text


def test_a_save_shows_at_once_through_the_page_cache_and_feed(editorial_app, admin):
    reader = editorial_app.test_client()
    first = reader.get("/")
    assert reader.get("/").headers["ETag"] == first.headers["ETag"]  # cached by now
    reader.get("/feed.atom")
    response = save(admin, title="Launch Notes", description="From the pad.",
                    about="Tom & Jerry <b>", **{"links-0-text": "About <us>",
                                                "links-0-url": "/about",
                                                "links-1-text": "Source",
                                                "links-1-url": "https://example.com/src?a=1&b=2"})
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    again = reader.get("/")
    assert again.headers["ETag"] != first.headers["ETag"]
    assert "<title>Launch Notes</title>" in again.text
    assert '<meta name="description" content="From the pad.">' in again.text
    assert "Launch Notes · Tom &amp; Jerry &lt;b&gt;</p>" in again.text
    assert '<a href="/about">About &lt;us&gt;</a>' in again.text
    assert '<a href="https://example.com/src?a=1&amp;b=2">Source</a>' in again.text
    assert reader.get("/", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
    feed = reader.get("/feed.atom").text
    assert "<title>Launch Notes</title>" in feed and "From the pad." in feed
    # The admin's own (logged-in) pages and the form show the saved values too.
    form = admin.client.get(PAGE).text
    assert "<title>Site settings · Launch Notes</title>" in form
    assert 'value="/about"' in form and 'value="About &lt;us&gt;"' in form


def test_a_save_on_one_worker_shows_at_once_on_another(editorial_app, make_app, admin):
    other = make_app(ROLE_GROUPS=ROLE_GROUPS)
    reader = other.test_client()
    assert "<title>The Blog</title>" in reader.get("/").text
    assert "<title>The Blog</title>" in reader.get("/").text  # from the other's page cache
    assert save(admin, title="Second Wind").status_code == 302
    assert "<title>Second Wind</title>" in reader.get("/").text
    assert "<title>Second Wind</title>" in reader.get("/feed.atom").text


def test_link_previews_and_json_ld_name_the_saved_title(editorial_app, admin):
    seed_posts(editorial_app, 1)
    with editorial_app.app_context():
        slug = db.session.execute(db.select(Post.slug)).scalar_one()
    reader = editorial_app.test_client()
    assert '"name": "The Blog"' in reader.get(f"/{slug}").text
    save(admin, title="Renamed Site")
    post_page = reader.get(f"/{slug}").text
    assert '<meta property="og:site_name" content="Renamed Site">' in post_page
    assert '"name": "Renamed Site"' in post_page
    assert '<meta property="og:site_name" content="Renamed Site">' in reader.get("/").text


def test_logged_in_pages_on_another_worker_show_a_save_at_once(editorial_app, make_app,
                                                                admin, make_auth,
                                                                record_queries):
    other = make_app(ROLE_GROUPS=ROLE_GROUPS)
    alice = make_auth(other)
    alice.login("alice")
    assert "<title>Dashboard · The Blog</title>" in alice.client.get("/dashboard").text
    save(admin, title="Seen Everywhere")
    # The login session's statement carries the revision: the row is read once, then never.
    with record_queries(other) as first:
        assert "· Seen Everywhere</title>" in alice.client.get("/dashboard").text
    with record_queries(other) as second:
        assert "· Seen Everywhere</title>" in alice.client.get("/dashboard").text
    assert len(first) == len(second) + 1


def test_the_save_is_audited(editorial_app, admin):
    save(admin, title="Audited Title")
    with editorial_app.app_context():
        entry = db.session.execute(db.select(AuditEntry)).scalar_one()
        assert (entry.action, entry.actor_name, entry.subject) == ("site", "Ada",
                                                                   "Audited Title")
    assert "changed the site settings" in admin.client.get("/audit").text


@pytest.mark.parametrize("role", ["editor", "author", "contributor"])
def test_only_admins_may_see_or_save_the_settings(editorial_app, make_member, role):
    member = make_member("carol", role)
    assert member.client.get(PAGE).status_code == 403
    token = csrf_token_in(member.client.get("/dashboard").text)
    response = member.client.post(PAGE, data={"csrf_token": token, **settings_form()})
    assert response.status_code == 403
    assert "<title>The Blog</title>" in editorial_app.test_client().get("/").text


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_save_without_the_csrf_token_is_refused(editorial_app, admin):
    response = admin.client.post(PAGE, data=settings_form(title="Forged"))
    assert response.status_code == 400
    assert "Forged" not in editorial_app.test_client().get("/").text


REFUSED_URLS = {
    "javascript": "javascript:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "protocol-relative": "//evil.example/x",
    "backslash": "/\\evil.example",
    "space inside": "/about us",
    "leading space": " /about",
    "other scheme": "ftp://example.com/file",
    "no host": "https://",
    "bare word": "about",
    "over-long": "/" + "a" * 300,
}


@pytest.mark.parametrize("url", REFUSED_URLS.values(), ids=REFUSED_URLS.keys())
def test_unsafe_navigation_addresses_are_refused_with_the_text_kept(editorial_app, admin, url):
    response = save(admin, title="Kept Title", **{"links-0-text": "Home",
                                                  "links-0-url": url})
    assert response.status_code == 400
    assert 'value="Kept Title"' in response.text and 'value="Home"' in response.text
    escaped = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f'value="{escaped}"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert "<title>The Blog</title>" in editorial_app.test_client().get("/").text


@pytest.mark.parametrize("fields", [
    {"title": ""},
    {"title": "t" * 101},
    {"about": "a" * 201},
    {"links-0-text": "", "links-0-url": "/about"},
    {"links-0-text": "l" * 41, "links-0-url": "/about"},
    {"links-0-text": "About", "links-0-url": ""},
], ids=["no title", "long title", "long footer line", "no label", "long label", "no address"])
def test_other_bounds_are_refused(editorial_app, admin, fields):
    assert save(admin, **fields).status_code == 400
    with editorial_app.app_context():
        assert db.session.execute(db.select(AuditEntry)).first() is None


@pytest.mark.parametrize("url", ["/about", "/tags/space?x=1#top", "https://example.com",
                                 "http://example.com:8080/a/b"])
def test_safe_addresses_are_kept(editorial_app, admin, url):
    assert save(admin, **{"links-0-text": "Go", "links-0-url": url}).status_code == 302
    page = editorial_app.test_client().get("/").text
    assert f'<a href="{url}">Go</a>' in page


def test_more_links_than_the_form_holds_are_not_taken(editorial_app, admin):
    links = {f"links-{n}-text": f"L{n}" for n in range(MAX_LINKS + 2)}
    links.update({f"links-{n}-url": f"/p{n}" for n in range(MAX_LINKS + 2)})
    save(admin, **links)
    page = editorial_app.test_client().get("/").text
    assert f'href="/p{MAX_LINKS - 1}"' in page and f'href="/p{MAX_LINKS}"' not in page


def test_statement_counts_after_a_save(editorial_app, make_app, admin, record_queries):
    save(admin, title="Counted")
    # The worker that saved knows the new settings: the version, then the page.
    uncached = make_app(ROLE_GROUPS=ROLE_GROUPS, PAGE_CACHE_MAX_ENTRIES=0)
    reader = uncached.test_client()
    with record_queries(uncached) as first:
        assert "Counted" in reader.get("/").text
    with record_queries(uncached) as second:
        assert "Counted" in reader.get("/").text
    # Another worker reads the row once (the first page after the save), then never again.
    assert (len(first), len(second)) == (3, 2)
    cached = editorial_app.test_client()
    cached.get("/")
    with record_queries(editorial_app) as statements:
        assert "Counted" in cached.get("/").text
    assert len(statements) == 1


def test_the_navigation_marks_the_link_to_the_page_being_read(editorial_app, admin):
    seed_posts(editorial_app, 1)
    slug = "post-1"
    save(admin, **{"links-0-text": "First", "links-0-url": f"/{slug}",
                   "links-1-text": "Home", "links-1-url": "/"})
    reader = editorial_app.test_client()
    post_page = reader.get(f"/{slug}").text
    assert f'<a href="/{slug}" aria-current="page">First</a>' in post_page
    assert '<a href="/">Home</a>' in post_page
    home = reader.get("/").text
    assert '<a href="/" aria-current="page">Home</a>' in home
    assert f'<a href="/{slug}">First</a>' in home


def test_the_form_shows_the_public_address_the_operator_set(make_app, provider, provider_groups):
    app = make_app(PUBLIC_URL="https://notes.example.org", ROLE_GROUPS=ROLE_GROUPS)
    provider_groups["ada"] = (ROLE_GROUP["admin"],)
    ada = AuthActions(app.test_client(), provider)
    ada.login("ada")
    form = ada.client.get(PAGE).text
    assert "<code>https://notes.example.org/</code>, set by the operator" in form
