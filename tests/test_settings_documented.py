"""docs/configuration.md and the settings table (blog.settings.SETTINGS) say the same thing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blog.settings import SETTINGS

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
# A table row that documents a variable: | `NAME` | ...
ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]+)` \|(.*)$", re.MULTILINE)
# Settings the docs name as FLASK_<NAME>, since only that prefix reads them from the environment.
PREFIXED = {"SESSION_COOKIE_SECURE"}


def documented() -> dict[str, str]:
    """Each variable with a row in docs/configuration.md, and the rest of its row."""
    return {name.removeprefix("FLASK_"): rest for name, rest in ROW.findall(DOCS.read_text())}


def test_every_setting_read_from_the_environment_is_documented():
    names = {setting.name for setting in SETTINGS if setting.environment} | PREFIXED
    assert names - documented().keys() == set()


def test_the_docs_document_no_setting_the_blog_does_not_have():
    assert documented().keys() - {setting.name for setting in SETTINGS} == set()


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.environment and s.kind == "integer"
                                     and s.default is not None], ids=lambda s: s.name)
def test_documented_integer_defaults_are_the_real_ones(setting):
    row = documented()[setting.name]
    # Rows in the optional table give the default first: | `NAME` | `900` (15 min) | meaning |
    assert row.split("|")[0].strip().startswith(f"`{setting.default}`"), row
