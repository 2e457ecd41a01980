"""The JSON of each resource the API answers with. Field names are part of the API's contract
(docs/api.md, the OpenAPI document): add fields, never rename or drop one."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from blog.api.cursors import Cursor
from blog.api.cursors import encode_cursor
from blog.api.directory import AuthorCount
from blog.api.directory import PageSummary
from blog.api.directory import TagCount
from blog.api.params import PostsQuery
from blog.api.queries import PostsPage
from blog.media.views import image_src
from blog.models import Author
from blog.models import Image
from blog.models import Post
from blog.models import Tag
from blog.pages.model import Page
from blog.public_url import absolute
from blog.public_url import public_url_for
from blog.site.store import Site


def timestamp(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time as RFC 3339 in UTC with Z, to the second."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"


def tag_ref(tag: Tag) -> dict:
    """A tag as a post names it."""
    return {"slug": tag.slug, "name": tag.name,
            "url": public_url_for("listings.tag", slug=tag.slug)}


def author_ref(author: Author) -> dict:
    """An author as a post names them."""
    return {"slug": author.slug, "name": author.name,
            "url": public_url_for("listings.author", slug=author.slug)}


def image_shape(image: Image | None) -> dict | None:
    """A feature image: the URL of its largest variant (as <img src> has it), size, alt."""
    if image is None:
        return None
    return {"url": absolute(image_src(image)), "width": image.width, "height": image.height,
            "alt": image.alt}


def post_item(post: Post) -> dict:
    """A post as lists show it."""
    return {
        "id": post.id,
        "slug": post.slug,
        "url": public_url_for("posts.show", slug=post.slug),
        "api_url": public_url_for("api.post", slug=post.slug),
        "title": post.title,
        "summary": post.summary,
        "excerpt": post.excerpt,
        "published_at": timestamp(post.published_at),
        "updated_at": timestamp(post.updated_at),
        "reading_minutes": post.reading_minutes,
        "tags": [tag_ref(tag) for tag in post.tags],
        # A list, so that posts with several authors fit when they come.
        "authors": [author_ref(post.author)],
        "feature_image": image_shape(post.feature_image),
    }


def posts_list(query: PostsQuery, page: PostsPage) -> tuple[dict, str | None]:
    """A page of posts, and its Link header (None when it has no neighbour): the next page by
    number or by cursor, as the query was, and the previous one of a numbered page."""
    last = page.posts[-1] if page.posts else None
    next_cursor = (encode_cursor(Cursor(last.published_at, last.id))
                   if page.has_next and last is not None else None)
    next_url = previous_url = None
    if page.has_next and query.page is not None:
        next_url = public_url_for("api.posts", **query.url_args(page=query.page + 1))
    elif next_cursor is not None:
        next_url = public_url_for("api.posts", **query.url_args(cursor_text=next_cursor))
    if query.page is not None and query.page > 1:
        previous_url = public_url_for("api.posts", **query.url_args(page=query.page - 1))
    body = {"items": [post_item(post) for post in page.posts], "limit": query.limit,
            "page": query.page,
            "pages": max(1, -(-page.total // query.limit)) if page.total is not None else None,
            "total": page.total, "next_cursor": next_cursor, "next": next_url,
            "previous": previous_url}
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((next_url, "next"),
                                                      (previous_url, "prev")) if url]
    return body, ", ".join(links) or None


def post_detail(post: Post) -> dict:
    """One post: its item and its body, the sanitized HTML readers see."""
    return {**post_item(post), "html": post.body}


def tag_shape(tag: TagCount) -> dict:
    """A tag with public posts, and how many."""
    return {"slug": tag.slug, "name": tag.name, "post_count": tag.count,
            "url": public_url_for("listings.tag", slug=tag.slug),
            "posts_url": public_url_for("api.posts", tag=tag.slug)}


def author_shape(author: AuthorCount) -> dict:
    """An author with public posts: what their page shows of them, and how many posts."""
    return {"slug": author.slug, "name": author.name, "bio": author.bio,
            "picture_url": author.picture_url or None, "post_count": author.count,
            "url": public_url_for("listings.author", slug=author.slug),
            "posts_url": public_url_for("api.posts", author=author.slug)}


def page_url(slug: str) -> str:
    """A page's address: /<slug> on the blog, beside the posts (blog/pages serves it)."""
    return public_url_for("posts.index") + quote(slug)


def page_item(page: PageSummary | Page) -> dict:
    """A published page as the list shows it."""
    return {"slug": page.slug, "title": page.title, "url": page_url(page.slug),
            "api_url": public_url_for("api.page", slug=page.slug),
            "published_at": timestamp(page.published_at),
            "updated_at": timestamp(page.updated_at)}


def page_detail(page: Page) -> dict:
    """One published page, with its sanitized HTML."""
    return {**page_item(page), "html": page.body}


def site_shape(site: Site) -> dict:
    """The site's settings, its address and the API's own entry points."""
    return {
        "title": site.title,
        "description": site.description,
        "about": site.about,
        # Site-relative links made absolute: an API client has no page to resolve them against.
        "navigation": [{"label": link.label,
                        "url": absolute(link.url) if link.url.startswith("/") else link.url}
                       for link in site.navigation],
        "url": public_url_for("posts.index"),
        "links": {name: public_url_for(f"api.{name}")
                  for name in ("posts", "tags", "authors", "pages", "site", "openapi")},
    }
