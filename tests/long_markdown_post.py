"""A realistic long post in Markdown (the shape of tests/long_post.py), for the content pipeline."""

from __future__ import annotations

import itertools

from tests.long_post import _WORDS


def _sentence(n: int, start: int) -> str:
    words = [_WORDS[(start + i) % len(_WORDS)] for i in range(n)]
    return " ".join(words).capitalize() + "."


def _wrapped(text: str, width: int = 78) -> str:
    """`text` hard-wrapped as many editors write Markdown: the costlier shape for the parser."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def realistic_long_markdown_post(words: int = 8000) -> str:
    """About `words` words of Markdown the way a long technical post is written."""
    parts: list[str] = []
    counter = itertools.count()
    written = 0
    section = 0
    while written < words:
        section += 1
        parts.append(f"## Section {section}: on foxes & dogs")
        for _ in range(4):
            n = next(counter)
            parts.append(_wrapped(
                f"{_sentence(18, n)} See [note {n}](https://example.com/notes/{n}) and "
                f"`fox_{n}(a < b)`; it is *fast*, **brown** and \u201cquick\u201d \u2014 "
                f"{_sentence(22, n + 3)} Also example.org/{n}."
            ))
            written += 48
        parts.append("### Steps")
        parts.append("\n".join(f"{i + 3}. {_sentence(9, i)}\n   - {_sentence(6, i + 1)}"
                               for i in range(4)))
        written += 60
        parts.append("```cpp\n#include <vector>\n"
                     "std::vector<int> v; if (a < b && c > d) { v.push_back(1); }\n```")
        written += 16
        parts.append(_wrapped("> " + _sentence(25, section)).replace("\n", "\n> "))
        written += 25
        if section % 4 == 0:
            rows = "\n".join(f"| fox {r} | {r * 3} | {_sentence(5, r)} |" for r in range(8))
            parts.append(f"| Name | Speed | Notes |\n| --- | ---: | --- |\n{rows}")
            parts.append("![A fox](/static/fox.png)\n\n*A fox, drawn.*")
            written += 60
    return "\n\n".join(parts)
