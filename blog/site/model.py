"""The site_settings table: one row (id 1), written by the admins' settings page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import select
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from blog.extensions import db

ROW_ID = 1
# Where a logged-in request keeps the revision its login session's statement read.
REVISION_G_KEY = "site_settings_revision"


class SiteSettingsRow(db.Model):
    """The stored settings. No row: the environment's values (BLOG_TITLE and companions).

    `revision` goes up with every save; the public version's statement reads it, so that each
    process reads the row again only when it changed (blog/site/store.py).
    """

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300))
    about: Mapped[str] = mapped_column(String(200))
    # A JSON list of [label, url] pairs, in order (validated before it is stored).
    navigation: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


def revision_subquery():
    """The stored settings' revision (NULL without a row), as a column of another statement.

    The public version's statement and the login session's carry it, so that no page spends a
    statement of its own to learn whether the settings changed (blog/site/store.py).
    """
    return (select(SiteSettingsRow.revision).where(SiteSettingsRow.id == ROW_ID)
            .scalar_subquery())
