#!/usr/bin/env python3
"""Load and faults: readers and writing authors at once on PostgreSQL, with and without Varnish,
while the database restarts and the identity provider is slow or down; see docs/performance.md.

Sets up a private PostgreSQL cluster (initdb in a temporary directory, a free port: it can be
restarted for real, and the machine's own is never touched), seeds it (10,000 posts), runs the
development provider in a process of its own behind a proxy that can delay or refuse
(scripts/load_provider.py, tests/tcp_proxy.py), and the blog as the Procfile does (gunicorn with
gunicorn.conf.py, 2 workers). Then, for each front (gunicorn itself, then Varnish with
deploy/varnish.vcl through scripts/servers.py when varnishd and vmod xkey are installed), one
phase after another with the same load running throughout:

  warm up           nothing breaks, while the caches fill (reported, not a goal)
  steady            nothing breaks
  database restart  PostgreSQL stopped like a crash (pg_ctl stop -m immediate), started again a
                    few seconds later: pages should answer the blog's 503 meanwhile, then recover
  provider slow     every answer of the provider to the blog comes 10 s late
  provider down     the provider refuses every connection

Load generators. Readers are wrk (closed loop: each connection sends its next request when the
last one is answered) drawing paths at random from a list of index pages, posts, tag pages, the
feed and the API (scripts/bench.lua counts the statuses); wrk is written in C and uses a few
percent of a core where a Python client would need both cores to keep 60 connections busy, which
would leave the blog nothing and make the percentiles the client's. Its latency is from sending
to the last byte of the answer, measured on every request, with a 30 s timeout so that slow
answers are counted rather than dropped (wrk's default 2 s would hide them as "timeouts").
Authors are Python threads with requests (a few requests a second, so Python's speed does not
matter): each logs in over HTTP through the provider, then publishes a post, edits it, and so on,
timing each POST; a watcher thread asks for the index and the API every 100 ms to date the
outage; a prober thread logs in again and again, reaching the provider directly as a browser
would, while the blog's own calls to the provider go through the proxy the faults break.

Afterwards every acknowledged write (a publish or an edit that got its redirect to the post) is
looked up in the database: the post must hold the text of its last acknowledged write (or of a
later attempt whose answer was lost). Errors are answers nobody should get (a 500, a dropped
connection, a 503 without the blog's page); each is printed with its cause.

    .venv/bin/python scripts/load_faults.py            # 64 connections, 30 + 60 s + 3 × 30 s
    .venv/bin/python scripts/load_faults.py --quick    # a short run, to see that it works
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
# The tests' helpers (the proxy, the blog process, logging in) are shared with this script.
sys.path.insert(0, str(SCRIPTS.parent))

import load_report  # noqa: E402
from bench import engine_for  # noqa: E402  (scripts/bench.py, beside this one)
from load_actors import Author  # noqa: E402
from load_actors import Ledger  # noqa: E402
from load_actors import LoginProber  # noqa: E402
from load_actors import Watcher  # noqa: E402
from load_services import ExternalProvider  # noqa: E402
from load_services import PrivateCluster  # noqa: E402
from load_services import free_port  # noqa: E402
from load_services import seed  # noqa: E402
from load_services import start_blog  # noqa: E402
from load_services import wait_until_answers  # noqa: E402
from servers import Varnish  # noqa: E402
from servers import varnish_missing  # noqa: E402

PROBER = "author16"  # load_provider.py offers author1 … author16


def parse_args() -> argparse.Namespace:
    """The command line; --quick shortens everything."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64,
                        help="connections in all: the authors' one each, wrk's the rest")
    parser.add_argument("--warm-up", type=int, default=30,
                        help="seconds of load before the steady phase (caches filling)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of the steady phase")
    parser.add_argument("--fault-duration", type=int, default=30, help="seconds of each fault")
    parser.add_argument("--authors", type=int, default=4, help="authors writing (at most 15)")
    parser.add_argument("--author-pause", type=float, default=0.5,
                        help="seconds an author waits between two writes")
    parser.add_argument("--posts", type=int, default=10_000, help="posts to seed")
    parser.add_argument("--outage", type=float, default=3.0,
                        help="seconds the database stays down")
    parser.add_argument("--provider-delay", type=float, default=10.0,
                        help="seconds the slow provider holds back each answer")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--no-varnish", action="store_true", help="gunicorn alone")
    parser.add_argument("--logs", type=Path,
                        help="copy the logs of the blog, provider and PostgreSQL to this folder")
    parser.add_argument("--quick", action="store_true",
                        help="a short run: 1,000 posts, 5 s warm-up, 10 s steady, 15 s per fault")
    args = parser.parse_args()
    if args.quick:
        args.posts, args.warm_up, args.duration, args.fault_duration = 1000, 5, 10, 15
    args.readers = args.connections - args.authors
    if not 1 <= args.authors <= 15 or args.readers < 1:
        parser.error("give 1 to 15 authors and more connections than authors")
    return args


def reader_paths(url: str, posts: int, folder: Path) -> Path:
    """A file of reader paths: index pages, posts, tag pages, the feed, the API."""
    with engine_for(url).connect() as connection:
        slugs = list(connection.exec_driver_sql(
            "SELECT slug FROM posts WHERE status = 'published' ORDER BY random() LIMIT 2000"
        ).scalars())
        tags = list(connection.exec_driver_sql(
            "SELECT slug FROM tags WHERE EXISTS (SELECT 1 FROM post_tags WHERE tag_id = tags.id"
            " AND status = 'published') LIMIT 200").scalars())
    pages = max(1, posts // 10)
    paths = ["/"] * 200 + [f"/?page={number}" for number in range(2, min(pages, 200) + 1)]
    paths += [f"/{slug}" for slug in slugs] + [f"/tags/{tag}" for tag in tags]
    paths += ["/feed.atom"] * 100 + ["/api/v1/posts"] * 100
    paths += [f"/api/v1/posts/{slug}" for slug in slugs[:300]]
    path_file = folder / "reader-paths.txt"
    path_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return path_file


def wrk_command(front: str, seconds: float, args, paths: Path) -> list[str]:
    """wrk for the readers of one phase."""
    return ["wrk", f"-t{args.threads}", f"-c{args.readers}", f"-d{int(seconds)}s",
            "--timeout", "30s", "-s", str(SCRIPTS / "bench.lua"), front, "--", str(paths)]


class Faults:
    """What each phase does to the services while the load runs; returns its moments."""

    def __init__(self, cluster: PrivateCluster, provider: ExternalProvider, args):
        self.cluster, self.provider, self.args = cluster, provider, args

    def steady(self, ledger: Ledger, seconds: float) -> dict:
        """Nothing happens."""
        time.sleep(seconds)
        return {}

    warm_up = steady

    def database_restart(self, ledger: Ledger, seconds: float) -> dict:
        """PostgreSQL stops like a crash a quarter into the phase and starts args.outage later."""
        time.sleep(seconds / 4)
        down = ledger.now()
        self.cluster.stop_immediately()
        time.sleep(self.args.outage)
        started = ledger.now()
        self.cluster.start()
        up = ledger.now()
        time.sleep(max(0.0, seconds - (up - down) - seconds / 4))
        return {"down": down, "starting": started, "up": up}

    def provider_slow(self, ledger: Ledger, seconds: float) -> dict:
        """Every answer of the provider to the blog waits args.provider_delay seconds."""
        self.provider.proxy.slow(self.args.provider_delay)
        time.sleep(seconds)
        return {}

    def provider_down(self, ledger: Ledger, seconds: float) -> dict:
        """The provider refuses connections (and drops the open ones)."""
        self.provider.proxy.cut()
        time.sleep(seconds)
        return {}

    def end(self) -> None:
        """Back to normal after a phase."""
        self.provider.proxy.restore()


def run_front(name: str, front: str, services, args, paths: Path) -> dict:
    """Every phase against one front; the figures of each and the writes' check."""
    cluster, provider, blog, faults = services
    ledger = Ledger()
    stop = threading.Event()
    authors = [Author(f"author{number}", front, ledger, stop, args.author_pause)
               for number in range(1, args.authors + 1)]
    for author in authors:
        author.log_in()
    proxy_address = provider.issuer.removeprefix("http://")
    helpers = [Watcher(front, ledger, stop),
               LoginProber(front, PROBER, ledger, stop, proxy_address,
                           f"127.0.0.1:{provider.direct_port}")]
    for thread in authors + helpers:
        thread.start()
    phases = {}
    for phase, seconds in (("warm up", args.warm_up), ("steady", args.duration),
                           ("database restart", args.fault_duration),
                           ("provider slow", args.fault_duration),
                           ("provider down", args.fault_duration)):
        print(f"  {name}: {phase} ({seconds} s)", flush=True)
        ledger.phase = phase
        log_offset = blog.stdout_path.stat().st_size
        began = ledger.now()
        readers = subprocess.Popen(wrk_command(front, seconds, args, paths),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        moments = getattr(faults, phase.replace(" ", "_"))(ledger, seconds)
        output = readers.communicate()[0]
        faults.end()
        phases[phase] = {"began": began, "ended": ledger.now(), "moments": moments,
                         "readers": load_report.wrk_summary(output),
                         "slowest": load_report.slowest_requests(blog.stdout_path, log_offset)}
        # A moment between phases: logins in flight finish under the fault they started in.
        ledger.phase = "between"
        time.sleep(2)
        wait_until_answers(front + "/")
    stop.set()
    for thread in authors + helpers:
        thread.join(timeout=90)
    return {"phases": phases, "ledger": ledger,
            "lost": load_report.lost_writes(engine_for(cluster.url), ledger.writes)}


def main() -> None:
    """Set everything up, run each front, print the figures, tear everything down."""
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="load-faults-") as temporary:
        folder = Path(temporary)
        cluster = PrivateCluster(folder).create()
        provider = blog = None
        try:
            print(f"Seeding {args.posts} posts into a private PostgreSQL on port {cluster.port}…",
                  flush=True)
            seconds = seed(cluster.url, args.posts, 50, folder)
            print(f"  seeded in {seconds:.0f} s", flush=True)
            blog_port, varnish_port = free_port(), free_port()
            fronts = {"gunicorn": f"http://127.0.0.1:{blog_port}",
                      "varnish": f"http://127.0.0.1:{varnish_port}"}
            provider = ExternalProvider(folder, [f"{url}/oidc/callback"
                                                 for url in fronts.values()])
            # Purges go to Varnish once the app sends them (CACHE_PURGE_URLS, issue 17).
            blog = start_blog(folder, cluster.url, blog_port, {
                **provider.blog_settings(),
                "CACHE_PURGE_URLS": f"http://127.0.0.1:{varnish_port}"})
            paths = reader_paths(cluster.url, args.posts, folder)
            services = (cluster, provider, blog, Faults(cluster, provider, args))
            results = {"gunicorn": run_front("gunicorn", fronts["gunicorn"], services, args,
                                             paths)}
            missing = None if args.no_varnish else varnish_missing()
            if missing:
                print(f"  no Varnish run: {missing}")
            elif not args.no_varnish:
                with Varnish(backend_port=blog_port, folder=folder / "varnish",
                             port=varnish_port) as varnish:
                    results["varnish"] = run_front("varnish", varnish.url, services, args,
                                                   paths)
                    results["varnish"]["counters"] = load_report.cache_counters(
                        varnish.counters())
            worker_timeouts = len(re.findall(r"WORKER TIMEOUT", blog.output()))
            print(load_report.report(results, args, worker_timeouts))
        finally:
            if blog is not None:
                blog.stop()
            if provider is not None:
                provider.stop()
            cluster.stop()
            if args.logs:
                keep_logs(folder, args.logs)
            cluster.remove()


def keep_logs(folder: Path, destination: Path) -> None:
    """Copy every log of the run (blog, provider, PostgreSQL) to destination."""
    destination.mkdir(parents=True, exist_ok=True)
    for log in folder.rglob("*.log"):
        shutil.copy(log, destination / "-".join(log.relative_to(folder).parts))


if __name__ == "__main__":
    sys.exit(main())
