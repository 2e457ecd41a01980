"""Authors' page addresses (/authors/<slug>): made from the name once, then kept.

A slug is made at the first login and never changes afterwards, even when the provider reports a
new name: links to an author's page (bylines, other sites) keep working. A second author of the
same name gets -2, -3, ...
"""

from __future__ import annotations

from slugify import slugify

from blog.extensions import db
from blog.models import AUTHOR_SLUG_MAX_LENGTH
from blog.models import Author

FALLBACK_AUTHOR_SLUG = "author"


def base_author_slug(name: str) -> str:
    """The slug a name would get before collisions: transliterated, lower-case, hyphenated."""
    # Room for a "-NNNN" suffix within the column.
    return (slugify(name or "", max_length=AUTHOR_SLUG_MAX_LENGTH - 8, word_boundary=True)
            or FALLBACK_AUTHOR_SLUG)


def unique_author_slug(name: str) -> str:
    """A slug made from name that no author has yet: base, base-2, base-3, ..."""
    base = base_author_slug(name)
    taken = set(db.session.execute(
        db.select(Author.slug).where((Author.slug == base) | Author.slug.like(f"{base}-%"))
    ).scalars())
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
