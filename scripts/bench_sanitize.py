"""Benchmark: the worst time to check and sanitize a post body, over hostile shapes at the limit.

Each shape is repeated to fill BODY_MAX_BYTES, then cut to the most repetitions the form accepts
(the markup budget and the stored size), so every body timed is one an author could publish.
Prints one line per shape and the worst; exits non-zero when the worst is over the target.

    .venv/bin/python scripts/bench_sanitize.py [--target-ms 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blog.content.markup_budget import MarkupTooComplex  # noqa: E402
from blog.content.markup_budget import check_markup_budget  # noqa: E402
from blog.content.sanitize import _sanitize  # noqa: E402
from blog.content.sanitize import is_blank  # noqa: E402
from blog.posts.forms import STORED_BODY_FACTOR  # noqa: E402
from blog.settings import DEFAULTS  # noqa: E402
from tests.long_post import realistic_long_post  # noqa: E402

SHAPES = {
    "nested lists": "<ol><li>",
    "nested blockquotes": "<blockquote>",
    "nested tables": "<table><tr><td>",
    "unclosed bold": "<b>",
    "italic-underline mix": "<i><u>",
    "unclosed anchors": '<a href="https://example.com/">x',
    "p inside lists": "<ul><li><p>x",
    "unclosed divs": "<div>",
    "stripped tags": "<span>",
    "formatting across blocks": "<b><div>x</b>",
    "misnested blocks": "<x><div></x>",
    "flat paragraphs": "<p>hello world</p>",
    "flat breaks": "<br>",
    "character references": "&amp;",
    "bare less-than": "a < b ",
    "bare greater-than": ">",
    "comments": "<!-- x -->",
    "bare URLs": "x.co ",
    "dotted words": "a.b ",
    "links with attributes": '<a href="https://example.com/" title="t">x</a> ',
    "code with markup": "<code>a<b && c>d</code>",
    "scripts": "<script>x</script>y",
    "plain words": "hello world ",
}


def accepted(body: str, limit: int) -> bool:
    """Whether the post form would take this body (all but the required-field checks)."""
    body += " end"  # a shape that is only markup would be refused as showing nothing
    if len(body.encode()) > limit:
        return False
    try:
        check_markup_budget(body)
    except MarkupTooComplex:
        return False
    clean = _sanitize(body)
    return not is_blank(clean) and len(clean.encode()) <= limit * STORED_BODY_FACTOR


def largest_accepted(unit: str, limit: int) -> str | None:
    """The most repetitions of `unit` that the form accepts (binary search; None if not one)."""
    low, high = 0, limit // len(unit.encode()) + 1
    while low < high:
        middle = (low + high + 1) // 2
        _sanitize.cache_clear()
        if accepted(unit * middle, limit):
            low = middle
        else:
            high = middle - 1
    return unit * low + " end" if low else None


def seconds(body: str, runs: int) -> float:
    """The best of `runs` timings of the budget check plus sanitizing (no cache)."""
    best = float("inf")
    for _ in range(runs):
        _sanitize.cache_clear()
        start = time.perf_counter()
        check_markup_budget(body)
        _sanitize(body)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target-ms", type=float, default=100.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    limit = DEFAULTS["BODY_MAX_BYTES"]
    print(f"BODY_MAX_BYTES {limit:,}; best of {args.runs} runs per shape")
    worst = ("", 0.0)
    bodies = {name: largest_accepted(unit, limit) for name, unit in SHAPES.items()}
    bodies["realistic 8,000-word post"] = realistic_long_post()
    for name, body in bodies.items():
        if body is None:
            print(f"{name:28} refused at any size")
            continue
        took = seconds(body, args.runs)
        print(f"{name:28} {len(body.encode()):>9,} bytes  {took * 1000:7.1f} ms")
        worst = max(worst, (name, took), key=lambda item: item[1])
    print(f"worst: {worst[0]} {worst[1] * 1000:.1f} ms (target {args.target_ms:.0f} ms)")
    return 0 if worst[1] * 1000 <= args.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())
