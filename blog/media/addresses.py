"""Image file names: /media/<key>-<width>.<ext>, named for pages and read back from requests and
post bodies. A name means one stored file, whose bytes never change (so it is cached a year)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from blog.media.processing import EXTENSIONS
from blog.models import Image

MEDIA_PREFIX = "/media/"
_NAME = re.compile(r"([0-9a-f]{32})-([1-9][0-9]{0,4})\.(webp|jpg|png|gif)")
# Our image URLs wherever they appear in a rendered body: relative or with this site's host.
IMAGE_URL = re.compile(re.escape(MEDIA_PREFIX) + _NAME.pattern)


@dataclass(frozen=True)
class VariantName:
    """What a media URL names: an image's key, a width and a file extension."""

    key: str
    width: int
    extension: str


def parsed_name(name: str) -> VariantName | None:
    """The variant a media file name (after /media/) names, or None if it names none."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    return VariantName(match.group(1), int(match.group(2)), match.group(3))


def keys_in(html: str) -> set[str]:
    """The keys of every image of ours that a rendered body points to."""
    return {match.group(1) for match in IMAGE_URL.finditer(html)}


def variant_name(key: str, width: int, extension: str = "webp") -> str:
    """The file name of one variant (what follows /media/)."""
    return f"{key}-{width}.{extension}"


def webp_widths(image: Image) -> list[int]:
    """The widths of the image's WebP variants, smallest first."""
    return [int(width) for width in image.widths.split()]


def fallback_extension(image: Image) -> str:
    """The extension of its largest variant in the upload's own format (webp for a WebP)."""
    return EXTENSIONS.get(image.format, "webp")
