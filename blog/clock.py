"""The blog's one clock: what time it is, in UTC, as the database stores it."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime


def now() -> datetime:
    """The current time in UTC, naive (the database's columns hold naive UTC).

    Everything that asks what time it is asks here, so that tests can set the time in one place
    (scheduled posts appear by the clock alone, with no write).
    """
    return datetime.now(UTC).replace(tzinfo=None)
