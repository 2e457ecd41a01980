"""Text that XML 1.0 can carry: what a title or body may hold that no XML document may."""

from __future__ import annotations

from datetime import datetime

# XML 1.0 (section 2.2) allows tab, newline and carriage return of the C0 controls, and not
# U+FFFE or U+FFFF. The post form strips the rest already; rows written any other way (imports,
# seeds, older versions) may still hold them, and one would make the whole document unreadable.
_NOT_IN_XML = {**dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r"),
               0xFFFE: None, 0xFFFF: None}


def xml_safe(text: str) -> str:
    """text without the characters XML 1.0 forbids (a lone surrogate becomes "?")."""
    text = text.translate(_NOT_IN_XML)
    # A str from the database never holds surrogates; one made another way might.
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def w3c_datetime(moment: datetime) -> str:
    """A naive UTC time as RFC 3339 / W3C datetime, to the second: 2026-12-01T15:25:51Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
