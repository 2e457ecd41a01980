"""The processes scripts/load_faults.py runs and breaks: a private PostgreSQL cluster, the
development provider in a process of its own behind a proxy, the blog under gunicorn.

Nothing here touches the machine's own PostgreSQL: the cluster lives in a temporary directory, on
a free port, and is stopped and removed at the end.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import requests

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(ROOT))

from bench import prepare_database  # noqa: E402  (the benchmark's seeding, reused)

from tests.blog_process import BlogProcess  # noqa: E402
from tests.blog_process import free_port  # noqa: E402
from tests.tcp_proxy import TCPProxy  # noqa: E402

POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
PROVIDER_START_TIMEOUT = 30


def as_postgres(command: list[str]) -> list[str]:
    """The command as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivateCluster:
    """A PostgreSQL cluster of our own (initdb in a temporary directory, a free port), so that
    it can be restarted for real without disturbing anyone else's."""

    def __init__(self, folder: Path):
        self.directory = folder / "pgdata"
        self.log = folder / "postgres.log"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/blog"

    def create(self) -> PrivateCluster:
        """initdb, start, and create the database `blog`."""
        self.directory.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            shutil.chown(self.directory.parent, "postgres", "postgres")
        subprocess.run(as_postgres([str(POSTGRES_BIN / "initdb"), "-D", str(self.directory),
                                    "-U", "postgres", "-A", "trust", "--no-sync"]),
                       check=True, capture_output=True)
        self.start()
        subprocess.run(as_postgres([str(POSTGRES_BIN / "createdb"), "-h", "127.0.0.1", "-p",
                                    str(self.port), "-U", "postgres", "blog"]), check=True)
        return self

    def _ctl(self, *args: str) -> None:
        subprocess.run(as_postgres([str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.directory),
                                    *args]), check=True, capture_output=True)

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        # Its socket directory is its own too: /var/run/postgresql belongs to the machine's.
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._ctl("start", "-w", "-l", str(self.log), "-o", options)

    def stop_immediately(self) -> None:
        """Stop like a crash: no checkpoint, every connection dropped (recovery on start)."""
        self._ctl("stop", "-m", "immediate", "-w")

    def stop(self) -> None:
        """Stop the server, if it runs."""
        subprocess.run(as_postgres([str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.directory),
                                    "stop", "-m", "fast", "-w"]), capture_output=True)

    def remove(self) -> None:
        """Stop the server (if it runs) and delete its files."""
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def seed(url: str, posts: int, authors: int, folder: Path) -> float:
    """Migrate (the Procfile's release command) and seed the demo blog; returns seconds taken."""
    _url, seconds = prepare_database(
        SimpleNamespace(database_url=url, posts=posts, authors=authors), folder)
    return seconds


class ExternalProvider:
    """blog.devidp in a process of its own (scripts/load_provider.py), reached by the blog
    through a TCPProxy that can slow it down or cut it; `issuer` is the proxy's address."""

    def __init__(self, folder: Path, callbacks: list[str]):
        self.client_secret = secrets.token_hex(16)
        self.direct_port = free_port()
        self.proxy = TCPProxy("127.0.0.1", self.direct_port).__enter__()
        self.issuer = f"http://127.0.0.1:{self.proxy.port}"
        self.log = folder / "provider.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(SCRIPTS / "load_provider.py"), "--port",
                 str(self.direct_port), "--client-secret", self.client_secret,
                 *[part for url in callbacks for part in ("--callback", url)]],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + PROVIDER_START_TIMEOUT
        while b"ready" not in self.log.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the provider did not start:\n" + self.log.read_text())
            time.sleep(0.1)

    def blog_settings(self) -> dict[str, str]:
        """The blog's settings for this provider."""
        from load_provider import CLIENT_ID

        return {"OIDC_ISSUER": self.issuer, "OIDC_CLIENT_ID": CLIENT_ID,
                "OIDC_CLIENT_SECRET": self.client_secret}

    def stop(self) -> None:
        """Stop the provider process and the proxy."""
        self.process.terminate()
        self.process.wait(timeout=10)
        self.proxy.__exit__(None, None, None)


def start_blog(folder: Path, database_url: str, port: int, settings: dict) -> BlogProcess:
    """gunicorn as the Procfile runs it (gunicorn.conf.py, 2 workers) on a loopback port."""
    environment = {"SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": database_url,
                   "PUBLIC_URL": f"http://127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
                   # Plain HTTP on loopback: a Secure cookie would never come back.
                   "FLASK_SESSION_COOKIE_SECURE": "false", **settings}
    return BlogProcess(port, environment, folder, "blog").start()


def wait_until_answers(url: str, seconds: float = 30) -> None:
    """Wait until url answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer 200 within {seconds} s")
