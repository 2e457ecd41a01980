"""What a person does in the browser, and what the browser must never do, for the e2e tests.

A Person is one fresh browser context (its own cookies at the blog and at the provider) with one
page. It watches for dialogs (a fired alert() means hostile HTML ran), console errors on the blog's
pages (a Content-Security-Policy violation shows up there) and blog pages reaching off this machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit

from playwright.sync_api import Browser
from playwright.sync_api import ConsoleMessage
from playwright.sync_api import Dialog
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import Request
from playwright.sync_api import expect

from tests.e2e.contrast import contrast_ratio

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORD = "any password will do"


def origin_of(url: str) -> str:
    """scheme://host:port of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Person:
    """One person at one browser; `problems` lists what the browser saw go wrong."""

    page: Page
    blog_url: str
    provider_url: str
    # Further providers' origins, for a blog configured with several.
    other_providers: tuple[str, ...] = ()
    dialogs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Paths of the blog whose requests may fail without that being a problem (expect_refusals).
    refusals_expected: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, browser: Browser, *, blog_url: str, provider_url: str,
             viewport: dict = DESKTOP, phone: bool = False,
             other_providers: tuple[str, ...] = (), color_scheme: str = "light",
             javascript: bool = True) -> Person:
        """A fresh context with one page, its listeners attached; color_scheme is what
        prefers-color-scheme reports ("light" or "dark"); javascript=False: a browser that runs
        no script, for what must work without one."""
        context = browser.new_context(viewport=viewport, base_url=blog_url, is_mobile=phone,
                                      has_touch=phone, color_scheme=color_scheme,
                                      java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        person = cls(page=context.new_page(), blog_url=blog_url, provider_url=provider_url,
                     other_providers=other_providers)
        person._watch_page()
        return person

    def _watch_page(self) -> None:
        self.page.on("dialog", self._on_dialog)
        self.page.on("console", self._on_console)
        self.page.on("request", self._on_request)
        self.page.on("pageerror", self._on_page_error)

    def new_tab(self) -> None:
        """Close the page's tab and go on in a new, empty one of the same browser."""
        context = self.page.context
        self.page.close()
        self.page = context.new_page()
        self._watch_page()

    def close(self) -> None:
        """Close the browser context."""
        self.page.context.close()

    def _on_dialog(self, dialog: Dialog) -> None:
        # Dismiss so the page does not hang; the test fails on the recorded message.
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        self.problems.append(f"a {dialog.type} dialog fired: {dialog.message!r}")
        dialog.dismiss()

    def _on_console(self, message: ConsoleMessage) -> None:
        where = message.location.get("url", "") if message.location else ""
        if message.type != "error" or not where.startswith(self.blog_url):
            return
        if message.text.startswith("Failed to load resource") and (
                where == self.page.url or urlsplit(where).path in self.refusals_expected):
            # The page itself answered 403 or 404 (the error pages are meant to), or a request
            # the test expects to fail did.
            return
        self.problems.append(f"console error on {where}: {message.text}")

    def _on_page_error(self, error: PlaywrightError) -> None:
        # An exception the blog's script did not catch.
        self.problems.append(f"a script failed on {self.page.url}: {error}")

    def expect_refusals(self, *paths: str) -> None:
        """Let requests to these paths of the blog fail (a 401 once the session has ended, no
        network) without the console error that Chromium logs counting as a problem."""
        self.refusals_expected.update(paths)

    def _on_request(self, request: Request) -> None:
        # The provider's stock pages import a web font; the blog must load nothing from elsewhere.
        if origin_of(request.url) in (self.blog_url, self.provider_url, *self.other_providers):
            return
        try:
            page_url = request.frame.url
        except PlaywrightError:
            # Requests from service workers have no frame.
            page_url = ""
        if page_url.startswith(self.blog_url) and not request.url.startswith("data:"):
            self.problems.append(f"a blog page requested {request.url}")

    # Navigation -------------------------------------------------------------------------------

    def visit(self, path: str):
        """Open a path of the blog; returns the main response."""
        return self.page.goto(path)

    def at_provider(self) -> bool:
        """True when the page is one of the provider's."""
        return self.page.url.startswith(self.provider_url)

    # Logging in and out -----------------------------------------------------------------------

    def sign_in_at_provider(self, login: str) -> None:
        """Fill the provider's development sign-in form and submit it."""
        expect(self.page.get_by_role("heading", name="Sign-in")).to_be_visible()
        assert self.at_provider(), self.page.url
        self.page.get_by_placeholder("Enter any login").fill(login)
        self.page.get_by_placeholder("and password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign-in").click()

    def consent_at_provider(self) -> None:
        """Press Continue on the provider's consent screen."""
        expect(self.page.get_by_role("heading", name="Authorize")).to_be_visible()
        self.page.get_by_role("button", name="Continue").click()

    def log_in(self, login: str) -> None:
        """Log in from the header: sign in and consent at the provider, land on the dashboard."""
        self.visit("/")
        self.page.get_by_role("link", name="Log in").click()
        self.sign_in_at_provider(login)
        self.consent_at_provider()
        self.page.wait_for_url(self.blog_url + "/dashboard")

    def log_out(self) -> None:
        """Press the header's Log out, then confirm the sign-out at the provider."""
        self.page.get_by_role("button", name="Log out").click()
        expect(self.page.get_by_role("button", name="Yes, sign me out")).to_be_visible()
        self.page.get_by_role("button", name="Yes, sign me out").click()
        self.page.wait_for_url(re.compile(re.escape(self.blog_url) + r"/(\?.*)?$"))

    # Writing ------------------------------------------------------------------------------------

    def publish(self, title: str, body: str, source_format: str = "html") -> str:
        """Write a post on the dashboard (in HTML unless told otherwise); return its page's path."""
        self.visit("/dashboard")
        form = self.page.locator("form.post-form")
        form.get_by_label("Title").fill(title)
        form.get_by_label("Format").select_option(source_format)
        form.get_by_label("Body").fill(body)
        form.get_by_role("button", name="Publish").click()
        expect(self.page.locator(".flash")).to_contain_text("Published")
        return urlsplit(self.page.url).path

    # Checks -------------------------------------------------------------------------------------

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    def box(self, selector: str) -> dict:
        """The first match's bounding box in CSS pixels: x, y, width, height."""
        found = self.page.locator(selector).first.bounding_box()
        assert found is not None, f"{selector} is not on {self.page.url}"
        return found

    def viewport_width(self) -> int:
        """The width of the layout viewport, without a scrollbar."""
        return self.page.evaluate("() => document.documentElement.clientWidth")

    def focus_ring(self, selector: str) -> dict:
        """Focus the first match as a keyboard user would; its outline and what it sits on.

        Returns the computed outline colour, width and style, and the background of the nearest
        ancestor that has one (the canvas, white, when none has).
        """
        # A key press first: Chromium shows :focus-visible for focus() after keyboard use.
        self.page.keyboard.press("Shift")
        self.page.locator(selector).first.focus()
        return self.page.locator(selector).first.evaluate(FOCUS_RING_SCRIPT)

    # The keyboard ----------------------------------------------------------------------------

    def focused(self) -> dict:
        """What has the focus (document.activeElement): see FOCUSED_SCRIPT."""
        return self.page.evaluate(FOCUSED_SCRIPT)

    def press(self, key: str) -> dict:
        """Press a key (Tab, Shift+Tab, Enter, Space...); what has the focus after it."""
        self.page.keyboard.press(key)
        return self.focused()

    def tab_until(self, selector: str, key: str = "Tab", limit: int = 40) -> list[dict]:
        """Press Tab (or `key`, such as Shift+Tab) until the focused element matches the CSS
        selector; every element focused on the way, the match last."""
        path = []
        for _ in range(limit):
            path.append(self.press(key))
            if self.page.evaluate("(selector) => document.activeElement.matches(selector)",
                                  selector):
                return path
        raise AssertionError(f"{key} never reached {selector}: {[describe(f) for f in path]}")


def describe(focused: dict) -> str:
    """A focused element in a few words, for assertion messages."""
    return f"<{focused['tag']} id={focused['id']!r} name={focused['name']!r}> {focused['text']!r}"


def ring_problems(focused: dict) -> list[str]:
    """Why a focused element's focus ring would not do (WCAG 2.2 2.4.7 and 1.4.11: visible, at
    least 2 CSS pixels, 3:1 against what it sits on); empty when it does."""
    problems = []
    if not focused["visible"]:
        problems.append("is not visible")
    if focused["style"] == "none" or focused["width"] < 2:
        problems.append(f"has no ring ({focused['style']} {focused['width']}px)")
    elif contrast_ratio(focused["colour"], focused["background"]) < 3:
        problems.append(f"has a faint ring ({focused['colour']} on {focused['background']})")
    return [f"{describe(focused)} {problem}" for problem in problems]


FOCUS_RING_SCRIPT = """(element) => {
  const style = getComputedStyle(element);
  let background = "rgb(255, 255, 255)";
  for (let node = element.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "transparent" && colour !== "rgba(0, 0, 0, 0)") { background = colour; break; }
  }
  return {colour: style.outlineColor, width: parseFloat(style.outlineWidth),
          style: style.outlineStyle, background, focused: document.activeElement === element};
}"""

# What has the focus, where it is (the site header, main, the site footer, a dialog), whether it
# shows, and its ring as FOCUS_RING_SCRIPT reads it.
FOCUSED_SCRIPT = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  const region = element.closest(".site-header, main, .site-footer, dialog");
  return {...(""" + FOCUS_RING_SCRIPT + """)(element),
          tag: element.tagName.toLowerCase(), id: element.id, name: element.name || "",
          text: (element.innerText || "").trim().slice(0, 60),
          classes: Array.from(element.classList),
          region: region ? region.tagName.toLowerCase() : "",
          visible: box.width > 0 && box.height > 0 && element.checkVisibility()};
}"""


@contextmanager
def logged_in(browser: Browser, servers: tuple, login: str) -> Iterator[Person]:
    """A person logged in as login at servers' (provider, blog); what they saw must be clean."""
    provider, blog = servers
    person = Person.open(browser, blog_url=blog.url, provider_url=provider.issuer)
    person.log_in(login)
    yield person
    person.close()
    assert person.problems == []


# Whether an image element has loaded its picture, and the box it takes.
LOADED = """(img) => ({complete: img.complete, natural: img.naturalWidth,
                      width: img.getBoundingClientRect().width,
                      height: img.getBoundingClientRect().height,
                      current: img.currentSrc})"""


def upload_through_the_picker(person: Person, path, alt: str, as_feature: bool = False) -> None:
    """In the post or page form: press "Add image", choose the file, describe it (and make it
    the feature image too if as_feature), upload it."""
    page = person.page
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Add image").click()
    chooser.value.set_files(str(path))
    dialog = page.get_by_role("dialog", name="Describe the image")
    expect(dialog).to_be_visible()
    dialog.get_by_label("What it shows (alt text)").fill(alt)
    if as_feature:
        dialog.get_by_label("Use it as the feature image too").check()
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-image-status]")).to_contain_text("Image inserted")


def loaded(locator) -> dict:
    """The image's load state once the browser has had the chance to load it."""
    locator.scroll_into_view_if_needed()
    expect(locator).to_have_js_property("complete", True)
    return locator.evaluate(LOADED)


def check_picture(person: Person, selector: str) -> dict:
    """The first image matching selector has loaded and shows at its own proportions."""
    state = loaded(person.page.locator(selector).first)
    assert state["natural"] > 0, state
    return state
