"""Publication times as writers type and read them: ISO 8601, in the site's time zone."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from flask import current_app

from blog import clock
from blog.settings import site_timezone

# An ISO datetime with seconds and an offset is 25 characters; anything longer is not one.
PUBLISH_AT_MAX_LENGTH = 40


class PublishAtRefused(ValueError):
    """A publication time that cannot be used; the message says why."""


def parse_publish_at(value: str) -> datetime:
    """The moment an ISO 8601 datetime names (SITE_TIMEZONE when it has no offset), as naive UTC.

    PublishAtRefused for something else, or for a moment that has passed.
    """
    value = (value or "").strip()
    if not value:
        raise PublishAtRefused("Choose when to publish it.")
    try:
        if len(value) > PUBLISH_AT_MAX_LENGTH:
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PublishAtRefused("Write the time as 2027-03-01T09:30 (ISO 8601).") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=site_timezone(current_app.config))
    moment = moment.astimezone(UTC).replace(tzinfo=None)
    if moment <= clock.now():
        raise PublishAtRefused("That time has passed: press “Publish” to publish it now.")
    return moment


def local_time(moment: datetime) -> str:
    """A stored (naive UTC) time in the site's time zone, as the schedule field shows it."""
    zone = site_timezone(current_app.config)
    return moment.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def zone_name() -> str:
    """The site's time zone, for labels."""
    return current_app.config["SITE_TIMEZONE"]
