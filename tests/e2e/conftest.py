"""Fixtures for the end-to-end suite: oidc-provider, the blog under gunicorn, headless Chromium.

The servers and the browser start once per test session. Each person in a test gets a fresh
browser context, so authors never share cookies at the blog or at the provider.

Without node, oidc-provider's packages or Chromium, these tests skip and say what is missing;
with CI=true in the environment a missing piece is a failure instead, so CI cannot go green by
quietly skipping the browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.browsing import DESKTOP
from tests.e2e.browsing import Person
from tests.e2e.servers import E2E_DIR
from tests.e2e.servers import NODE_MAJOR
from tests.e2e.servers import node_binary
from tests.e2e.servers import node_major
from tests.e2e.servers import provider_and_blog
from tests.helpers import ROLE_GROUPS

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # Root in a container has no user namespaces for Chromium's sandbox.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Only loopback resolves: pages that reach further fail fast instead of waiting on DNS.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
CLIENT_ID = "blog-e2e"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items) -> None:
    """Keep the browser tests on one pytest-xdist worker (--dist loadgroup), so that the run
    starts one provider, one blog and one Chromium for them, not one per worker."""
    for item in items:
        if "tests/e2e/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.xdist_group("e2e"))


def in_ci() -> bool:
    """True when CI is set in the environment to anything but empty, 0, false or no."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_requirements() -> list[str]:
    """What this machine lacks to run the e2e tests, in words that say how to get it."""
    missing = []
    node = node_binary()
    if node is None:
        missing.append(f"node is not on PATH (install Node.js, then `npm ci` in tests/e2e, which "
                       f"brings Node {NODE_MAJOR} on Linux x64)")
    elif not (E2E_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        missing.append("oidc-provider is not installed (run `npm ci` in tests/e2e, or bash "
                       "scripts/test, which does)")
    elif node_major(node) < NODE_MAJOR:
        missing.append(f"{node} is older than Node.js {NODE_MAJOR}, which oidc-provider 9 needs "
                       f"(on Linux x64 `npm ci` in tests/e2e brings one; elsewhere install it)")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set "
                       "E2E_CHROMIUM to a Chromium binary)")
    return missing


@pytest.fixture(scope="session", autouse=True)
def e2e_requirements() -> None:
    """Skip the e2e tests on a machine without node or Chromium; fail them in CI."""
    missing = missing_requirements()
    if not missing:
        return
    reason = "end-to-end tests cannot run: " + "; ".join(missing)
    if in_ci():
        pytest.fail(reason + ". CI=true, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def e2e_workdir(tmp_path_factory) -> Path:
    """A directory for the blog's database and the servers' logs."""
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def _servers(e2e_workdir):
    # Roles from the provider's groups (provider.mjs: logins ending in .editor, ...); anyone else
    # stays an author, as every other e2e test expects.
    with provider_and_blog(e2e_workdir, client_id=CLIENT_ID, blog_settings={
            "ROLE_GROUPS": ROLE_GROUPS}) as servers:
        yield servers


@pytest.fixture(scope="session")
def openid_provider(_servers):
    """oidc-provider on a free loopback port, with the blog registered as a confidential client."""
    return _servers[0]


@pytest.fixture(scope="session")
def blog_server(_servers):
    """The blog under gunicorn, configured for openid_provider, on a migrated SQLite database."""
    return _servers[1]


@pytest.fixture(scope="session")
def browser(e2e_requirements):
    """Debian's headless Chromium, driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_browser(browser, blog_server, openid_provider):
    """Open a fresh browser for one person: open_browser(viewport=..., phone=...,
    javascript=...) -> Person.

    Fails the test when any of them saw a dialog, a console error on the blog or a blog page
    loading something from off this machine.
    """
    people = []

    def open_(viewport: dict = DESKTOP, phone: bool = False, color_scheme: str = "light",
              javascript: bool = True) -> Person:
        person = Person.open(browser, blog_url=blog_server.url,
                             provider_url=openid_provider.issuer, viewport=viewport, phone=phone,
                             color_scheme=color_scheme, javascript=javascript)
        people.append(person)
        return person

    yield open_
    problems = [problem for person in people for problem in person.problems]
    for person in people:
        person.close()
    if problems:
        pytest.fail("the browser saw:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def screenshots() -> Path:
    """test-artifacts/screenshots/, created if needed."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
