"""Benchmark of the feed, the sitemap (an index at this size) and a sitemap part.

Seeds demo posts into a temporary SQLite file (or an EMPTY PostgreSQL database), then times, in
process through Flask's test client, each document rendered from the database (page cache off:
the cost after every change) and answered from the page cache, and counts SQL statements.
Prints the median of --runs timings of each, in milliseconds, and the documents' sizes.

    .venv/bin/python scripts/bench_discovery.py [--posts 100000] [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from blog import create_app
from blog.demo import seed_demo
from blog.extensions import db

PATHS = ("/feed.atom", "/sitemap.xml", "/sitemap-pages.xml", "/sitemap-posts-1.xml",
         "/sitemap-authors-1.xml", "/sitemap-tags-1.xml", "/robots.txt")


def make_app(url: str, cache_entries: int):
    """A production-like app on url (no provider is ever contacted by these pages)."""
    return create_app({"SECRET_KEY": "bench", "DATABASE_URL": url,
                       "PUBLIC_URL": "https://blog.example", "OIDC_ISSUER": "https://id.invalid",
                       "OIDC_CLIENT_ID": "bench", "OIDC_CLIENT_SECRET": "bench",
                       "PAGE_CACHE_MAX_ENTRIES": cache_entries,
                       "PAGE_CACHE_MAX_BYTES": 64 * 1024 * 1024})


def measure(app, path: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds of a GET of path, its statements, and its size in bytes."""
    client = app.test_client()
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(1)  # noqa: E731
    size = len(client.get(path).data)
    timings = []
    for _ in range(runs):
        statements.clear()
        event.listen(engine, "before_cursor_execute", listener)
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings), len(statements), size


def main() -> None:
    """Seed, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        uncached, cached = make_app(url, 0), make_app(url, 1000)
        with uncached.app_context():
            db.create_all()
            started = time.perf_counter()
            seed_demo(args.posts, 50)
            print(f"seeded {args.posts:,} posts in {time.perf_counter() - started:.1f} s")
        print(f"{'page':24} {'rendered ms':>12} {'cached ms':>10} {'statements':>11} {'bytes':>10}")
        for path in PATHS:
            rendered, statements, size = measure(uncached, path, args.runs)
            hit, hit_statements, _ = measure(cached, path, args.runs)
            print(f"{path:24} {rendered:12.2f} {hit:10.2f} {statements:>5} / {hit_statements:<4}"
                  f" {size:>10,}")
        with uncached.app_context():
            db.drop_all()


if __name__ == "__main__":
    main()
