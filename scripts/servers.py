"""Start Varnish (with deploy/varnish.vcl), nginx and gunicorn as real processes on loopback.

One copy for the tests (tests/varnish), the benchmark (scripts/bench.py) and the load script:
each server runs in the foreground in a directory of its own, which holds its configuration,
its working files and its log, and stops with stop() (or at the end of a `with` block).

    with Varnish(backend_port=8000, folder=Path(tmp)) as cache:
        requests.get(cache.url + "/")
        cache.purge("post:12 tags")     # -> number of objects purged
        cache.counters()["MAIN.cache_hit"]
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish.vcl"
BIN = Path(sys.executable).parent
START_TIMEOUT = 30


class ServerMissing(RuntimeError):
    """The server's program is not installed (Debian: apt-get install varnish varnish-modules
    nginx-light)."""


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def varnish_missing() -> str | None:
    """Why Varnish cannot run here (no varnishd, or no vmod xkey), or None when it can."""
    if shutil.which("varnishd") is None:
        return "varnishd is not installed (apt-get install varnish varnish-modules)"
    with tempfile.TemporaryDirectory(prefix="varnish-check-") as folder:
        probe = Path(folder) / "probe.vcl"
        probe.write_text("vcl 4.1;\nimport xkey;\nbackend default none;\n", encoding="utf-8")
        compiled = subprocess.run(["varnishd", "-C", "-j", "none", "-f", str(probe), "-n", folder],
                                  capture_output=True, text=True, timeout=60)
    # varnishd -C exits 0 even when the VCL does not compile; its message says so.
    if compiled.returncode != 0 or "VCC-compiler" in compiled.stderr:
        return ("varnishd cannot load vmod xkey (apt-get install varnish-modules): "
                + compiled.stderr.strip()[-300:])
    return None


class _Process:
    """A server program in the foreground, its output in folder/NAME.log."""

    name = "server"

    def __init__(self, folder: Path, port: int | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.folder / f"{self.name}.log"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self):
        """Start the program and wait until its port accepts connections."""
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=self.folder)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n"
                                   + self.output())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not listen on {self.port} in time:\n" + self.output())

    def stop(self) -> None:
        """Stop the program (SIGTERM), killing it if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def output(self) -> str:
        """What the program wrote so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Varnish(_Process):
    """varnishd running deploy/varnish.vcl in front of a backend on 127.0.0.1:backend_port.

    The VCL includes varnish-site.vcl from its vcl_path; this writes one in folder (the backend,
    the PURGE ACL: purgers) and lists folder before deploy/, as docs/deploy.md tells operators.
    `-j none` keeps the worker process under this user: the folder may be private to it.
    """

    name = "varnishd"

    def __init__(self, backend_port: int, folder: Path, port: int | None = None,
                 backend_host: str = "127.0.0.1", storage: str = "malloc,64m",
                 parameters: dict[str, str] | None = None, vcl: Path = VCL,
                 purgers: tuple[str, ...] = ("127.0.0.1", "::1"), purge_secret: str = ""):
        super().__init__(folder, port)
        self.purgers = purgers
        self.purge_secret = purge_secret
        self.backend = (backend_host, backend_port)
        self.storage = storage
        self.parameters = parameters or {}
        self.vcl = Path(vcl)
        self.workdir = self.folder / "varnishd"

    def command(self) -> list[str]:
        """The varnishd command line, after writing varnish-site.vcl."""
        missing = varnish_missing()
        if missing:
            raise ServerMissing(missing)
        host, port = self.backend
        (self.folder / "varnish-site.vcl").write_text(
            f'backend blog {{\n    .host = "{host}";\n    .port = "{port}";\n'
            '    .connect_timeout = 2s;\n    .first_byte_timeout = 30s;\n}\n'
            "acl purgers {\n" + "".join(f'    "{address}";\n' for address in self.purgers)
            + "}\n"
            f'sub purge_secret {{\n    set req.http.X-Purge-Secret = "{self.purge_secret}";\n}}\n',
            encoding="utf-8")
        command = ["varnishd", "-F", "-n", str(self.workdir), "-a", f"127.0.0.1:{self.port}",
                   "-f", str(self.vcl), "-s", self.storage, "-j", "none",
                   "-p", f"vcl_path={self.folder}:{self.vcl.parent}"]
        for name, value in self.parameters.items():
            command += ["-p", f"{name}={value}"]
        return command

    def purge(self, keys: str) -> int:
        """Send PURGE with these space-separated Surrogate-Keys, as the blog does; how many
        objects Varnish says it purged."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("PURGE", "/", headers={"Surrogate-Key": keys})
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"PURGE answered {response.status}: {body}")
        return int(body.split()[-1])

    def forget_everything(self, timeout: float = 10) -> None:
        """Remove every stored object, and wait until they are gone (MAIN.n_object 0).

        Needs the parameter ban_lurker_age=0: the ban lurker then removes banned objects at
        once, instead of a minute later or when next asked for (xkey would still count them).
        """
        subprocess.run(["varnishadm", "-n", str(self.workdir), "ban", "obj.status != 0"],
                       capture_output=True, check=True, timeout=30)
        deadline = time.monotonic() + timeout
        while self.counters()["MAIN.n_object"]:
            if time.monotonic() > deadline:
                raise RuntimeError("banned objects are still stored; is ban_lurker_age 0?")
            time.sleep(0.05)

    def counters(self) -> dict[str, int]:
        """varnishstat's counters now, by name (MAIN.cache_hit, MAIN.n_object, ...)."""
        output = subprocess.run(["varnishstat", "-n", str(self.workdir), "-1", "-j"],
                                capture_output=True, text=True, check=True, timeout=30).stdout
        document = json.loads(output)
        counters = document.get("counters", document)
        return {name: entry["value"] for name, entry in counters.items()
                if isinstance(entry, dict) and "value" in entry}


# Content types of the files Nginx serves, by extension (Nginx sets Content-Type from it).
NGINX_TYPES = {"html": "text/html", "atom": "application/atom+xml", "json": "application/json",
               "xml": "application/xml", "txt": "text/plain"}


class Nginx(_Process):
    """nginx serving files as static pages: pages maps a request URI (path and query) to a file
    in root, whose extension gives its Content-Type (NGINX_TYPES)."""

    name = "nginx"

    def __init__(self, root: Path, pages: dict[str, str], folder: Path, port: int | None = None):
        super().__init__(folder, port)
        self.root = Path(root)
        self.pages = pages

    def command(self) -> list[str]:
        """The nginx command line, after writing its configuration."""
        if shutil.which("nginx") is None:
            raise ServerMissing("nginx is not installed (apt-get install nginx-light)")
        files = "".join(f'        "{uri}" /{name};\n' for uri, name in self.pages.items())
        types = "".join(f"        {kind} {ext};\n" for ext, kind in NGINX_TYPES.items())
        # As root the workers would run as nobody, who may not read a private folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        config = self.folder / "nginx.conf"
        config.write_text(
            f"{user}worker_processes auto;\npid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/nginx-error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n    access_log off;\n    sendfile on;\n    tcp_nopush on;\n"
            f"    client_body_temp_path {self.folder}/body;\n"
            f"    proxy_temp_path {self.folder}/proxy;\n"
            f"    fastcgi_temp_path {self.folder}/fastcgi;\n"
            f"    uwsgi_temp_path {self.folder}/uwsgi;\n    scgi_temp_path {self.folder}/scgi;\n"
            f"    types {{\n{types}    }}\n    charset utf-8;\n"
            # text/html is among the defaults already; the others get "; charset=utf-8" too.
            f"    charset_types {' '.join(list(NGINX_TYPES.values())[1:])};\n"
            # The addresses are long (a post's slug, a query): room for them in the map's hash.
            "    map_hash_bucket_size 256;\n"
            f"    map $request_uri $page_file {{\n        default /missing;\n{files}    }}\n"
            f"    server {{\n        listen 127.0.0.1:{self.port};\n        root {self.root};\n"
            "        location / { try_files $page_file =404; }\n    }\n}\n", encoding="utf-8")
        return ["nginx", "-p", str(self.folder), "-c", str(config), "-g", "daemon off;"]


class Gunicorn:
    """APP under gunicorn as the Procfile runs the blog, with 2 workers, on a loopback port.

    Both the blog and the ceiling start from the project root with its gunicorn.conf.py, so
    both pay for the same server settings (its access log included, sent to /dev/null here).
    """

    def __init__(self, app: str, env: dict, folder: Path, *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = ["--config", "gunicorn.conf.py"] if (ROOT / "gunicorn.conf.py").exists() else []
        self.errors = folder / f"gunicorn-{self.port}.log"
        with self.errors.open("wb") as errors:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), *config, "--workers", "2",
                 "--bind", f"127.0.0.1:{self.port}", *options, app],
                env={**env, "WEB_CONCURRENCY": "2"}, cwd=ROOT, stdout=subprocess.DEVNULL,
                stderr=errors)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                fetch(self.url + "/")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn {app} did not start:\n{self.errors.read_text()[-2000:]}")

    def worker_rss_mib(self) -> list[float]:
        """Resident memory of each worker process, from /proc."""
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields["PPid"]) == self.process.pid:
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        """Stop the master and its workers, gracefully."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """GET url: status, headers and body (a 304 is an answer, not an error)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}),
                                    timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
