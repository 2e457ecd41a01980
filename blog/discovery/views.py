"""The discovery blueprint: /feed.atom, /sitemap.xml and its parts, /robots.txt.

Each is a public page (blog/caching/public.py): kept in the page cache and revalidated by ETag,
and, where it has one, by Last-Modified (feed readers and crawlers often send only that).
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app

from blog.caching import keys
from blog.caching.public import public_page
from blog.discovery import sitemaps
from blog.discovery.atom import ATOM_MEDIA_TYPE
from blog.discovery.atom import atom_document
from blog.discovery.feeds import author_feed
from blog.discovery.feeds import last_changed
from blog.discovery.feeds import site_feed
from blog.discovery.feeds import tag_feed
from blog.discovery.social import index_canonical
from blog.discovery.social import listing_canonical
from blog.discovery.social import post_image
from blog.discovery.social import post_json_ld
from blog.discovery.xml_text import w3c_datetime
from blog.posts.listings import author_by_slug
from blog.posts.listings import tag_by_slug
from blog.public_url import public_url_for

bp = Blueprint("discovery", __name__)
bp.add_app_template_global(public_url_for, "public_url_for")
bp.add_app_template_global(index_canonical, "index_canonical")
bp.add_app_template_global(listing_canonical, "listing_canonical")
bp.add_app_template_global(post_image, "post_image")
bp.add_app_template_global(post_json_ld, "post_json_ld")
bp.add_app_template_global(last_changed, "last_changed")
bp.add_app_template_global(w3c_datetime, "w3c_datetime")

XML = "application/xml; charset=utf-8"
# Authors' pages and the login's machinery: nothing a search result should lead to. Rules
# match by prefix, and a post may be at /dashboard-tips: one-segment paths end in "$" (a
# crawler that does not know "$" matches nothing, which is the safe side). A post's own
# pages are two segments, which no post address is.
DISALLOWED = ("/dashboard$", "/dashboard/", "/review$", "/audit$", "/login$", "/logout$",
              "/register$", "/oidc/", "/*/edit", "/*/delete", "/*/history", "/*/compare",
              "/*/revisions/")


def _document(body: bytes, content_type: str, last_modified=None) -> Response:
    response = Response(body, content_type=content_type)
    if last_modified is not None:
        response.last_modified = last_modified
    return response


def _feed_response(document) -> Response:
    return _document(atom_document(document), f"{ATOM_MEDIA_TYPE}; charset=utf-8",
                     document.updated if document.entries else None)


@bp.get("/feed.atom")
@public_page()
def feed():
    """The blog's Atom feed: the newest FEED_ENTRIES public posts, in full."""
    keys.shows(keys.POSTS)
    return _feed_response(site_feed())


def _listing_feed(found, feed_of) -> Response:
    # An author's or a tag's feed is 404, like the page it stands for, while it has no public
    # post (or the author or tag does not exist).
    document = feed_of(found) if found is not None else None
    if document is None or not document.entries:
        abort(404)
    return _feed_response(document)


@bp.get("/authors/<slug:slug>/feed.atom")
@public_page()
def author_feed_view(slug: str):
    """One author's Atom feed: their newest public posts."""
    author = author_by_slug(slug)
    if author is not None:
        keys.shows(keys.author_key(author.id))
    return _listing_feed(author, author_feed)


@bp.get("/tags/<slug:slug>/feed.atom")
@public_page()
def tag_feed_view(slug: str):
    """One tag's Atom feed: the newest public posts that have it."""
    tag = tag_by_slug(slug)
    if tag is not None:
        keys.shows(keys.tag_key(tag.id))
    return _listing_feed(tag, tag_feed)


@bp.get("/sitemap.xml")
@public_page()
def sitemap():
    """Every public address with its lastmod, or past SITEMAP_MAX_URLS a sitemap index."""
    config = current_app.config
    keys.shows(keys.SITEMAP)
    home, parts = sitemaps.parts(config["SITEMAP_PART_IDS"])
    if 2 + sum(part.count for part in parts) <= config["SITEMAP_MAX_URLS"]:
        urls = sitemaps.every_url(home)
        return _document(sitemaps.urlset_document(urls), XML, sitemaps.newest(urls))
    urls = sitemaps.index_urls(home, parts)
    return _document(sitemaps.sitemap_index_document(urls), XML, sitemaps.newest(urls))


@bp.get("/sitemap-pages.xml")
@public_page()
def sitemap_pages():
    """The part of the sitemap index with the site's own pages: the home page and /tags."""
    keys.shows(keys.SITEMAP)
    home_lastmod, tags_lastmod = sitemaps.pages_lastmod()
    urls = [sitemaps.home_url(home_lastmod)]
    if tags_lastmod is not None:
        urls.append(sitemaps.Url(public_url_for("listings.tags"), tags_lastmod))
    return _document(sitemaps.urlset_document(urls), XML, sitemaps.newest(urls))


@bp.get("/sitemap-<source>-<int:number>.xml")
@public_page()
def sitemap_part(source: str, number: int):
    """One part of the sitemap index: one source's public addresses in one range of ids."""
    keys.shows(keys.SITEMAP)
    urls = sitemaps.part_urls(source, number, current_app.config["SITEMAP_PART_IDS"])
    if not urls:
        abort(404)
    return _document(sitemaps.urlset_document(urls), XML, sitemaps.newest(urls))


@bp.get("/robots.txt")
@public_page()
def robots():
    """Crawlers: the sitemap's absolute address, and the authors' pages left alone."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "",
             f"Sitemap: {public_url_for('discovery.sitemap')}", ""]
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8")
