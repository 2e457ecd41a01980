"""The database models: authors, posts and their earlier addresses, autosaves and revisions,
server-side login sessions, spent logout tokens, kept drafts, the content version, the audit log,
uploaded images and which posts use them."""

from __future__ import annotations

import secrets
from datetime import datetime

from slugify import slugify
from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import and_
from sqlalchemy import false
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from blog import clock
from blog.content.visible_text import searchable_text
from blog.extensions import db


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in the database (blog.clock.now)."""
    return clock.now()


AUTHOR_SLUG_MAX_LENGTH = 100
AUTHOR_BIO_MAX_LENGTH = 500


def _author_slug_default(context) -> str:
    # Rows inserted without a slug (tools, tests, imports) still get a unique one. Logins make a
    # readable one instead (blog.auth.author_slugs): the name, then -2, -3... only if taken.
    name = context.get_current_parameters().get("name") or ""
    base = slugify(name, max_length=AUTHOR_SLUG_MAX_LENGTH - 9, word_boundary=True) or "author"
    return f"{base}-{secrets.token_hex(4)}"


class Author(db.Model):
    """A person who logged in at the identity provider; keyed by (issuer, subject)."""

    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_authors_issuer_subject"),
                      Index("ix_authors_slug", "slug", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    picture_url: Mapped[str | None] = mapped_column(String(2000))
    # Their public page's address (/authors/<slug>): made from the name at the first login and
    # kept when the name changes, so links to it never break (docs/architecture.md).
    slug: Mapped[str] = mapped_column(String(AUTHOR_SLUG_MAX_LENGTH),
                                      default=_author_slug_default)
    # Plain text they write on the dashboard, shown escaped on their page.
    bio: Mapped[str] = mapped_column(String(AUTHOR_BIO_MAX_LENGTH), default="", server_default="")
    # What the identity provider's groups make of them (blog/auth/roles.py), set at every login
    # and profile refresh: "none", "contributor", "author", "editor" or "admin".
    role: Mapped[str] = mapped_column(String(16), default="author", server_default="author")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    posts: Mapped[list[Post]] = relationship(back_populates="author", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<Author {self.id} {self.name!r}>"


# A post's stored statuses. Only published posts whose time has come are on public pages
# (public_posts below); a published post whose published_at is still ahead is *scheduled*: it
# appears by the clock alone, with no write then (Post.state names the four states).
DRAFT = "draft"
REVIEW = "review"
PUBLISHED = "published"
SCHEDULED = "scheduled"  # a state (Post.state), never a stored status


def _source_default(context) -> str:
    # A post inserted with a body only (an import, a seed, a post from before Markdown) is its
    # own HTML source: the editor then shows what readers see.
    return context.get_current_parameters()["body"]


def _search_text_default(context) -> str:
    # Rows inserted with a body only (seeds, imports) are searchable too (blog/search).
    return searchable_text(context.get_current_parameters()["body"])


def _published_at_default(context) -> datetime | None:
    parameters = context.get_current_parameters()
    if parameters.get("status", PUBLISHED) != PUBLISHED:
        return None
    return parameters.get("created_at") or utcnow()


class Post(db.Model):
    """A blog post: a plain-text title, the source its author wrote (Markdown or HTML) and the
    sanitized HTML rendered from it when it was saved, at a slug that may change."""

    __tablename__ = "posts"
    __table_args__ = (
        # The index lists published posts newest first; an author's pages (and the dashboard)
        # list one author's. Both end in id, the tie-breaker of the ordering, so that the ids
        # of a page are read from the index alone (blog/posts/queries.py) on PostgreSQL too,
        # where an index holds no row id.
        Index("ix_posts_status_published_at_id", "status", "published_at", "id"),
        Index("ix_posts_author_id_status_published_at_id", "author_id", "status",
              "published_at", "id"),
        # The review queue: posts in review, longest waiting first.
        Index("ix_posts_status_updated_at_id", "status", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    # Whether the author typed the address. Until then, and until the post is first published,
    # the address follows the title (blog/posts/editing.py).
    slug_chosen: Mapped[bool] = mapped_column(default=False, server_default=false())
    title: Mapped[str] = mapped_column(String(200))
    # What readers see: rendered from source and sanitized on save (blog/content/render.py).
    body: Mapped[str] = mapped_column(Text)
    # What the author wrote, exactly; format is "markdown" or "html".
    source: Mapped[str] = mapped_column(Text, default=_source_default)
    source_format: Mapped[str] = mapped_column(String(16), default="html")
    # The author's own summary ("" for none); excerpt is it, or one taken from the body.
    summary: Mapped[str] = mapped_column(String(400), default="")
    excerpt: Mapped[str] = mapped_column(String(400), default="")
    reading_minutes: Mapped[int] = mapped_column(Integer, default=1)
    # The body's visible text, which search indexes with the title and summary (blog/search).
    # Deferred: no page but search's reads it, and it is as long as the body.
    search_text: Mapped[str] = mapped_column(Text, default=_search_text_default,
                                             server_default="", deferred=True)
    # New posts get their status from the button pressed (blog/posts/editing.py); rows inserted
    # any other way (imports, seeds, posts from before drafts) are published, as they were.
    status: Mapped[str] = mapped_column(String(16), default=PUBLISHED)
    # When it was first published (or, while ahead, when it will be); kept when it is
    # unpublished and published again.
    published_at: Mapped[datetime | None] = mapped_column(default=_published_at_default)
    # Optimistic concurrency: every change of the row adds one, and a save made from an older
    # version is refused (SQLAlchemy's version counter; blog/posts/conflicts.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The contributor's note when submitting for review; the editor's when sending it back.
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    return_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Shown on the post page and the index; one of the author's uploads (blog/media).
    feature_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), index=True)

    author: Mapped[Author] = relationship(back_populates="posts")
    feature_image: Mapped[Image | None] = relationship(foreign_keys=[feature_image_id])
    # The author's images the post shows, in its body or as its feature image (post_images).
    images: Mapped[list[Image]] = relationship(secondary="post_images", passive_deletes=True)
    # Its tags in the order its author typed them (written by blog/posts/tags.py only).
    tags: Mapped[list[Tag]] = relationship(secondary="post_tags", viewonly=True,
                                           order_by="post_tags.c.position")
    # The same as rows of post_tags: joined to a single post's query as two plain LEFT JOINs
    # (SQLite would scan all of post_tags for the nested join that joinedload(tags) writes).
    tag_links: Mapped[list[PostTag]] = relationship(viewonly=True,
                                                    order_by="PostTag.position")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_published(self) -> bool:
        """Whether readers can see the post now."""
        return self.status == PUBLISHED and not self.is_scheduled

    @property
    def is_scheduled(self) -> bool:
        """Whether the post is published for a time still ahead (readers do not see it yet)."""
        return (self.status == PUBLISHED and self.published_at is not None
                and self.published_at > clock.now())

    @property
    def state(self) -> str:
        """draft, review, scheduled or published (blog/posts/permissions.py)."""
        return SCHEDULED if self.is_scheduled else self.status

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.slug!r}>"


def public_posts(now=None):
    """The SQL condition of a post any reader may see (now, or at `now`, a time or a bound
    parameter): published, and its time has come. Every query of a public page uses it.

    One range on the index (status, published_at, id): page queries stay index-only scans.
    """
    return and_(Post.status == PUBLISHED,
                Post.published_at <= (now if now is not None else clock.now()))


class PostRedirect(db.Model):
    """An earlier address of a published post, answered with a 301 to its current one, forever.

    No post may take it as its slug (blog/posts/slugs.py), so the redirect never breaks.
    """

    __tablename__ = "post_redirects"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PostAutosave(db.Model):
    """Text autosaved while its author edits a published post, until they save or discard it.

    A draft is autosaved in place; a published post must not change under its readers while its
    author is still typing, so its pending text waits here (blog/posts/autosave.py).
    """

    __tablename__ = "post_autosaves"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginSession(db.Model):
    """A logged-in browser; deleting the row logs it out, whatever copies of its cookie exist."""

    __tablename__ = "login_sessions"

    # SHA-256 of the random token kept in the signed cookie: a leaked table yields no usable cookie.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    author_id: Mapped[int] = mapped_column(
        ForeignKey("authors.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    profile_checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    access_token: Mapped[str | None] = mapped_column(Text)
    refresh_token: Mapped[str | None] = mapped_column(Text)
    access_token_expires_at: Mapped[datetime | None]
    id_token: Mapped[str | None] = mapped_column(Text)
    # The ID token's sid: the provider's session, which a back-channel logout token may name.
    sid: Mapped[str | None] = mapped_column(String(255), index=True)

    author: Mapped[Author] = relationship(lazy="joined")


class SpentLogoutToken(db.Model):
    """A back-channel logout token already accepted, kept until it could no longer be valid, so
    that a replay is refused by every process, before and after a restart (blog/auth/backchannel).
    """

    __tablename__ = "spent_logout_tokens"

    # SHA-256 of the issuer and the token's jti: one bounded key, whatever the provider sends.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class KeptDraft(db.Model):
    """Text posted after its author's login had ended, kept until they log in again (at most a day).

    Keyed like a login session: the SHA-256 of a random token that only the signed cookie carries
    (blog/posts/kept.py). Bodies may be far larger than a cookie, so the text lives here.
    """

    __tablename__ = "kept_drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The post whose edit form it came from; None for a new post.
    post_slug: Mapped[str | None] = mapped_column(String(100))
    # Text, not the form's limits: what the author typed is kept even where the form refuses it.
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    # None for text kept before formats existed (then the form's default applies).
    source_format: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The tags field as typed; None when the form had none (text kept before tags existed).
    tags: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class PostRevision(db.Model):
    """The text of a post as one save left it: who saved it, when, the title and source.

    Every save keeps one; the oldest go beyond REVISIONS_PER_POST (blog/posts/revisions.py).
    """

    __tablename__ = "post_revisions"
    __table_args__ = (Index("ix_post_revisions_post_id_id", "post_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # Kept when its author's account goes: the history still says a revision was made.
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id", ondelete="SET NULL"))
    saved_by_name: Mapped[str] = mapped_column(String(200))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(db.Model):
    """Who published, unpublished, scheduled, deleted or restored a post, or whose role changed,
    and when; written in the transaction of the change itself (blog/posts/audit.py)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at_id", "at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # None when the identity provider made the change (a role read from its claims).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    # What it was done to, as it was then: the post may be deleted since, or renamed.
    post_id: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class ContentVersion(db.Model):
    """One row whose number changes, in the same transaction, with anything public pages show.

    Public pages use it as their ETag and as the key of the rendered-page cache (blog/caching).
    """

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


# Which of its author's images each post shows (body or feature image), rewritten with every save
# of the post (blog/media/usage.py). Readers may fetch an image once a published post uses it.
post_images = Table(
    "post_images",
    db.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("image_id", ForeignKey("images.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Image(db.Model):
    """An uploaded image, as the blog serves it: re-encoded variants, none of the upload's
    metadata (blog/media/processing.py). Private to its author until a public post or page uses
    it."""

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The name in its URLs (/media/<key>-<width>.<ext>): SHA-256 of the uploader and the bytes
    # uploaded, so one author's same file is one image, and a URL never names other bytes.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"),
                                           index=True)
    # The upload's real format (JPEG, PNG, GIF or WEBP), and the largest variant's size.
    format: Mapped[str] = mapped_column(String(8))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    frames: Mapped[int] = mapped_column(Integer, default=1)
    # The widths of its WebP variants, smallest first ("400 800 1200"), for srcset.
    widths: Mapped[str] = mapped_column(String(100))
    # What its author said it shows: the feature image's alt text.
    alt: Mapped[str] = mapped_column(String(300))
    # Bytes of all its variants: what the author's quota counts.
    stored_bytes: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    variants: Mapped[list[ImageVariant]] = relationship(passive_deletes=True,
                                                        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Image {self.id} {self.key}>"


class ImageVariant(db.Model):
    """One file of an image: a width in one format (webp, or the upload's own), as served."""

    __tablename__ = "image_variants"

    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"),
                                          primary_key=True)
    extension: Mapped[str] = mapped_column(String(8), primary_key=True)
    width: Mapped[int] = mapped_column(Integer, primary_key=True)
    height: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Tag(db.Model):
    """A topic posts are filed under: its display name as first typed, and its address.

    Two names are the same tag when their slugs are equal (case, spacing, accents and
    compatibility forms aside: blog/posts/tags.py).
    """

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(60))

    def __repr__(self) -> str:
        return f"<Tag {self.id} {self.slug!r}>"


# Which tags each post has, in its author's order (position). status and published_at are copies
# of the post's, kept equal in the same transaction (blog/posts/tags.py), so that a tag's public
# posts, newest first, are read from the index below alone: a deep tag page skips index entries,
# not posts. Queries still check public_posts() on the posts they show.
post_tags = Table(
    "post_tags",
    db.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("published_at", DateTime, nullable=True),
    Index("ix_post_tags_tag_id_status_published_at_post_id", "tag_id", "status",
          "published_at", "post_id"),
)


class PostTag(db.Model):
    """One row of post_tags: a tag of a post, at its position (read-only use: queries.py)."""

    __table__ = post_tags

    tag: Mapped[Tag] = relationship(viewonly=True)


def public_post_tags(now=None):
    """The SQL condition of a post_tags row whose post any reader may see: public_posts() on the
    copies of the post's status and published_at."""
    return and_(post_tags.c.status == PUBLISHED,
                post_tags.c.published_at <= (now if now is not None else clock.now()))
