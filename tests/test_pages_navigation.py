"""The site's pages in the header's navigation (the admins' checkbox on the page form) and in
the sitemap."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest

from blog.extensions import db
from blog.models import AuditEntry
from blog.pages.model import Page
from blog.site.store import MAX_LINKS
from blog.site.store import NavLink
from blog.site.store import save_site
from blog.site.store import stored_site
from tests.html_forms import csrf_token_in
from tests.page_helpers import NEW_PAGE
from tests.page_helpers import edit_page
from tests.page_helpers import make_page
from tests.page_helpers import write_page
from tests.xml_schemas import assert_valid

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CHECKBOX = 'name="in_navigation"'


def navigation(app) -> list[tuple[str, str]]:
    """The stored navigation links, (label, url) in order."""
    with app.app_context():
        return [(link.label, link.url) for link in stored_site().navigation]


def set_navigation(app, *links: tuple[str, str]) -> None:
    """Store the site's navigation as an admin's settings form would."""
    with app.test_request_context():
        site = stored_site()
        save_site(replace(site, navigation=tuple(NavLink(*link) for link in links)), None)


def box_checked(html: str) -> bool:
    """Whether the form's navigation checkbox is checked."""
    return "checked" in re.search(r'<input[^>]*name="in_navigation"[^>]*>', html).group(0)


@pytest.mark.parametrize(("role", "shown"), [("editor", False), ("admin", True)])
def test_only_admins_see_the_navigation_checkbox(make_member, role, shown):
    member = make_member("carol", role)
    assert (CHECKBOX in member.client.get(NEW_PAGE).text) == shown


def test_an_admin_puts_a_page_in_the_navigation_after_the_links_there(editorial_app,
                                                                       make_member):
    set_navigation(editorial_app, ("Home", "/"), ("Elsewhere", "https://example.org/"))
    write_page(make_member("dave", "admin"), "About us", "Words.", in_navigation="y")
    assert navigation(editorial_app) == [("Home", "/"), ("Elsewhere", "https://example.org/"),
                                         ("About us", "/about-us")]


def test_the_box_is_unchecked_for_a_page_not_in_the_navigation(editorial_app, make_member):
    page_id = make_page(editorial_app, "About")
    set_navigation(editorial_app, ("Home", "/"))
    assert not box_checked(make_member("dave", "admin").client.get(
        f"/dashboard/pages/{page_id}").text)


def test_a_reader_sees_the_new_link_at_once_through_the_page_cache(editorial_app, make_member):
    reader = editorial_app.test_client()
    page_id = make_page(editorial_app, "About")
    assert 'href="/about"' not in reader.get("/").text
    edit_page(make_member("dave", "admin"), page_id, "About", "Words.", in_navigation="y")
    assert '<a href="/about">About</a>' in reader.get("/").text


def test_unchecking_the_box_takes_the_link_away_and_keeps_the_others_in_order(editorial_app,
                                                                               make_member):
    page_id = make_page(editorial_app, "About")
    set_navigation(editorial_app, ("Home", "/"), ("About", "/about"), ("Feed", "/feed.atom"))
    admin = make_member("dave", "admin")
    assert box_checked(admin.client.get(f"/dashboard/pages/{page_id}").text)
    edit_page(admin, page_id, "About", "Words.")  # the box not sent: unchecked
    assert navigation(editorial_app) == [("Home", "/"), ("Feed", "/feed.atom")]
    assert '<a href="/about">' not in editorial_app.test_client().get("/").text


def test_an_editors_save_leaves_the_navigation_alone(editorial_app, make_member):
    page_id = make_page(editorial_app, "About")
    set_navigation(editorial_app, ("About", "/about"))
    edit_page(make_member("carol", "editor"), page_id, "About", "New words.")
    assert navigation(editorial_app) == [("About", "/about")]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_page_that_moves_takes_its_link_along(editorial_app, make_member, role):
    page_id = make_page(editorial_app, "About")
    set_navigation(editorial_app, ("Who we are", "/about"), ("Home", "/"))
    fields = {"in_navigation": "y"} if role == "admin" else {}
    edit_page(make_member("carol", role), page_id, "About", "Words.", slug="about-us",
              **fields)
    assert navigation(editorial_app) == [("Who we are", "/about-us"), ("Home", "/")]
    assert '<a href="/about-us">Who we are</a>' in editorial_app.test_client().get("/").text


def test_a_deleted_page_leaves_the_navigation(editorial_app, make_member):
    page_id = make_page(editorial_app, "About")
    set_navigation(editorial_app, ("Home", "/"), ("About", "/about"))
    editor = make_member("carol", "editor")
    token = csrf_token_in(editor.client.get(f"/dashboard/pages/{page_id}/delete").text)
    editor.client.post(f"/dashboard/pages/{page_id}/delete", data={"csrf_token": token})
    assert navigation(editorial_app) == [("Home", "/")]


def test_a_draft_page_gets_no_link_even_with_the_box_ticked(editorial_app, make_member):
    ada = make_member("ada", "admin")
    write_page(ada, "Privacy", "Soon.", action="draft", in_navigation="y")
    assert navigation(editorial_app) == []


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_unpublishing_a_page_takes_its_link_away(editorial_app, make_member, role):
    page_id = make_page(editorial_app, "About")
    set_navigation(editorial_app, ("Home", "/"), ("About", "/about"))
    fields = {"in_navigation": "y"} if role == "admin" else {}
    edit_page(make_member("carol", role), page_id, "About", "Words.", action="draft", **fields)
    assert navigation(editorial_app) == [("Home", "/")]
    assert 'href="/about"' not in editorial_app.test_client().get("/").text


def test_a_full_navigation_refuses_the_box_keeping_the_text(editorial_app, make_member):
    set_navigation(editorial_app, *((f"Link {n}", f"/link-{n}") for n in range(MAX_LINKS)))
    response = write_page(make_member("dave", "admin"), "About", "My words.",
                          in_navigation="y")
    assert response.status_code == 400
    assert 'id="in_navigation-errors"' in response.text and "My words." in response.text
    with editorial_app.app_context():
        assert db.session.execute(db.select(Page)).first() is None


def test_the_navigation_change_is_audited_as_a_settings_save(editorial_app, make_member):
    write_page(make_member("dave", "admin"), "About", "Words.", in_navigation="y")
    with editorial_app.app_context():
        actions = list(db.session.execute(
            db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars())
    assert actions == ["page_create", "page_publish", "site"]


# --- The sitemap.

def _sitemap(app, path: str = "/sitemap.xml") -> dict[str, str | None]:
    root = assert_valid(app.test_client().get(path).data, "sitemap")
    return {item.findtext(f"{SITEMAP}loc"): item.findtext(f"{SITEMAP}lastmod") for item in root}


def test_the_sitemap_lists_published_pages_with_their_last_save(editorial_app):
    make_page(editorial_app, "About")
    make_page(editorial_app, "Secret", publish=False)
    with editorial_app.app_context():
        db.session.execute(db.update(Page).values(updated_at=datetime(2026, 3, 1, 9, 30)))
        db.session.commit()
    listed = _sitemap(editorial_app)
    assert listed["http://localhost/about"] == "2026-03-01T09:30:00Z"
    assert "http://localhost/secret" not in listed


def test_past_the_limit_the_pages_have_parts_of_their_own(make_app):
    app = make_app(SITEMAP_MAX_URLS=1, SITEMAP_PART_IDS=3)
    make_page(app, "About")
    make_page(app, "Privacy")
    index = _sitemap(app)
    assert "http://localhost/sitemap-pages-1.xml" in index
    assert set(_sitemap(app, "/sitemap-pages-1.xml")) == {"http://localhost/about",
                                                          "http://localhost/privacy"}
    # The part of the home page keeps its own address.
    assert set(_sitemap(app, "/sitemap-pages.xml")) == {"http://localhost/"}
