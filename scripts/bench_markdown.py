"""Benchmark: the worst time to render a Markdown body, over hostile shapes at the limit.

Each shape is repeated to the most repetitions the pipeline accepts within BODY_MAX_BYTES (the
Markdown budget, then the markup budget), then rendered with render_body (Markdown -> budget ->
sanitize -> highlight -> excerpt) and previewed (plus removed_by_sanitizer). Prints, per shape,
the time of each step, then the worst; then highlight_code on hostile code of a few lexers at
MAX_HIGHLIGHTED_BYTES. Exits non-zero when the worst render is over the target.

    .venv/bin/python scripts/bench_markdown.py [--target-ms 400] [--runs 3]
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blog.content import render  # noqa: E402
from blog.content.highlight import MAX_HIGHLIGHTED_BYTES  # noqa: E402
from blog.content.highlight import highlight_code  # noqa: E402
from blog.content.markdown import markdown_to_html  # noqa: E402
from blog.content.markdown_budget import check_markdown_budget  # noqa: E402
from blog.content.markup_budget import MarkupTooComplex  # noqa: E402
from blog.content.markup_budget import check_markup_budget  # noqa: E402
from blog.content.removals import removed_by_sanitizer  # noqa: E402
from blog.content.sanitize import _sanitize  # noqa: E402
from blog.settings import DEFAULTS  # noqa: E402
from tests.long_markdown_post import realistic_long_markdown_post  # noqa: E402

SHAPES = {
    "nested lists": "".join("  " * depth + "- x\n" for depth in range(20)),
    "nested quotes": "".join(">" * depth + " x\n" for depth in range(1, 40)),
    "list marker chains": "- - - - - - - - - - - - - - - - - - - - x\n",
    "quoted lists": "> > > - 1. x\n",
    "list items": "- x\n",
    "ordered items": "1. x\n",
    "paragraphs": "w\n\n",
    "lines": "word\n",
    "headings": "# h\n",
    "setext headings": "a\n=\n",
    "stars": "*",
    "emphasis": "*a* ",
    "mixed delimiters": "*_",
    "underscores in words": "x_y ",
    "brackets": "[",
    "nested brackets": "[[[[[[[[[[a]]]]]]]]]] ",
    "link openers": "](",
    "links": "[a](https://example.com/) ",
    "images": "![a](https://example.com/a.png) ",
    "reference definitions": "[r]: /u\n",
    "reference uses": "[r] ",
    "backticks": "`",
    "code spans": "`c` ",
    "backtick runs": "` `` ``` ```` ",
    "autolinks": "<https://a.example> ",
    "email autolinks": "<a@b.example> ",
    "html inline": "<span>",
    "html unknown tags": "<int> ",
    "html blocks": "<div>\nx\n</div>\n\n",
    "comments": "<!-- x -->\n",
    "entities": "&amp; ",
    "backslashes": "\\*",
    "table rows": "| x | y |\n",
    "wide tables": "|" + "a|" * 30 + "\n|" + "-|" * 30 + "\n" + ("|" + "x|" * 30 + "\n") * 20,
    "unclosed fences": "```\n",
    "fenced code lines": "x = a[i] * b_c < d & e\n",
    "colons": ": ",
    "equals signs": "=",
    "bare URLs": "https://a.example/x ",
    "plain words": "hello world ",
}
LEXER_SHAPES = {
    "unclosed strings": '"a',
    "nested parentheses": "(",
    "comment openers": "/* ",
    "backslashes": "\\",
    "angle brackets": "<<",
    "long identifiers": "abcdefghij",
    "mixed": "x = f(a[1], 'b', \"c\") # d /* e */ <f> {g} \\h\n",
}
LEXERS = ("python", "c++", "javascript", "html", "bash", "sql", "ruby", "perl", "php", "yaml",
          "markdown", "rust")


def clear_caches() -> None:
    render._received_html.cache_clear()
    render._rendered_html.cache_clear()
    _sanitize.cache_clear()


def accepted(body: str, limit: int) -> bool:
    """Whether render_body accepts this body within the byte limit."""
    if len(body.encode()) > limit:
        return False
    try:
        check_markdown_budget(body)
        clear_caches()
        render.render_body(body, "markdown")
    except MarkupTooComplex:
        return False
    return True


def largest_accepted(unit: str, limit: int) -> str | None:
    """The most repetitions of `unit` that render_body accepts (binary search; None if none)."""
    low, high = 0, limit // len(unit.encode())
    while low < high:
        middle = (low + high + 1) // 2
        if accepted(unit * middle, limit):
            low = middle
        else:
            high = middle - 1
    return unit * low if low else None


def best(runs: int, step) -> float:
    """The best of `runs` timings of `step()`, in ms, with no cache."""
    fastest = float("inf")
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        step()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest * 1000


def steps(body: str, runs: int) -> dict[str, float]:
    """Milliseconds of each step of the pipeline for `body`, and of the whole."""
    unsanitized = markdown_to_html(body)
    clean = _sanitize(unsanitized)
    return {
        "markdown": best(runs, lambda: markdown_to_html(body)),
        "sanitize": best(runs, lambda: (check_markup_budget(unsanitized), _sanitize(unsanitized))),
        "highlight": best(runs, lambda: highlight_code(clean)),
        "render": best(runs, lambda: render.render_body(body, "markdown")),
        "preview": best(runs, lambda: render.preview_body(body, "markdown")),
        "removals": best(runs, lambda: removed_by_sanitizer(unsanitized)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target-ms", type=float, default=400.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    limit = DEFAULTS["BODY_MAX_BYTES"]
    print(f"BODY_MAX_BYTES {limit:,}; best of {args.runs} runs per shape; ms per step")
    print(f"{'shape':26} {'bytes':>9} {'markdown':>9} {'sanitize':>9} {'highlight':>9} "
          f"{'render':>9} {'preview':>9}")
    worst = ("", 0.0)
    bodies = {name: largest_accepted(unit, limit) for name, unit in SHAPES.items()}
    bodies["realistic 8,000-word post"] = realistic_long_markdown_post()
    for name, body in bodies.items():
        if body is None:
            print(f"{name:26} refused at any size")
            continue
        took = steps(body, args.runs)
        print(f"{name:26} {len(body.encode()):>9,} {took['markdown']:9.1f} {took['sanitize']:9.1f} "
              f"{took['highlight']:9.1f} {took['render']:9.1f} {took['preview']:9.1f}")
        worst = max(worst, (name, took["render"]), key=lambda item: item[1])
    print(f"worst render: {worst[0]} {worst[1]:.1f} ms (target {args.target_ms:.0f} ms)")

    print(f"\nhighlight_code on {MAX_HIGHLIGHTED_BYTES:,} bytes of hostile code, ms")
    print(f"{'lexer':12}" + "".join(f"{shape[:12]:>13}" for shape in LEXER_SHAPES))
    worst_highlight = ("", 0.0)
    for lexer in LEXERS:
        row = []
        for shape, unit in LEXER_SHAPES.items():
            code = (unit * (MAX_HIGHLIGHTED_BYTES // len(unit)))[:MAX_HIGHLIGHTED_BYTES]
            block = (f'<pre><code class="language-{lexer}">{html.escape(code, quote=False)}'
                     "</code></pre>")
            took = best(args.runs, lambda block=block: highlight_code(block))
            row.append(took)
            worst_highlight = max(worst_highlight, (f"{lexer} {shape}", took),
                                  key=lambda item: item[1])
        print(f"{lexer:12}" + "".join(f"{took:13.1f}" for took in row))
    print(f"worst highlight: {worst_highlight[0]} {worst_highlight[1]:.1f} ms")
    return 0 if worst[1] <= args.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())
