"""/sitemap.xml, its parts past SITEMAP_MAX_URLS, and /robots.txt."""

from __future__ import annotations

from datetime import datetime

import pytest

from blog.extensions import db
from blog.models import Post
from tests.helpers import AuthActions
from tests.helpers import seed_posts
from tests.xml_schemas import assert_valid

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(root) -> dict[str, str | None]:
    """loc -> lastmod of every <url> or <sitemap> of a document."""
    return {item.findtext(f"{SITEMAP}loc"): item.findtext(f"{SITEMAP}lastmod") for item in root}


def test_the_sitemap_lists_the_home_page_and_every_public_post_with_its_lastmod(app, auth):
    seed_posts(app, 3)
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug="post-2")).scalar_one()
        post.updated_at = datetime(2025, 6, 1, 12, 30)
        db.session.execute(db.update(Post).where(Post.slug == "post-3").values(status="draft"))
        db.session.commit()
    response = app.test_client().get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = assert_valid(response.data, "sitemap")
    assert root.tag == f"{SITEMAP}urlset"
    listed = entries(root)
    author_page = next(loc for loc in listed if "/authors/" in loc)
    # The author's page changed when their newest public post was published.
    assert listed == {"http://localhost/": "2025-06-01T12:30:00Z",
                      "http://localhost/post-1": "2025-01-01T00:01:00Z",
                      "http://localhost/post-2": "2025-06-01T12:30:00Z",
                      author_page: "2025-01-01T00:02:00Z"}


@pytest.fixture
def split_app(make_app):
    """The blog with at most 5 addresses in /sitemap.xml and parts of 3 ids, and 10 posts of
    which post-5 is a draft."""
    app = make_app(SITEMAP_MAX_URLS=5, SITEMAP_PART_IDS=3)
    seed_posts(app, 10)
    with app.app_context():
        db.session.execute(db.update(Post).where(Post.slug == "post-5").values(status="draft"))
        db.session.commit()
    return app


def test_past_the_limit_the_sitemap_is_an_index_of_parts(split_app):
    reader = split_app.test_client()
    root = assert_valid(reader.get("/sitemap.xml").data, "sitemap")
    assert root.tag == f"{SITEMAP}sitemapindex"
    index = entries(root)
    assert list(index) == ["http://localhost/sitemap-pages.xml",
                           "http://localhost/sitemap-authors-1.xml",
                           *(f"http://localhost/sitemap-posts-{n}.xml" for n in (1, 2, 3, 4))]
    listed = {}
    for loc, lastmod in index.items():
        part = assert_valid(reader.get(loc.removeprefix("http://localhost")).data, "sitemap")
        urls = entries(part)
        # Each part's lastmod is the newest of its addresses'.
        assert lastmod == max(urls.values())
        listed.update(urls)
    author_pages = {loc for loc in listed if "/authors/" in loc}
    assert len(author_pages) == 1
    assert set(listed) == {"http://localhost/", *author_pages, *(
        f"http://localhost/post-{n}" for n in range(1, 11) if n != 5)}


def test_a_part_past_the_end_or_of_no_source_is_not_found(split_app):
    reader = split_app.test_client()
    for path in ("/sitemap-posts-5.xml", "/sitemap-posts-0.xml", "/sitemap-drafts-1.xml"):
        assert reader.get(path).status_code == 404, path


def test_the_sitemap_answers_304_to_either_validator(app):
    seed_posts(app, 2)
    reader = app.test_client()
    first = reader.get("/sitemap.xml")
    assert reader.get("/sitemap.xml", headers={
        "If-None-Match": first.headers["ETag"]}).status_code == 304
    assert reader.get("/sitemap.xml", headers={
        "If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_dashboard(app):
    response = app.test_client().get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.text.splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /dashboard$" in lines and "Disallow: /*/edit" in lines
    # Prefix rules would also keep out posts such as /dashboard-tips.
    assert "Disallow: /dashboard" not in lines


def test_links_use_public_url_never_the_host_header(make_app):
    app = make_app(PUBLIC_URL="https://blog.example")
    seed_posts(app, 1)
    reader = app.test_client()
    for path in ("/sitemap.xml", "/feed.atom", "/robots.txt", "/post-1"):
        page = reader.get(path, headers={"Host": "evil.example"}).text
        assert "evil.example" not in page and "https://blog.example/" in page, path


def test_the_sitemap_lists_author_and_tag_pages_of_public_posts_only(app, auth):
    auth.login("alice")
    assert auth.publish("Open letter", "Words.", tags="News").status_code == 302
    assert auth.save_draft("Secret plans", "Soon.", tags="Secret").status_code == 302
    listed = entries(assert_valid(app.test_client().get("/sitemap.xml").data, "sitemap"))
    assert {"http://localhost/authors/alice", "http://localhost/tags",
            "http://localhost/tags/news"} <= set(listed)
    assert "http://localhost/tags/secret" not in listed
    # /tags and the tag's page changed when the post did.
    assert listed["http://localhost/tags"] == listed["http://localhost/tags/news"]


def test_in_an_index_the_site_pages_part_lists_the_tags_page(make_app, provider):
    app = make_app(SITEMAP_MAX_URLS=1)
    auth = AuthActions(app.test_client(), provider)
    auth.login("alice")
    assert auth.publish("Open letter", "Words.", tags="News").status_code == 302
    reader = app.test_client()
    assert "sitemap-tags-1.xml" in reader.get("/sitemap.xml").text
    pages = entries(assert_valid(reader.get("/sitemap-pages.xml").data, "sitemap"))
    assert set(pages) == {"http://localhost/", "http://localhost/tags"}
