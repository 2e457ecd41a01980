"""The code stylesheet: generated from Pygments, readable on code blocks, linked from every page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.contrast import contrast_ratio

ROOT = Path(__file__).resolve().parent.parent
CODE_CSS = ROOT / "blog" / "static" / "css" / "code.css"
BLOG_CSS = ROOT / "blog" / "static" / "css" / "blog.css"
BACKGROUNDS = {"light": "#f3f1ed", "dark": "#1d222a"}
_RULE = re.compile(r"^\.highlight \.([\w-]+) \{ ([^}]*) \}", re.MULTILINE)
_PAIR = re.compile(r"light-dark\((#[0-9A-Fa-f]{3,6}), (#[0-9A-Fa-f]{3,6})\)")


def rgb(hex_colour: str) -> str:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    return "rgb({}, {}, {})".format(*(int(digits[i:i + 2], 16) for i in (0, 2, 4)))


def declarations(text: str) -> dict[str, str]:
    return dict(part.strip().split(": ", 1) for part in text.split(";") if part.strip())


RULES = {name: declarations(body) for name, body in _RULE.findall(CODE_CSS.read_text())}


def test_the_committed_stylesheet_is_what_the_script_writes_now():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_code_css.py"),
                             "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_blocks_have_the_backgrounds_the_colours_were_checked_on():
    code_bg = re.search(r"--code-bg: ([^;]*);", BLOG_CSS.read_text()).group(1)
    pre_rule = re.search(r"^\.post-body pre \{([^}]*)\}", BLOG_CSS.read_text(), re.MULTILINE)
    assert declarations(pre_rule.group(1))["background"] == "var(--code-bg)"
    assert code_bg == f"light-dark({BACKGROUNDS['light']}, {BACKGROUNDS['dark']})"


def test_the_stylesheet_styles_the_token_classes():
    assert {"k", "s", "c", "nf", "mi"} <= RULES.keys()


@pytest.mark.parametrize("token_class", sorted(RULES))
def test_every_token_colour_reaches_4_5_to_1_in_both_schemes(token_class):
    light, dark = _PAIR.fullmatch(RULES[token_class]["color"]).groups()
    assert contrast_ratio(rgb(light), rgb(BACKGROUNDS["light"])) >= 4.5
    assert contrast_ratio(rgb(dark), rgb(BACKGROUNDS["dark"])) >= 4.5


def test_the_stylesheet_styles_nothing_outside_highlighted_code():
    selectors = re.findall(r"^([^{/\s][^{]*)\{", CODE_CSS.read_text(), re.MULTILINE)
    assert selectors and all(selector.startswith(".highlight .") for selector in selectors)


def test_every_page_links_the_stylesheet_after_blog_css(client):
    page = client.get("/").get_data(as_text=True)
    blog_css = re.search(r'<link rel="stylesheet" href="[^"]*/blog[^"]*\.css"', page)
    code_css = re.search(r'<link rel="stylesheet" href="[^"]*/code[^"]*\.css"', page)
    assert blog_css and code_css and blog_css.start() < code_css.start()
