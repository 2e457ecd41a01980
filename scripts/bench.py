#!/usr/bin/env python3
"""Benchmark of the reader pages against a same-stack ceiling; see docs/performance.md.

Seeds a demo blog (a temporary SQLite file, or an empty PostgreSQL database given with
--database-url), serves it with `gunicorn -w 2 'blog:create_app()'`, and drives it with wrk on
loopback: the index, a post page, a deep index page, a 304 revalidation of the index, and the
discovery pages (an author's page, a tag's page, /tags, the Atom feed, a search). Then it
serves the very same bytes from memory with a minimal Flask app under the same gunicorn command
(scripts/bench_ceiling.py), measures that too, and prints each page's ratio to it. Last, the
reader pages through Varnish (deploy/varnish.vcl) in front of the blog, against nginx serving
the same bytes as static files (scripts/servers.py starts both).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy
from servers import Gunicorn
from servers import Nginx
from servers import Varnish
from servers import fetch

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
BIN = Path(sys.executable).parent
# Ratio to the ceiling each page should reach (issue #5); the deep page has no goal of its own.
GOALS = {"index": 0.5, "post": 0.6, "deep index": None, "revalidation": 0.8}
# The discovery pages (issue #13) are measured the same way; they have no goal of their own.
# The JSON API's answers (docs/api.md) too, with the discovery pages.
DISCOVERY_PAGES = ("author", "tag", "tags", "feed", "search", "api posts", "api post")
GOALS.update(dict.fromkeys(DISCOVERY_PAGES))
EXPECTED_STATUS = {"index": 200, "post": 200, "deep index": 200, "revalidation": 304,
                   **dict.fromkeys(DISCOVERY_PAGES, 200)}
CRAWL_PATHS = 3000
# Through a shared cache (issue 17): the reader pages through Varnish against nginx serving the
# same bytes as files, each at least this ratio. A revalidation is left out: nginx makes ETags
# of its own.
CACHE_GOAL = 0.5
CACHE_PAGES = [name for name in EXPECTED_STATUS if name != "revalidation"]
# File name extensions for the recorded pages, so that nginx sends the blog's Content-Type.
EXTENSIONS = {"text/html": "html", "application/atom+xml": "atom", "application/json": "json",
              "application/xml": "xml"}


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts to seed")
    parser.add_argument("--authors", type=int, default=50, help="demo authors to seed")
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3,
                        help="measurements per page and server, alternating servers")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database to use instead of "
                        "a temporary SQLite file (postgresql://user:pass@host/db)")
    parser.add_argument("--skip-uncached", action="store_true",
                        help="skip the run with the page cache turned off")
    parser.add_argument("--skip-cache", action="store_true",
                        help="skip the run through Varnish against nginx")
    parser.add_argument("--cache-only", action="store_true",
                        help="only the run through Varnish against nginx (no ceiling, no crawl)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    return parser.parse_args()


def blog_environment(database_url: str, **extra: str) -> dict:
    """The environment of a production-like blog; readers never contact the (dummy) provider."""
    return {**os.environ, "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATABASE_URL": database_url, "OIDC_ISSUER": "https://provider.invalid",
            "PUBLIC_URL": "https://blog.example",
            "OIDC_CLIENT_ID": "bench", "OIDC_CLIENT_SECRET": "bench-secret",
            "FLASK_DEBUG": "0", **extra}


def engine_for(url: str):
    """A SQLAlchemy engine in autocommit mode, for the script's own few statements."""
    return sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                                    isolation_level="AUTOCOMMIT")


def flask_command(url: str, *args: str, quiet: bool = False) -> None:
    """Run `flask --app blog ...` against the database at url."""
    subprocess.run([str(BIN / "flask"), "--app", "blog", *args], env=blog_environment(url),
                   cwd=ROOT, check=True, stderr=subprocess.DEVNULL if quiet else None)


def prepare_database(args, folder: Path) -> tuple[str, float]:
    """Upgrade the schema and seed it; returns the database URL and the seconds seeding took."""
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    if args.database_url and sqlalchemy.inspect(engine_for(url)).get_table_names():
        raise SystemExit(f"{url} is not empty: give the benchmark a database of its own.")
    flask_command(url, "db", "upgrade", quiet=True)
    started = time.perf_counter()
    flask_command(url, "seed-demo", "--posts", str(args.posts), "--authors", str(args.authors))
    seconds = time.perf_counter() - started
    if args.database_url:
        # Index-only scans need the visibility map that VACUUM writes; the planner, statistics.
        with engine_for(url).connect() as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return url, seconds


def database_name(url: str) -> str:
    """The database's product and version, for the report."""
    engine = engine_for(url)
    with engine.connect():
        version = ".".join(str(part) for part in engine.dialect.server_version_info)
    return f"{'PostgreSQL' if engine.dialect.name == 'postgresql' else 'SQLite'} {version}"


def empty_database(url: str) -> None:
    """Leave a given database as empty as the benchmark found it."""
    flask_command(url, "db", "downgrade", "base", quiet=True)
    with engine_for(url).connect() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")


def wrk(url: str, seconds: int, args, headers: dict | None = None,
        paths_file: Path | None = None) -> dict:
    """Run wrk against url; the summary that scripts/bench.lua prints."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s",
               "-s", str(SCRIPTS / "bench.lua")]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if paths_file:
        command += ["--", str(paths_file)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    summary = json.loads(output.split("BENCH_JSON ", 1)[1])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    summary["error_count"] = sum(summary["errors"].values())
    return summary


def measure(servers: dict, scenarios: dict, args) -> dict:
    """Measure each scenario on each server, alternating servers round by round.

    Other work on the machine comes and goes; alternating in short rounds exposes the blog and
    the ceiling to the same conditions, and the median round of each is reported.
    """
    results = {server: {} for server in servers}
    for name, (path, headers) in scenarios.items():
        rounds = {server: [] for server in servers}
        for server, url in servers.items():
            if args.warmup and name in args.served[server]:
                wrk(url + path, args.warmup, args, headers)
        for _ in range(args.rounds):
            for server, url in servers.items():
                if name in args.served[server]:
                    rounds[server].append(wrk(url + path, args.duration, args, headers))
        for server, runs in rounds.items():
            if not runs:
                continue
            runs.sort(key=lambda run: run["rps"])
            median = runs[len(runs) // 2]
            median["rounds_rps"] = [round(run["rps"]) for run in runs]
            median["error_count"] = sum(run["error_count"] for run in runs)
            median["unexpected_statuses"] = sum(
                count for run in runs for status, count in run["statuses"].items()
                if int(status) != EXPECTED_STATUS[name])
            results[server][name] = median
        print(f"  {name:<13} " + "  ".join(
            f"{server} {results[server][name]['rps']:7.0f} req/s" for server in servers
            if name in results[server]), flush=True)
    return results


def record_pages(base_url: str, post_count: int, folder: Path) -> tuple[dict, Path]:
    """Fetch the pages measured; write them and their ETags for the ceiling app."""
    status, headers, index = fetch(base_url + "/")
    assert status == 200, status
    etag = headers["ETag"]
    post = re.search(rb'class="post-card-title"><a href="(/[^"]+)"', index).group(1).decode()
    pages = max(1, -(-post_count // 10))
    deep = f"/?page={max(2, min(5000, pages // 2))}" if pages > 1 else "/"
    author = re.search(rb'rel="author" href="(/authors/[^"]+)"', index).group(1).decode()
    _status, _headers, post_page = fetch(base_url + post)
    tag = re.search(rb'rel="tag" href="(/tags/[^"]+)"', post_page).group(1).decode()
    scenarios = {"index": ("/", {}), "post": (post, {}), "deep index": (deep, {}),
                 "revalidation": ("/", {"If-None-Match": etag}),
                 "author": (author, {}), "tag": (tag, {}), "tags": ("/tags", {}),
                 "feed": ("/feed.atom", {}), "search": ("/search?q=garden", {}),
                 # The JSON API (docs/api.md): the newest posts, and the post above.
                 "api posts": ("/api/v1/posts", {}), "api post": ("/api/v1/posts" + post, {})}
    pages_folder = folder / "ceiling"
    pages_folder.mkdir()
    manifest = {}
    for number, path in enumerate(dict.fromkeys(path for path, _ in scenarios.values())):
        status, headers, body = fetch(base_url + path)
        assert status == 200, (path, status)
        name = f"page{number}.{EXTENSIONS.get(headers['Content-Type'].split(';')[0], 'html')}"
        (pages_folder / name).write_bytes(body)
        manifest[path] = {"file": name, "etag": headers["ETag"],
                          "type": headers["Content-Type"]}
    (pages_folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return scenarios, pages_folder


def crawl_paths(database_url: str, post_count: int, folder: Path) -> tuple[Path, int]:
    """A file of random post and index paths, for the many-pages run that fills the caches."""
    rng = random.Random(5)
    with engine_for(database_url).connect() as connection:
        slugs = list(connection.exec_driver_sql(
            f"SELECT slug FROM posts ORDER BY random() LIMIT {CRAWL_PATHS}").scalars())
    pages = max(1, -(-post_count // 10))
    paths = [f"/{slug}" for slug in slugs]
    paths += [f"/?page={rng.randint(1, pages)}" for _ in range(len(paths) // 3)]
    path_file = folder / "crawl.txt"
    path_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return path_file, len(paths)


def machine() -> dict:
    """What the figures were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    gunicorn = subprocess.run([str(BIN / "gunicorn"), "--version"], capture_output=True,
                              text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": model.group(1) if model else platform.processor(),
            "python": platform.python_version(),
            "gunicorn": gunicorn, "kernel": platform.release()}


def report(results: dict, args) -> str:
    """The figures as Markdown: the pages against the ceiling, the many-pages run, memory."""
    blog, ceiling = results["blog"], results["ceiling"]
    uncached = results.get("uncached", {})
    lines = [f"{args.posts:,} posts by {args.authors} authors on {results['database']}, seeded in "
             f"{results['seed_seconds']:.1f} s; wrk -t{args.threads} -c{args.connections}, "
             f"{args.rounds} rounds of {args.duration} s per page and server (median shown)", "",
             "| page | req/s | p50 ms | p99 ms | ceiling req/s | ratio | goal | errors |"
             + (" page cache off req/s |" if uncached else ""),
             "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
             + (" ---: |" if uncached else "")]
    for name, goal in GOALS.items():
        mine, best = blog[name], ceiling[name]
        ratio = mine["rps"] / best["rps"]
        verdict = "—" if goal is None else f"≥ {goal} {'met' if ratio >= goal else 'NOT met'}"
        row = (f"| {name} | {mine['rps']:,.0f} | {mine['latency_us']['p50'] / 1000:.2f} | "
               f"{mine['latency_us']['p99'] / 1000:.2f} | {best['rps']:,.0f} | {ratio:.2f} | "
               f"{verdict} | {mine['error_count'] + mine['unexpected_statuses']} |")
        if uncached:
            row += f" {uncached[name]['rps']:,.0f} |" if name in uncached else " — |"
        lines.append(row)
    crawl = results["crawl"]
    lines += ["", f"Many pages ({results['crawl_paths']:,} random post and index paths, each a "
              f"cache miss the first time): {crawl['rps']:,.0f} req/s, p50 "
              f"{crawl['latency_us']['p50'] / 1000:.2f} ms, p99 "
              f"{crawl['latency_us']['p99'] / 1000:.2f} ms, errors "
              f"{crawl['error_count'] + crawl['unexpected_statuses']}",
              "Blog worker RSS after all of it: "
              + ", ".join(f"{size:.1f} MiB" for size in results["rss_mib"]),
              "Machine: " + ", ".join(f"{key} {value}"
                                      for key, value in results["machine"].items()),
              f"Command: {results['command']}"]
    return "\n".join(lines)


def through_cache(blog: Gunicorn, scenarios: dict, pages_folder: Path, folder: Path,
                  args) -> dict:
    """The reader pages through Varnish in front of the blog and as nginx's static files of the
    same bytes, in alternating rounds; also the pages whose bytes differed, and Varnish's hits."""
    manifest = json.loads((pages_folder / "manifest.json").read_text(encoding="utf-8"))
    pages = {name: scenarios[name] for name in CACHE_PAGES}
    files = {path: entry["file"] for path, entry in manifest.items()}
    with Varnish(blog.port, folder / "varnish", storage="malloc,256m") as varnish, \
            Nginx(pages_folder, files, folder / "nginx") as nginx:
        differing = [name for name, (path, _headers) in pages.items()
                     if fetch(varnish.url + path)[2] != (pages_folder / files[path]).read_bytes()
                     or fetch(nginx.url + path)[2] != (pages_folder / files[path]).read_bytes()]
        args.served.update(varnish=set(pages), nginx=set(pages))
        results = measure({"varnish": varnish.url, "nginx": nginx.url}, pages, args)
        counters = varnish.counters()
    results["differing"] = differing
    results["hit_ratio"] = counters["MAIN.cache_hit"] / max(
        1, counters["MAIN.cache_hit"] + counters["MAIN.cache_miss"] + counters["MAIN.s_pass"])
    return results


def cache_report(cache: dict) -> str:
    """The run through Varnish as Markdown: each page against nginx's files of the same bytes."""
    lines = ["| page | Varnish req/s | p50 ms | p99 ms | nginx files req/s | p50 ms | p99 ms | "
             "ratio | goal | errors |", "| --- |" + " ---: |" * 7 + " --- | ---: |"]
    for name in CACHE_PAGES:
        mine, best = cache["varnish"][name], cache["nginx"][name]
        ratio = mine["rps"] / best["rps"]
        errors = sum(run["error_count"] + run["unexpected_statuses"] for run in (mine, best))
        lines.append(
            f"| {name} | {mine['rps']:,.0f} | {mine['latency_us']['p50'] / 1000:.2f} | "
            f"{mine['latency_us']['p99'] / 1000:.2f} | {best['rps']:,.0f} | "
            f"{best['latency_us']['p50'] / 1000:.2f} | {best['latency_us']['p99'] / 1000:.2f} | "
            f"{ratio:.2f} | ≥ {CACHE_GOAL} {'met' if ratio >= CACHE_GOAL else 'NOT met'} | "
            f"{errors} |")
    lines += ["", f"Varnish hit ratio over the run: {cache['hit_ratio']:.4f}; pages whose bytes "
              f"differed from the blog's: {', '.join(cache['differing']) or 'none'}"]
    return "\n".join(lines)


def main() -> None:
    """Seed, serve the blog (with and without its page cache) and the ceiling, measure, report;
    then the reader pages through Varnish against nginx's static files."""
    args = parse_args()
    results = {"command": shlex.join(["python", "scripts/bench.py", *sys.argv[1:]]),
               "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="blog-bench-") as temporary:
        folder = Path(temporary)
        url, results["seed_seconds"] = prepare_database(args, folder)
        results["database"] = database_name(url)
        servers = {"blog": Gunicorn("blog:create_app()", blog_environment(url), folder)}
        try:
            scenarios, pages_folder = record_pages(servers["blog"].url, args.posts, folder)
            args.served = {"blog": set(scenarios), "ceiling": set(scenarios),
                           "uncached": {"index", "post", "deep index", *DISCOVERY_PAGES}}
            if not args.cache_only:
                results.update(measure_blog(servers, url, scenarios, pages_folder, folder, args))
            if not args.skip_cache:
                results["cache"] = through_cache(servers["blog"], scenarios, pages_folder,
                                                 folder, args)
        finally:
            for server in servers.values():
                server.stop()
            if args.database_url:
                empty_database(url)
    text = "\n\n".join(
        ([] if args.cache_only else [report(results, args)])
        + ([] if args.skip_cache else ["Through Varnish, against nginx serving the same bytes:",
                                       cache_report(results["cache"])])
        + ([f"Command: {results['command']}"] if args.cache_only else []))
    print("\n" + text)
    if args.json:
        args.json.write_text(json.dumps({**results, "report": text}, indent=2), encoding="utf-8")
    runs = [*(run for server in ("blog", "uncached", "ceiling")
              for run in results.get(server, {}).values()),
            *([results["crawl"]] if "crawl" in results else []),
            *(run for server in ("varnish", "nginx")
              for run in results.get("cache", {}).get(server, {}).values())]
    if any(run["error_count"] or run["unexpected_statuses"] for run in runs):
        sys.exit("Some requests failed or had an unexpected status (see the errors column).")


def measure_blog(servers: dict, url: str, scenarios: dict, pages_folder: Path, folder: Path,
                 args) -> dict:
    """The blog against its ceiling (and without its page cache), then the many-pages run."""
    results = {}
    if not args.skip_uncached:
        servers["uncached"] = Gunicorn(
            "blog:create_app()", blog_environment(url, FLASK_PAGE_CACHE_MAX_ENTRIES="0"), folder)
    servers["ceiling"] = Gunicorn(
        "bench_ceiling:create_app()", {**os.environ, "BENCH_CEILING_PAGES": str(pages_folder)},
        folder, "--pythonpath", str(SCRIPTS))
    results.update(measure({name: server.url for name, server in servers.items()},
                           scenarios, args))
    crawl_file, results["crawl_paths"] = crawl_paths(url, args.posts, folder)
    crawl = wrk(servers["blog"].url + "/", args.duration * 2, args, paths_file=crawl_file)
    crawl["unexpected_statuses"] = sum(count for status, count in crawl["statuses"].items()
                                       if status != "200")
    results["crawl"] = crawl
    results["rss_mib"] = servers["blog"].worker_rss_mib()
    return results


if __name__ == "__main__":
    main()
