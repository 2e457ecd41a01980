"""Root-relative links and image sources of a rendered body made absolute, for feed readers.

Readers show an entry away from the site, and not all of them honour xml:base: an image at
/media/... would not load. Only the sanitizer's own output is read here, in one linear pass.
"""

from __future__ import annotations

import re

# In the sanitizer's serialisation every attribute is double-quoted and text holds no raw "<",
# so `<tag ... src="/` is an attribute of a real tag, never text of a code sample, and a
# quote inside a value is always &quot;. One src or href per tag is all the sanitizer allows
# (img keeps src, a keeps href). "//host" and "/\host" name other sites: left alone.
_ROOT_RELATIVE = re.compile(r'(<[a-zA-Z][^<>]*?\s(?:src|href)=")/(?![/\\])')


def with_absolute_links(html: str, origin: str) -> str:
    """html with every root-relative src and href prefixed with origin (scheme://host[:port])."""
    return _ROOT_RELATIVE.sub(lambda match: f"{match.group(1)}{origin}/", html)
