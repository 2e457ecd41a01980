"""Run the blog as real processes, as the Procfile does: gunicorn web servers, the release phase."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT = 30


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_environment(environment: dict[str, str]) -> dict[str, str]:
    """This environment without the blog's own settings, plus `environment`: nothing leaks in."""
    inherited = {name: value for name, value in os.environ.items()
                 if not name.startswith(("FLASK_", "OIDC_", "TEST_"))
                 and name not in ("SECRET_KEY", "PUBLIC_URL", "DATABASE_URL", "PORT",
                                 "WEB_CONCURRENCY")}
    return {**inherited, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **environment}


def run_release_phase(environment: dict[str, str], workdir: Path) -> subprocess.CompletedProcess:
    """Run the Procfile's release command (the migrations) in a shell, as the platform does."""
    command = procfile()["release"]
    return subprocess.run(["bash", "-c", command], cwd=workdir,
                          env=process_environment(environment), capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def procfile() -> dict[str, str]:
    """The Procfile's process types and their commands."""
    entries = {}
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            kind, _, command = line.partition(":")
            entries[kind.strip()] = command.strip()
    return entries


class BlogProcess:
    """gunicorn with the project's gunicorn.conf.py serving blog:create_app() on a loopback port.

    The Procfile binds 0.0.0.0:$PORT; tests bind 127.0.0.1 so that nothing listens outside.
    Standard output and error go to files in workdir, read by `output` once the process stopped.
    """

    def __init__(self, port: int, environment: dict[str, str], workdir: Path, name: str):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.environment = environment
        # A directory of its own: the app reads a .env from its working directory.
        self.workdir = workdir / name
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.stdout_path = self.workdir / "stdout.log"
        self.stderr_path = self.workdir / "stderr.log"
        self._process: subprocess.Popen | None = None

    def start(self) -> BlogProcess:
        """Start gunicorn and wait until /healthz answers 200."""
        command = [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
                   "--bind", f"127.0.0.1:{self.port}", "blog:create_app()"]
        environment = {"WEB_CONCURRENCY": "1", "PORT": str(self.port), **self.environment}
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "wb") as stderr:
            self._process = subprocess.Popen(command, cwd=self.workdir, stdout=stdout,
                                             stderr=stderr, stdin=subprocess.DEVNULL,
                                             env=process_environment(environment))
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self._process.returncode}:\n"
                                     + self.stderr_path.read_text(errors="replace"))
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or a worker still booting on a busy machine
            time.sleep(0.05)
        self.stop()
        raise AssertionError("gunicorn did not answer in time:\n" + self.output())

    def stop(self) -> None:
        """Stop gunicorn gracefully (SIGTERM, as platforms do), killing it if it hangs."""
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def output(self) -> str:
        """Everything the process wrote: standard output, then standard error."""
        return (self.stdout_path.read_text(errors="replace") + "\n"
                + self.stderr_path.read_text(errors="replace"))

    def stdout(self) -> str:
        """What the process wrote to standard output (the access log and the app's events)."""
        return self.stdout_path.read_text(errors="replace")
