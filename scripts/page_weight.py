"""How much a reader's or an author's browser downloads for each page type, in Chromium.

Starts oidc-provider and the blog under gunicorn (tests/e2e/servers.py, a throwaway SQLite
database), publishes the sample post and page (tests/e2e/sample_content.py) as an admin, then
opens every page type with an empty cache and prints, per page: the HTML document, the CSS, JS
and images it loads, and their sum, as sent (the blog does not compress; a router or CDN that
gzips would send about the "gzip" column for the document). Also prints the size of each static
CSS and JS file.

    .venv/bin/python scripts/page_weight.py
Needs node (tests/e2e/node_modules) and Chromium, as the e2e tests do.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.browsing import DESKTOP  # noqa: E402
from tests.e2e.browsing import Person  # noqa: E402
from tests.e2e.conftest import CHROMIUM  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.e2e.conftest import CLIENT_ID  # noqa: E402
from tests.e2e.sample_content import AUTHOR_PAGES  # noqa: E402
from tests.e2e.sample_content import EDITOR  # noqa: E402
from tests.e2e.sample_content import READER_PAGES  # noqa: E402
from tests.e2e.sample_content import create_sample_content  # noqa: E402
from tests.e2e.servers import provider_and_blog  # noqa: E402
from tests.helpers import ROLE_GROUPS  # noqa: E402

STATIC = ROOT / "blog" / "static"
# What the browser reports for every resource the page loaded, by kind.
RESOURCES = """() => performance.getEntriesByType("resource").map((entry) => (
  {url: entry.name, kind: entry.initiatorType, bytes: entry.encodedBodySize}))"""
KINDS = {"link": "css", "css": "css", "script": "js", "img": "images"}


def weigh(person: Person, path: str) -> dict:
    """What opening path with an empty cache downloads, in bytes, by kind."""
    cdp = person.page.context.new_cdp_session(person.page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    response = person.visit(path)
    document = response.body()
    sizes = {"html": len(document), "gzip": len(gzip.compress(document, 6)),
             "css": 0, "js": 0, "images": 0}
    for resource in person.page.evaluate(RESOURCES):
        kind = KINDS.get(resource["kind"])
        if kind:
            sizes[kind] += resource["bytes"]
    sizes["total"] = sizes["html"] + sizes["css"] + sizes["js"] + sizes["images"]
    cdp.detach()
    return sizes


def print_table(rows: dict[str, dict]) -> None:
    """One line per page, kilobytes with one decimal."""
    columns = ("html", "gzip", "css", "js", "images", "total")
    print(f"{'page':<34}" + "".join(f"{name:>9}" for name in columns) + "   (KB)")
    for name, sizes in rows.items():
        print(f"{name:<34}" + "".join(f"{sizes[column] / 1024:>9.1f}" for column in columns))


def main() -> int:
    print("static files (bytes as served, gzip -6):")
    for path in sorted([*STATIC.glob("css/*.css"), *STATIC.glob("js/*.js")]):
        data = path.read_bytes()
        print(f"  {path.relative_to(STATIC)!s:<22}{len(data):>8,}{len(gzip.compress(data, 6)):>8,}")
    with tempfile.TemporaryDirectory() as workdir, provider_and_blog(
            Path(workdir), client_id=CLIENT_ID,
            blog_settings={"ROLE_GROUPS": ROLE_GROUPS}) as (provider, blog), \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        admin = Person.open(browser, blog_url=blog.url, provider_url=provider.issuer,
                            viewport=DESKTOP)
        admin.log_in(EDITOR)
        content = create_sample_content(admin)
        reader = Person.open(browser, blog_url=blog.url, provider_url=provider.issuer,
                             viewport=DESKTOP)
        rows = {f"reader: {name}": weigh(reader, path(content))
                for name, path in READER_PAGES.items()}
        rows |= {f"author: {name}": weigh(admin, path(content))
                 for name, path in AUTHOR_PAGES.items()}
        browser.close()
    print()
    print_table(rows)
    largest = max(rows, key=lambda name: rows[name]["total"])
    print(f"\nlargest: {largest}, {rows[largest]['total'] / 1024:.1f} KB with an empty cache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
