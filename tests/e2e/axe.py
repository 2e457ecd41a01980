"""axe-core, vendored by npm into tests/e2e/node_modules, run inside a page in Chromium.

The script is evaluated through the DevTools protocol rather than added as a <script> element:
the blog's Content-Security-Policy forbids inline scripts, and must stay as strict under test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe's tag names; 2.2 added AA rules only).
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags},
                                       resultTypes: ["violations"]})"""


@cache
def axe_source() -> str:
    """The text of axe.min.js (read once per test process)."""
    return AXE_SCRIPT.read_text()


def violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN, WCAG_22_AA)["violations"]


def described(found: list[dict], where: str) -> list[str]:
    """One line per violating element: where, the rule, its impact, the element, the fix."""
    lines = []
    for violation in found:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) at "
                         f"{' '.join(map(str, node['target']))}: {summary}")
    return lines
