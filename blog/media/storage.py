"""Images in the database: storing an upload within its author's quota, finding a variant to
serve, and purging images no post or page uses. Each writing function is one committed transaction.

Bytes live in the database (image_variants.data), so a dyno whose disk is wiped on each deploy
needs nothing else provisioned; docs/deploy.md says what that costs and how to move them out.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from blog.extensions import db
from blog.media.addresses import keys_in
from blog.media.processing import ImageLimits
from blog.media.processing import ProcessedImage
from blog.media.processing import process_image
from blog.media.sniffing import ImageRefused
from blog.models import Author
from blog.models import Image
from blog.models import ImageVariant
from blog.models import KeptDraft
from blog.models import Post
from blog.models import PostAutosave
from blog.models import post_images
from blog.models import public_posts
from blog.models import utcnow
from blog.pages.model import Page
from blog.pages.model import page_images
from blog.pages.model import public_pages

ALT_MAX_LENGTH = 300
# An image nobody uses yet may be waiting for the post its author is writing.
UNUSED_GRACE = timedelta(days=1)


def image_key(author_id: int, data: bytes) -> str:
    """The key of an upload: SHA-256 of its uploader and its bytes (32 hex digits)."""
    return hashlib.sha256(f"{author_id}:".encode() + data).hexdigest()[:32]


def stored_bytes_of(author: Author) -> int:
    """Bytes of all the author's stored images, against their quota."""
    return db.session.execute(
        select(func.coalesce(func.sum(Image.stored_bytes), 0)).where(Image.author_id == author.id)
    ).scalar_one()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _check_quota(author: Author, adding: int, quota: int) -> None:
    used = stored_bytes_of(author)
    if used + adding > quota or used >= quota:
        needs = f"; this one would need {_megabytes(adding)} more" if adding else ""
        raise ImageRefused(
            f"Your images take {_megabytes(used)} of the {_megabytes(quota)} each author may "
            f"have{needs}. Delete posts you no longer need: images no post uses are removed "
            "after a day.", status=413)


def store_upload(author: Author, data: bytes, alt: str, limits: ImageLimits,
                 quota: int) -> Image:
    """Process and store an upload by author (or return the same file uploaded before), or
    ImageRefused saying why not. One committed transaction; a refusal stores nothing."""
    key = image_key(author.id, data)
    existing = db.session.execute(select(Image).filter_by(key=key)).scalar_one_or_none()
    if existing is not None:
        return existing
    # Refused before decoding when the author's images already fill the quota.
    _check_quota(author, 0, quota)
    processed = process_image(data, limits)
    _check_quota(author, processed.stored_bytes, quota)
    image = _image_row(author, key, alt, processed)
    db.session.add(image)
    try:
        db.session.commit()
    except IntegrityError:
        # The same file, uploaded twice at once by the same author: the other upload stored it.
        db.session.rollback()
        return db.session.execute(select(Image).filter_by(key=key)).scalar_one()
    return image


def _image_row(author: Author, key: str, alt: str, processed: ProcessedImage) -> Image:
    webp = sorted(variant.width for variant in processed.variants if variant.extension == "webp")
    return Image(
        key=key, author_id=author.id, format=processed.format, width=processed.width,
        height=processed.height, frames=processed.frames, widths=" ".join(map(str, webp)),
        alt=alt, stored_bytes=processed.stored_bytes,
        variants=[ImageVariant(extension=variant.extension, width=variant.width,
                               height=variant.height, content_type=variant.content_type,
                               data=variant.data) for variant in processed.variants],
    )


def is_public():
    """The SQL condition of an image any reader may fetch: a post public now uses it (one in
    review, or scheduled for later, does not yet), or a published page does."""
    return (exists().where(post_images.c.image_id == Image.id,
                           post_images.c.post_id == Post.id, public_posts())
            | exists().where(page_images.c.image_id == Image.id,
                             page_images.c.page_id == Page.id, public_pages()))


def _variant_query(key: str, width: int, extension: str):
    return (select(ImageVariant.data, ImageVariant.content_type, Image.author_id)
            .join(Image, Image.id == ImageVariant.image_id)
            .where(Image.key == key, ImageVariant.width == width,
                   ImageVariant.extension == extension))


def public_variant(connection: Connection, key: str, width: int,
                   extension: str) -> tuple[bytes, str] | None:
    """(bytes, content type) of a variant readers may fetch, or None: one statement."""
    row = connection.execute(_variant_query(key, width, extension).where(is_public())).first()
    return None if row is None else (row.data, row.content_type)


def variant_for(key: str, width: int, extension: str, author_id: int | None):
    """(bytes, content type, public) of a variant this reader may fetch (its author always may),
    or None."""
    row = db.session.execute(
        _variant_query(key, width, extension).add_columns(is_public().label("public"))
    ).first()
    if row is None or not (row.public or row.author_id == author_id):
        return None
    return row.data, row.content_type, row.public


def owned_image_at(url: str, author_id: int) -> Image | None:
    """The author's image that url (any of its variants' URLs) names, or None: no such image,
    or another author's."""
    keys = keys_in(url)
    if len(keys) != 1:
        return None
    return db.session.execute(
        select(Image).filter_by(key=keys.pop(), author_id=author_id)).scalar_one_or_none()


def purge_unused_images(now=None) -> int:
    """Delete images that no post or page uses and that are over a day old; how many went.

    An image counts as used while text not yet saved as a post points to it: a published
    post's pending autosave, or text kept across a login. One committed transaction.
    """
    now = now or utcnow()
    # Keys are hex digits: nothing in them for LIKE to read as a wildcard.
    pending_text = (exists().where(PostAutosave.source.contains(Image.key))
                    | exists().where(KeptDraft.body.contains(Image.key)))
    unused = (select(Image.id)
              .where(Image.created_at < now - UNUSED_GRACE,
                     ~exists().where(post_images.c.image_id == Image.id),
                     ~exists().where(page_images.c.image_id == Image.id), ~pending_text))
    ids = db.session.execute(unused).scalars().all()
    if ids:
        db.session.execute(db.delete(Image).where(Image.id.in_(ids)))
    db.session.commit()
    return len(ids)
