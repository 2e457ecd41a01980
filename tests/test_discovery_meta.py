"""What search engines and link previews read: descriptions, canonical links, Open Graph, Twitter
cards, JSON-LD; drafts show none of it."""

from __future__ import annotations

import json
import re

from tests.helpers import draft_slug_from
from tests.helpers import seed_posts
from tests.helpers import slug_from
from tests.images import png


def meta(page: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)
    return found.group(1) if found else None


def json_ld(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_a_post_page_carries_canonical_open_graph_and_json_ld(app, auth):
    auth.login("alice")
    feature = auth.upload_image(png(300, 100), alt="The pad").get_json()["url"]
    slug = slug_from(auth.publish("Lift-off", "We *flew*.", summary="How it went.",
                                  feature_image=feature))
    page = app.test_client().get(f"/{slug}").text
    url = f"http://localhost/{slug}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert meta(page, "description") == "How it went."
    assert meta(page, "og:type") == "article" and meta(page, "og:url") == url
    assert meta(page, "og:title") == "Lift-off" and meta(page, "og:site_name") == "The Blog"
    image = meta(page, "og:image")
    assert image.startswith("http://localhost/media/")
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("300", "100")
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "article:published_time").endswith("Z")
    assert meta(page, "article:author") == "http://localhost/authors/alice"
    data = json_ld(page)
    assert data["@type"] == "BlogPosting" and data["headline"] == "Lift-off"
    assert data["mainEntityOfPage"]["@id"] == url and data["image"]["url"] == image
    assert data["author"] == {"@type": "Person", "name": "Alice",
                              "url": "http://localhost/authors/alice"}
    assert data["datePublished"] and data["dateModified"] and data["publisher"]["name"]


def test_a_title_cannot_break_out_of_the_json_ld_script(app, auth):
    auth.login("alice")
    title = '</script><script>alert(1)</script><!-- & "'
    slug = slug_from(auth.publish(title, "Text."))
    page = app.test_client().get(f"/{slug}").text
    script = page.split('<script type="application/ld+json">')[1]
    assert script.index("</script>") > script.index("}")  # only the element's own end tag
    assert "<!--" not in script.split("</script>")[0]
    assert json_ld(page)["headline"] == title
    assert meta(page, "twitter:card") == "summary"


def test_index_pages_have_their_own_canonical_address(app):
    seed_posts(app, 25)
    reader = app.test_client()
    assert '<link rel="canonical" href="http://localhost/">' in reader.get("/").text
    assert '<link rel="canonical" href="http://localhost/">' in reader.get("/?page=1").text
    page = reader.get("/?page=2").text
    assert '<link rel="canonical" href="http://localhost/?page=2">' in page
    assert meta(page, "og:type") == "website"


def test_the_blog_description_is_the_description_of_pages_without_their_own(make_app):
    app = make_app(BLOG_DESCRIPTION="Notes from the launch pad.")
    page = app.test_client().get("/").text
    assert meta(page, "description") == "Notes from the launch pad."
    assert meta(page, "og:description") == "Notes from the launch pad."


def test_a_draft_shows_its_author_no_canonical_nor_previews(auth, client):
    auth.login("alice")
    slug = draft_slug_from(auth.save_draft("Secret plans", "Friday."))
    page = client.get(f"/{slug}").text
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page and "og:" not in page and "ld+json" not in page
