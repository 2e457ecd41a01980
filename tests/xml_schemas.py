"""The RELAX NG schemas of tests/ (Atom 1.0, sitemaps 0.9), and checking a document with them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent


@cache
def _schema(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(HERE / f"{name}.rng")))


def assert_valid(document: bytes, schema: str) -> etree._Element:
    """Parse document (refusing anything not well-formed) and check it against tests/<schema>.rng;
    the root element."""
    root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    checker = _schema(schema)
    assert checker.validate(root), checker.error_log
    return root
