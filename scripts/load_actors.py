"""The Python side of scripts/load_faults.py: authors who log in and write, a watcher of what
readers are answered second by second, and a prober that logs in again and again.

Each is a thread with its own requests sessions (its own connections), timing its requests
with a monotonic clock. Everything they see lands in a Ledger, tagged with the phase.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import requests

from tests.helpers import approve_at_provider
from tests.html_forms import csrf_token_in
from tests.html_forms import forms_in

TIMEOUT = 60
# What the blog's pages say when the database is away (blog/errors.py) and when the provider is
# (blog/auth/failures.py): an answer carrying it is the clear page, not an error.
# Varnish's own 503 (deploy/varnish.vcl) when the blog fails and it holds no stale copy counts too.
DATABASE_AWAY = ("The blog is temporarily unavailable",
                 "The blog is unavailable; please try again shortly")
PROVIDER_AWAY = ("The identity provider could not be reached",
                 "The identity provider had a problem")


@dataclass
class Write:
    """One publish or edit as its author saw it; acknowledged when the success answer came."""

    phase: str
    author: str
    kind: str
    slug: str | None
    title: str
    source: str
    seconds: float
    acknowledged: bool


@dataclass
class Ledger:
    """Everything the actors saw, shared between their threads."""

    phase: str = "start"
    # Seconds since the ledger was made, for the watcher's timeline and the faults' moments.
    started: float = field(default_factory=time.monotonic)
    writes: list[Write] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (phase, who, what)
    expected_outages: dict[str, int] = field(default_factory=dict)  # phase -> clear 503s
    timeline: list[tuple[float, str, str, int, bool]] = field(default_factory=list)
    logins: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        """Seconds since the start."""
        return time.monotonic() - self.started

    def error(self, who: str, what: str) -> None:
        """Record an answer nobody should get."""
        with self.lock:
            self.errors.append((self.phase, who, what))

    def outage_answer(self) -> None:
        """Record a clear 503 (the database away): expected during a fault, not an error."""
        with self.lock:
            self.expected_outages[self.phase] = self.expected_outages.get(self.phase, 0) + 1


def describe(response: requests.Response) -> str:
    """Status, and the page's title or the problem's detail: enough to see the cause."""
    text = response.text
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    return f"{response.status_code} {title.group(1).strip() if title else text[:200]!r}"


def is_clear_outage(response: requests.Response) -> bool:
    """A 503 that is the blog's page (or problem JSON) for a database away."""
    if response.status_code != 503 or "Retry-After" not in response.headers:
        return False
    if response.headers.get("Content-Type", "").startswith("application/problem+json"):
        return response.json().get("status") == 503
    return any(message in response.text for message in DATABASE_AWAY)


def log_in(front: str, username: str, blog: requests.Session,
           provider: requests.Session) -> requests.Response:
    """The whole login over HTTP; returns the blog's answer to the callback (or to /login).

    `blog` and `provider` are the browser's cookies at each, as in tests.helpers.AuthActions.
    """
    started = blog.get(front + "/login", allow_redirects=False, timeout=TIMEOUT)
    if started.status_code != 302:
        return started
    callback = approve_at_provider(provider, started.headers["Location"], username)
    return blog.get(callback, allow_redirects=False, timeout=TIMEOUT)


class DirectRoute(requests.Session):
    """A browser that reaches the provider directly, not through the proxy the blog uses.

    Every request to the proxy's address (redirects included) goes to the provider's own port
    instead, with the proxy's address as Host: the provider names its issuer after the Host it
    is asked for, and that must be the issuer the blog knows.
    """

    def __init__(self, proxy_address: str, direct_address: str):
        super().__init__()
        self.proxy_address, self.direct_address = proxy_address, direct_address
        self.headers["Host"] = proxy_address

    def send(self, request, **kwargs):
        """Send request, to the provider's own port when it was meant for the proxy."""
        parts = urlsplit(request.url)
        if parts.netloc == self.proxy_address:
            request.url = urlunsplit(parts._replace(netloc=self.direct_address))
        return super().send(request, **kwargs)


class Author(threading.Thread):
    """An author publishing a post, then editing it, then the next, until told to stop."""

    def __init__(self, name: str, front: str, ledger: Ledger, stop: threading.Event,
                 pause: float):
        super().__init__(name=name, daemon=True)
        self.front, self.ledger, self.stop, self.pause = front, ledger, stop, pause
        self.blog = requests.Session()
        self.provider = requests.Session()
        self.count = 0

    def log_in(self) -> None:
        """Log in through the provider; a failure here ends the run."""
        answer = log_in(self.front, self.name, self.blog, self.provider)
        if answer.status_code != 302 or not answer.headers["Location"].endswith("/dashboard"):
            raise SystemExit(f"{self.name} could not log in: {describe(answer)}")

    def run(self) -> None:
        """Write until stopped; each failure is recorded and the author goes on."""
        while not self.stop.is_set():
            self.count += 1
            slug = self._write("publish", "/dashboard", None)
            if slug and not self.stop.is_set():
                time.sleep(self.pause)
                self._write("edit", f"/{slug}/edit", slug)
            time.sleep(self.pause)

    def _write(self, kind: str, path: str, slug: str | None) -> str | None:
        """GET the form, POST it with a new text; the post's slug when acknowledged."""
        phase = self.ledger.phase
        mark = secrets.token_hex(6)
        title = f"Load {self.name} {self.count} {kind} {mark}"
        source = f"Written under load by {self.name}: *{kind}* number {self.count}, mark {mark}."
        try:
            form_page = self.blog.get(self.front + path, timeout=TIMEOUT)
            if not self._expected(form_page, 200, f"GET {path}"):
                return None
            form = next(form for form in forms_in(form_page.text, form_page.url)
                        if "title" in form.fields)
            data = {**form.fields, "csrf_token": csrf_token_in(form_page.text), "title": title,
                    "body": source, "format": "markdown", "action": "publish"}
            started = time.monotonic()
            answer = self.blog.post(form.action, data=data, allow_redirects=False,
                                    timeout=TIMEOUT)
            seconds = time.monotonic() - started
        except requests.RequestException as error:
            self.ledger.error(self.name, f"{kind} {path}: {type(error).__name__}: {error}")
            self._record(phase, kind, slug, title, source, 0.0, False)
            return None
        location = urlsplit(answer.headers.get("Location", "")).path
        acknowledged = answer.status_code in (302, 303) and re.fullmatch(r"/[^/]+", location)
        if acknowledged:
            slug = location.strip("/")
        else:
            self._expected(answer, 303, f"POST {path}")
        self._record(phase, kind, slug, title, source, seconds, bool(acknowledged))
        return slug if acknowledged else None

    def _expected(self, answer: requests.Response, status: int, what: str) -> bool:
        if answer.status_code == status:
            return True
        if is_clear_outage(answer):
            self.ledger.outage_answer()
        else:
            self.ledger.error(self.name, f"{what} → {describe(answer)}")
        return False

    def _record(self, phase, kind, slug, title, source, seconds, acknowledged) -> None:
        with self.ledger.lock:
            self.ledger.writes.append(Write(phase, self.name, kind, slug, title, source, seconds,
                                            acknowledged))


class Watcher(threading.Thread):
    """Asks for the index page and the API's post list every tenth of a second, recording what
    readers were answered, so that an outage's start, end and pages can be seen."""

    PATHS = ("/", "/api/v1/posts")

    def __init__(self, front: str, ledger: Ledger, stop: threading.Event):
        super().__init__(name="watcher", daemon=True)
        self.front, self.ledger, self.stop = front, ledger, stop
        self.session = requests.Session()

    def run(self) -> None:
        """Poll until stopped."""
        turn = 0
        while not self.stop.wait(0.1):
            path = self.PATHS[turn % 2]
            turn += 1
            try:
                answer = self.session.get(self.front + path, timeout=TIMEOUT)
            except requests.RequestException as error:
                self.ledger.error("watcher", f"GET {path}: {type(error).__name__}: {error}")
                continue
            clear = answer.status_code == 200 or is_clear_outage(answer)
            with self.ledger.lock:
                self.ledger.timeline.append((self.ledger.now(), self.ledger.phase, path,
                                             answer.status_code, clear))
            if not clear:
                self.ledger.error("watcher", f"GET {path} → {describe(answer)}")


class LoginProber(threading.Thread):
    """Logs in again and again, one login at a time, timing the blog's part of each.

    The browser reaches the provider directly (DirectRoute); the blog reaches it through the
    faulty proxy, which is what the provider faults break.
    """

    def __init__(self, front: str, username: str, ledger: Ledger, stop: threading.Event,
                 proxy_address: str, direct_address: str):
        super().__init__(name="login prober", daemon=True)
        self.front, self.username, self.ledger, self.stop = front, username, ledger, stop
        self.proxy_address, self.direct_address = proxy_address, direct_address

    def run(self) -> None:
        """Probe until stopped, a second apart."""
        while not self.stop.is_set():
            blog = requests.Session()
            provider = DirectRoute(self.proxy_address, self.direct_address)
            phase = self.ledger.phase
            started = time.monotonic()
            try:
                answer = log_in(self.front, self.username, blog, provider)
            except (requests.RequestException, AssertionError, StopIteration) as error:
                self.ledger.error("login prober", f"login: {type(error).__name__}: {error}")
                self.stop.wait(1)
                continue
            blog_seconds = answer.elapsed.total_seconds()
            succeeded = (answer.status_code == 302
                         and answer.headers["Location"].endswith("/dashboard"))
            clear = any(message in answer.text for message in PROVIDER_AWAY)
            with self.ledger.lock:
                self.ledger.logins.append({
                    "phase": phase, "succeeded": succeeded, "status": answer.status_code,
                    "clear_page": clear, "blog_seconds": blog_seconds,
                    "seconds": time.monotonic() - started})
            if is_clear_outage(answer):
                self.ledger.outage_answer()
            elif not succeeded and not clear:
                self.ledger.error("login prober", f"login → {describe(answer)}")
            self.stop.wait(1)
