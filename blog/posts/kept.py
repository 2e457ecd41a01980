"""Text posted after its author's login ended: kept on the server, given back after the login.

An author whose session ended while writing (logged out in another tab, or expired) and who
presses Publish or Save is sent to log in. Their title and body are kept in the kept_drafts table
under the hash of a random token that only their signed session cookie carries (a body of up to
BODY_MAX_BYTES does not fit in a cookie). After the login the form shows the text again, with a
message, for them to press the button once more: kept text is never published by itself.

Only a POST from the blog's own pages is kept, so that another site cannot plant text in a
visitor's form. An edit goes back into its post's edit form only if the author who logged in may
edit that post; otherwise into the new-post form. A kept copy is deleted once it is given back,
when it expires, or to make room (at most KEPT_DRAFTS_MAX are kept at any time).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask import g
from flask import redirect
from flask import request
from flask import session
from flask import url_for

from blog.auth.sessions import KEPT_DRAFT_KEY
from blog.content.render import SOURCE_FORMATS
from blog.extensions import db
from blog.models import KeptDraft
from blog.models import Post
from blog.models import utcnow

# Long enough to log in again (the provider may ask for a password, a second factor, a sign-up);
# short enough that text left behind on a shared computer does not wait for the next person.
KEPT_DRAFT_LIFETIME = timedelta(hours=24)
# Anybody can post to the dashboard without a login: bound what such posts can store. A kept
# draft is at most twice the body limit, so the table holds at most 200 bodies' worth (25 MiB
# with the default 128 KB limit).
KEPT_DRAFTS_MAX = 100
SLUG_COLUMN_LENGTH = Post.__table__.c.slug.type.length


@dataclass(frozen=True)
class KeptText:
    """What a kept draft gives back to a form."""

    title: str
    body: str
    source_format: str | None
    summary: str
    tags: str | None = None


def keeps_text_across_login(view):
    """Decorate a login_required view whose form carries an author's text (above the guard).

    A POST from a browser whose login has ended keeps its text, when it comes from the blog's
    own pages, and sends the author to log in and on to the posts.kept page afterwards.
    """

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None and request.method == "POST" and posted_from_this_site():
            if keep_posted_text(kwargs.get("slug")):
                return redirect(url_for("auth.login", next=url_for("posts.kept")))
        return view(**kwargs)

    return wrapped


def posted_from_this_site() -> bool:
    """Whether the browser says this request came from one of the blog's own pages.

    Sec-Fetch-Site when the browser sends it, else Origin, else Referer (same-origin requests
    keep it under our Referrer-Policy); a request with none of them is not trusted.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        referer = urlsplit(request.headers.get("Referer", ""))
        if not (referer.scheme and referer.netloc):
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    return origin.lower() == f"{request.scheme}://{request.host}".lower()


def keep_posted_text(slug: str | None) -> bool:
    """Keep this POST's title and body for this browser (replacing what it kept before).

    False when there is nothing to keep or it is too large. One committed transaction.
    """
    # PostgreSQL text cannot hold a NUL, and no author typed one.
    title = request.form.get("title", "").replace("\x00", "")
    body = request.form.get("body", "").replace("\x00", "")
    summary = request.form.get("summary", "").replace("\x00", "")
    tags = request.form.get("tags")
    if tags is not None:
        tags = tags.replace("\x00", "")
    source_format = request.form.get("format")
    if source_format not in SOURCE_FORMATS:
        source_format = None
    if not (title.strip() or body.strip() or summary.strip()):
        return False
    size = (len(title.encode()) + len(body.encode()) + len(summary.encode())
            + len((tags or "").encode()))
    if size > 2 * current_app.config["BODY_MAX_BYTES"]:
        return False
    if slug is not None and len(slug) > SLUG_COLUMN_LENGTH:
        slug = None  # no post has it: the text goes to a new post
    now = utcnow()
    _forget_this_browsers_draft()
    _make_room(now)
    token = secrets.token_urlsafe(32)
    db.session.add(KeptDraft(id=_hash(token), post_slug=slug, title=title, body=body,
                             source_format=source_format, summary=summary, tags=tags,
                             created_at=now,
                             expires_at=now + KEPT_DRAFT_LIFETIME))
    db.session.commit()
    session[KEPT_DRAFT_KEY] = token
    return True


def kept_draft() -> KeptDraft | None:
    """This browser's kept draft, if it has one that has not expired (no query if it has none)."""
    token = session.get(KEPT_DRAFT_KEY)
    if not isinstance(token, str):
        return None
    draft = db.session.get(KeptDraft, _hash(token))
    if draft is None or draft.expires_at <= utcnow():
        session.pop(KEPT_DRAFT_KEY, None)
        return None
    return draft


def where_kept_text_goes(author_id: int) -> str | None:
    """The slug of the post whose edit form gets the kept text, or None for the new-post form.

    An edit of a post that this author may not edit (someone else logged in, or the post is
    gone) becomes a new post. None too when nothing is kept. One committed transaction.
    """
    draft = kept_draft()
    if draft is None or draft.post_slug is None:
        return None
    editable = db.session.execute(
        db.select(Post.id).filter_by(slug=draft.post_slug, author_id=author_id)
    ).scalar_one_or_none()
    if editable is None:
        draft.post_slug = None
        db.session.commit()
        return None
    return draft.post_slug


def take_kept_text(slug: str | None) -> KeptText | None:
    """The text kept for the form of this post (None: the new-post form), deleted as it is taken.

    None when this browser kept nothing for that form. One committed transaction.
    """
    draft = kept_draft()
    if draft is None or draft.post_slug != slug:
        return None
    text = KeptText(title=draft.title, body=draft.body, source_format=draft.source_format,
                    summary=draft.summary, tags=draft.tags)
    db.session.delete(draft)
    db.session.commit()
    session.pop(KEPT_DRAFT_KEY, None)
    return text


def purge_expired_drafts() -> int:
    """Delete every expired kept draft; return how many. One committed transaction."""
    result = db.session.execute(db.delete(KeptDraft).where(KeptDraft.expires_at <= utcnow()))
    db.session.commit()
    return result.rowcount


def _forget_this_browsers_draft() -> None:
    token = session.pop(KEPT_DRAFT_KEY, None)
    if isinstance(token, str):
        db.session.execute(db.delete(KeptDraft).where(KeptDraft.id == _hash(token)))


def _make_room(now) -> None:
    # Expired drafts first, then the oldest beyond the bound (a flood evicts, never blocks).
    db.session.execute(db.delete(KeptDraft).where(KeptDraft.expires_at <= now))
    newest = (db.select(KeptDraft.id).order_by(KeptDraft.created_at.desc(), KeptDraft.id.desc())
              .limit(KEPT_DRAFTS_MAX - 1))
    db.session.execute(db.delete(KeptDraft).where(KeptDraft.id.not_in(newest)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
