"""What an uploaded file really is, from its first bytes: one of the four raster formats we take,
or a refusal that says why (never from its name or the type the browser claimed)."""

from __future__ import annotations

import re


class ImageRefused(ValueError):
    """An upload the blog will not store; the message says why, in words for the author.

    status is the HTTP status the upload endpoint answers with.
    """

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


# Pillow's format names, as Image.open and the plugins know them.
JPEG = "JPEG"
PNG = "PNG"
GIF = "GIF"
WEBP = "WEBP"
ACCEPTED = (JPEG, PNG, GIF, WEBP)

_SIGNATURES = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
# SVG is XML that may carry scripts and load other resources: refused by name so the author
# knows what to do. A BOM, whitespace, an XML declaration or comments may come first.
_SVG = re.compile(rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype svg|<svg)",
                  re.IGNORECASE | re.DOTALL)
SNIFF_BYTES = 512


def sniffed_format(data: bytes) -> str:
    """The Pillow format name of data (JPEG, PNG, GIF or WEBP), or ImageRefused saying what to
    send instead."""
    if not data:
        raise ImageRefused("The file is empty.")
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if _SVG.match(data[:SNIFF_BYTES]):
        raise ImageRefused("SVG images are not accepted (they can carry scripts). Export it as "
                           "PNG and upload that.", status=415)
    raise ImageRefused("This file is not a JPEG, PNG, GIF or WebP image, whatever its name says. "
                       "Upload a photo or picture in one of those formats.", status=415)
