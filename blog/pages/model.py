"""The pages, page_redirects and page_images tables.

A page is not a post: no author byline, no tags, no feed, no schedule. It is a draft or it is
published. Its address is one first path segment, in the same space as posts' addresses, their
earlier addresses and the app's routes; none of them may take another's (blog/posts/slugs.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from blog.extensions import db
from blog.models import DRAFT
from blog.models import PUBLISHED
from blog.models import Author
from blog.models import Image
from blog.models import utcnow

PAGE_STATUSES = (DRAFT, PUBLISHED)

# Which images each page shows, rewritten with every save of the page (blog/media/usage.py).
# Readers may fetch an image once a published page (or a public post) uses it.
page_images = Table(
    "page_images",
    db.metadata,
    Column("page_id", ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True),
    Column("image_id", ForeignKey("images.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Page(db.Model):
    """A page of the site: a plain-text title, the Markdown (or HTML) its writer typed, and the
    sanitized HTML rendered from it on save, at an address admins and editors choose."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # What readers see: rendered from source and sanitized on save, as posts are.
    body: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16), default="markdown")
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    # When it was first published (None while it never was); kept when it is unpublished.
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    # Optimistic concurrency, as posts have: a save made from an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Who saved it last (None once that author is deleted: the page stays).
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("authors.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    editor: Mapped[Author | None] = relationship()
    # The images its body shows (page_images); the database drops the links with the page.
    images: Mapped[list[Image]] = relationship(secondary=page_images, passive_deletes=True)

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_published(self) -> bool:
        """Whether readers can see the page."""
        return self.status == PUBLISHED

    def __repr__(self) -> str:
        return f"<Page {self.id} {self.slug!r}>"


def public_pages():
    """The SQL condition of a page any reader may see: published."""
    return Page.status == PUBLISHED


class PageRedirect(db.Model):
    """An earlier address of a published page, answered with a 301 to its current one.

    Like a post's earlier address, nothing else may take it while it redirects.
    """

    __tablename__ = "page_redirects"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
