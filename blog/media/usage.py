"""Which images a post uses (its body's and its feature image), written with every save of the
post, in its transaction: readers may fetch an image once a published post uses it."""

from __future__ import annotations

from sqlalchemy import select

from blog.extensions import db
from blog.media.addresses import keys_in
from blog.models import Image
from blog.models import Post


def record_image_uses(post: Post, html: str) -> None:
    """Make post.images the author's images that html (the rendered body) points to, and the
    post's feature image; flushed and committed with the post by the caller.

    Only the post's author's own images count: pointing to somebody else's draft image must
    not publish it.
    """
    keys = keys_in(html)
    wanted = {post.feature_image_id} - {None}
    if keys:
        wanted |= set(db.session.execute(
            select(Image.id).where(Image.key.in_(keys), Image.author_id == post.author_id)
        ).scalars())
    current = {image.id for image in post.images} if post.id is not None else set()
    if wanted == current:
        return
    post.images = list(db.session.execute(
        select(Image).where(Image.id.in_(wanted))).scalars()) if wanted else []
