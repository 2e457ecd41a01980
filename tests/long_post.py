"""A realistic long post (headings, lists, links, code, a table) for sanitizer tests."""

from __future__ import annotations

import itertools

_WORDS = ("the quick brown fox jumps over a lazy dog while readers of this blog wonder why "
          "anyone would write about foxes at such length, but here we are again").split()


def _sentence(n: int, start: int) -> str:
    words = [_WORDS[(start + i) % len(_WORDS)] for i in range(n)]
    return " ".join(words).capitalize() + "."


def realistic_long_post(words: int = 8000) -> str:
    """About `words` words of HTML the way a long technical post is written."""
    parts: list[str] = []
    counter = itertools.count()
    written = 0
    section = 0
    while written < words:
        section += 1
        parts.append(f"<h2>Section {section}: on foxes &amp; dogs</h2>")
        for _ in range(4):
            n = next(counter)
            parts.append(
                f"<p>{_sentence(18, n)} See <a href=\"https://example.com/notes/{n}\">note {n}</a>"
                f" and <code>fox_{n}(a &lt; b)</code>; it is <em>fast</em>, <strong>brown</strong>"
                f" and &ldquo;quick&rdquo; &mdash; {_sentence(22, n + 3)} Also example.org/{n}.</p>"
            )
            written += 48
        parts.append("<h3>Steps</h3><ol start=\"3\">" + "".join(
            f"<li>{_sentence(9, i)}<ul><li>{_sentence(6, i + 1)}</li></ul></li>" for i in range(4)
        ) + "</ol>")
        written += 60
        parts.append(
            "<pre><code class=\"language-cpp\">#include &lt;vector&gt;\n"
            "std::vector&lt;int&gt; v; if (a &lt; b &amp;&amp; c &gt; d) { v.push_back(1); }\n"
            "</code></pre>"
        )
        written += 16
        parts.append("<blockquote><p>" + _sentence(25, section) + "</p></blockquote>")
        written += 25
        if section % 4 == 0:
            rows = "".join(f"<tr><td>fox {r}</td><td>{r * 3}</td><td>{_sentence(5, r)}</td></tr>"
                           for r in range(8))
            parts.append("<table><caption>Foxes</caption><thead><tr><th scope=\"col\">Name</th>"
                         "<th scope=\"col\">Speed</th><th scope=\"col\">Notes</th></tr></thead>"
                         f"<tbody>{rows}</tbody></table>")
            parts.append('<figure><img src="/static/fox.png" alt="A fox" width="400">'
                         "<figcaption>A fox, drawn.</figcaption></figure>")
            written += 60
    return "\n".join(parts)
