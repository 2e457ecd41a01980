"""Which images a post or a page uses (a post's body and feature image, a page's body), written
with every save, in its transaction: readers may fetch an image once a public post or a
published page uses it."""

from __future__ import annotations

import re

from sqlalchemy import select

from blog.extensions import db
from blog.media.addresses import IMAGE_URL
from blog.media.addresses import keys_in
from blog.models import Author
from blog.models import Image
from blog.models import Post
from blog.pages.model import Page


def record_image_uses(post: Post, html: str) -> None:
    """Make post.images the author's images that html (the rendered body) points to, and the
    post's feature image; flushed and committed with the post by the caller.

    Only the post's author's own images count: pointing to somebody else's draft image must
    not publish it.
    """
    current = _current_ids(post)
    wanted = {post.feature_image_id} - {None}
    wanted |= _images_in(html, Image.author_id == post.author_id)
    _link(post, wanted, current)


def record_page_image_uses(page: Page, html: str, editor: Author) -> None:
    """Make page.images the images that html (the rendered body) points to and that count:
    the editor's own, and those the page already shows (another editor's, kept while the body
    still points to them). Flushed and committed with the page by the caller.

    Any other image does not count, so that pasting somebody else's draft image into a page
    cannot publish it.
    """
    current = _current_ids(page)
    counts = Image.author_id == editor.id
    if current:
        counts = counts | Image.id.in_(current)
    _link(page, _images_in(html, counts), current)


def _current_ids(owner: Post | Page) -> set[int]:
    # A new post or page has no links yet: nothing to load.
    return {image.id for image in owner.images} if owner.id is not None else set()


def _images_in(html: str, counts) -> set[int]:
    """The ids of the images html points to that meet the condition counts (one statement, none
    when html points to no image of ours)."""
    keys = keys_in(html)
    if not keys:
        return set()
    # Images only: the caller's pending changes need not be flushed first (and flushing them
    # here would write the row twice once the body gets its image sizes).
    with db.session.no_autoflush:
        return set(db.session.execute(
            select(Image.id).where(Image.key.in_(keys), counts)).scalars())


def _link(owner: Post | Page, wanted: set[int], current: set[int]) -> None:
    # Unchanged links are left alone: most saves change the words, not the pictures.
    if wanted == current:
        return
    with db.session.no_autoflush:
        owner.images = list(db.session.execute(
            select(Image).where(Image.id.in_(wanted))).scalars()) if wanted else []


# An <img> start tag of sanitized HTML (attributes always double-quoted) and its src.
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def with_image_sizes(html: str, images: list[Image]) -> str:
    """html with width and height on every <img> showing one of images that has neither, so
    that the browser reserves its box before the file arrives (no layout shift).

    The sizes are the upload's own; the stylesheet scales the box to the column (max-width:
    100%, height: auto), keeping its shape.
    """
    if not images or "<img" not in html:
        return html
    by_key = {image.key: image for image in images}

    def sized(tag: re.Match) -> str:
        text = tag.group(0)
        src = _SRC.search(text)
        found = IMAGE_URL.search(src.group(1)) if src else None
        image = by_key.get(found.group(1)) if found else None
        if image is None or re.search(r"\s(width|height)=", text):
            return text
        return f'<img width="{image.width}" height="{image.height}"{text[4:]}'

    return _IMG.sub(sized, html)
