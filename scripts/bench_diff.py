"""Hostile-input benchmark for comparing two revisions (blog/posts/revisions.py compare).

difflib's matcher is quadratic in the worst case; compare() refuses texts of more than
DIFF_MAX_LINES lines between them. This prints the best of N timings of compare() on shapes
that stress the matcher, each at the bound, so that the bound can be judged.

    .venv/bin/python scripts/bench_diff.py [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import time
from types import SimpleNamespace

from blog.posts.revisions import DIFF_MAX_LINES
from blog.posts.revisions import compare

# Each side gets just under half the bound (compare counts the title and a blank line too).
SIDE = DIFF_MAX_LINES // 2 - 2


def shapes() -> dict[str, tuple[list[str], list[str]]]:
    """Pairs of texts (lists of lines) that make difflib work hard."""
    rng = random.Random(7)
    words = [f"w{n}" for n in range(SIDE)]
    return {
        "identical lines, one changed": (["a"] * SIDE, ["a"] * (SIDE - 1) + ["b"]),
        "all lines different": ([f"x{n}" for n in range(SIDE)],
                                [f"y{n}" for n in range(SIDE)]),
        "two repeated lines, shifted": (["a", "b"] * (SIDE // 2), ["b", "a"] * (SIDE // 2)),
        "every other line changed": (words, [w if n % 2 else w + "!" for n, w in
                                             enumerate(words)]),
        "shuffled": (words, rng.sample(words, len(words))),
        "reversed": (words, words[::-1]),
        "few distinct lines, random": ([rng.choice("abcd") for _ in range(SIDE)],
                                       [rng.choice("abcd") for _ in range(SIDE)]),
        "long lines (1 KB each)": ([str(n) * 300 for n in range(SIDE // 4)],
                                   [str(n + 1) * 300 for n in range(SIDE // 4)]),
    }


def revision(lines: list[str]) -> SimpleNamespace:
    return SimpleNamespace(title="Title", source="\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(f"compare() at the bound ({DIFF_MAX_LINES} lines in all), best of {runs}, ms")
    for name, (before, after) in shapes().items():
        older, newer = revision(before), revision(after)
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            result = compare(older, newer)
            best = min(best, time.perf_counter() - started)
        assert result is not None
        print(f"  {name:32} {best * 1000:8.1f}  ({len(result)} diff lines)")
    over = revision(["a"] * (SIDE + 2))
    started = time.perf_counter()
    assert compare(over, over) is None
    print(f"  {'over the bound (refused)':32} {(time.perf_counter() - started) * 1000:8.1f}")


if __name__ == "__main__":
    main()
