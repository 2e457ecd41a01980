"""A small blog for the tests that read the API over HTTP: authors, tagged posts (one with a
feature image, one with an earlier address), a draft, a published page and a draft page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blog.caching.version import bump_content_version
from blog.content.render import render_body
from blog.extensions import db
from blog.models import Author
from blog.models import Image
from blog.models import Post
from blog.models import PostRedirect
from blog.pages.model import Page
from blog.posts.editing import PostText
from blog.posts.editing import create_post
from blog.posts.tags import parse_tags

# (author, title, tags): published in this order, so the last is the newest.
POSTS = [
    ("Alice", "First light", "News"),
    ("Alice", "Second wind", "News, Python"),
    ("Bob", "Bob's notes", "Python"),
    ("Bob", "Tables and lists", ""),
    ("Alice", "Pictures", "News, Photos"),
]


@dataclass(frozen=True)
class SeededBlog:
    """What the seeded blog holds that tests look for."""

    public_slugs: list[str]
    draft_slug: str

    def known_requests(self, path: str) -> list[dict]:
        """Parts of requests (as_strategy's path_parameters or query) that name something at
        an API path: what exists, once did, or is not public."""
        slugs = {"/posts/{slug}": [*self.public_slugs, self.draft_slug, "first-light-old"],
                 "/tags/{slug}": ["news", "python", "photos", "secret"],
                 "/authors/{slug}": ["alice", "bob"],
                 "/pages/{slug}": ["about", "plans"]}.get(path, [])
        known = [{"path_parameters": {"slug": slug}} for slug in slugs]
        if path == "/posts":
            known += [{"query": query} for query in (
                {"tag": "news"}, {"author": "alice"}, {"tag": "python", "author": "bob"},
                {"limit": 2}, {"limit": 2, "page": 2})]
        return known


def seed_api_blog(app) -> SeededBlog:
    """Write the blog through the editing functions, as the forms would (in one app)."""
    with app.app_context():
        authors = {}
        for name in ("Alice", "Bob"):
            authors[name] = Author(issuer="https://seed.example", subject=name.lower(),
                                   name=name, slug=name.lower(), bio=f"{name} writes.")
            db.session.add(authors[name])
        db.session.commit()
        image = Image(key="0" * 32, author_id=authors["Alice"].id, format="PNG", width=800,
                      height=400, widths="400 800", alt="A field", stored_bytes=1)
        db.session.add(image)
        db.session.commit()
        slugs = []
        for name, title, tags in POSTS:
            body = f"Words of *{title}*.\n\n| a | b |\n|---|---|\n| 1 | 2 |"
            text = PostText(title=title, source=body, source_format="markdown",
                            summary="A summary." if "wind" in title else "",
                            feature_image_id=image.id if title == "Pictures" else None,
                            tags=tuple(parse_tags(tags)) if tags else None)
            post = create_post(authors[name], text, render_body(body, "markdown"), True)
            slugs.append(post.slug)
        db.session.add(PostRedirect(slug="first-light-old", post_id=_post_id(slugs[0])))
        draft = create_post(authors["Alice"], PostText("Secret plans", "Soon.", "markdown",
                                                       tags=tuple(parse_tags("Secret"))),
                            render_body("Soon.", "markdown"), False)
        for slug, status in (("about", "published"), ("plans", "draft")):
            db.session.add(Page(slug=slug, title=slug.title(), body=f"<p>{slug}</p>",
                                source=slug, status=status,
                                published_at=datetime(2026, 1, 1) if status == "published"
                                else None))
        bump_content_version(db.session)
        db.session.commit()
        return SeededBlog(public_slugs=list(reversed(slugs)), draft_slug=draft.slug)


def _post_id(slug: str) -> int:
    return db.session.execute(db.select(Post.id).filter_by(slug=slug)).scalar_one()
