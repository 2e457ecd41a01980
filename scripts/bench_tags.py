#!/usr/bin/env python3
"""Hostile-input benchmark of the tags field's parser (blog/posts/tags.py parse_tags).

The field is bounded at TAGS_FIELD_MAX_LENGTH characters before any work; this times the worst
inputs within that bound (characters NFKC expands eighteenfold, a thousand commas, one huge item,
whitespace runs, many near-duplicates) and one just past it (refused at once), and prints the
median and worst milliseconds of each.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blog.posts.tags import TAGS_FIELD_MAX_LENGTH  # noqa: E402
from blog.posts.tags import TagsRefused  # noqa: E402
from blog.posts.tags import parse_tags  # noqa: E402

LIMIT = TAGS_FIELD_MAX_LENGTH
CASES = {
    "ten ordinary tags": ", ".join(f"topic number {n}" for n in range(10)),
    "NFKC x18 (U+FDFA), one item": "\ufdfa" * LIMIT,
    "NFKC x18, ten items": ",".join(["\ufdfa" * (LIMIT // 10 - 1)] * 10),
    "1,000 commas": "," * LIMIT,
    "50 one-letter duplicates": "a," * 50,
    "500 one-letter items (refused)": "a," * (LIMIT // 2),
    "whitespace runs": (" \t\u3000" * LIMIT)[:LIMIT],
    "CJK to transliterate": ("漢字" * LIMIT)[:LIMIT],
    "one past the bound": "a" * (LIMIT + 1),
}


def main() -> None:
    """Time every case."""
    print(f"parse_tags, field bound {LIMIT} characters; ms median / worst of 200")
    for label, text in CASES.items():
        samples = []
        outcome = ""
        for _ in range(200):
            started = time.perf_counter()
            try:
                outcome = f"{len(parse_tags(text))} tags"
            except TagsRefused as refusal:
                outcome = f"refused: {str(refusal)[:40]}"
            samples.append((time.perf_counter() - started) * 1000)
        print(f"{label:30} {statistics.median(samples):7.3f} / {max(samples):7.3f}  {outcome}")


if __name__ == "__main__":
    main()
