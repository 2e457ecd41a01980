#!/usr/bin/env python3
"""Benchmark of search: the /search page over a demo blog, per kind of query; see
docs/performance.md.

Seeds a demo blog (a temporary SQLite file, or an empty PostgreSQL database given with
--database-url) through `flask db upgrade` and `flask seed-demo`, adds a few posts with a rare
word, then asks the blog's own WSGI app (page cache off, so every request searches) for each kind
of query many times and prints the median and 95th percentile milliseconds of the whole page:
parsing, the SQL statements (ranking, snippets, count) and rendering.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RARE_WORD = "zanzibar"
# Each kind: the query string, and the status the page must answer.
QUERIES = {
    "common word": ("q=the", 200),
    "common word, page 50": ("q=the&page=50", 200),
    "topic word": ("q=sourdough", 200),
    "rare word": (f"q={RARE_WORD}", 200),
    "two words": ("q=night+trains", 200),
    "phrase": ("q=%22night+trains%22", 200),
    "prefix": ("q=sour*", 200),
    "short prefix": ("q=th*", 200),
    "no match": ("q=xylophonequartz", 200),
    "20 common words": ("q=" + "+".join(["the", "and", "a", "of", "to", "i", "it", "was", "in",
                                         "that", "is", "for", "on", "my", "with", "as", "at",
                                         "by", "be", "me"]), 200),
    "operators and quotes": ("q=" + "%22a%22+OR+NOT+(b+NEAR+c)+-d+%5Ee+title%3Af+*+%22", 200),
    "hostile 10 KB": ("q=" + "near+" * 2048, 400),
}


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts to seed")
    parser.add_argument("--authors", type=int, default=50, help="demo authors to seed")
    parser.add_argument("--runs", type=int, default=30, help="requests per kind of query")
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database to use instead of "
                        "a temporary SQLite file (postgresql://user:pass@host/db)")
    parser.add_argument("--keep", action="store_true", help="leave the seeded data in place")
    return parser.parse_args()


def blog_environment(database_url: str) -> dict:
    """The environment of a production-like blog; readers never contact the (dummy) provider."""
    return {**os.environ, "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATABASE_URL": database_url, "OIDC_ISSUER": "https://provider.invalid",
            "OIDC_CLIENT_ID": "bench", "OIDC_CLIENT_SECRET": "bench-secret",
            "FLASK_DEBUG": "0", "PAGE_CACHE_MAX_ENTRIES": "0"}


def engine_for(url: str):
    """A SQLAlchemy engine in autocommit mode, for the script's own few statements."""
    return sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                                    isolation_level="AUTOCOMMIT")


def flask_command(url: str, *args: str) -> None:
    """Run `flask --app blog ...` against the database at url."""
    subprocess.run([str(BIN / "flask"), "--app", "blog", *args], env=blog_environment(url),
                   cwd=ROOT, check=True, stderr=subprocess.DEVNULL)


def prepare_database(args, folder: Path) -> str:
    """Upgrade the schema, seed it and add the rare word's posts; the database URL."""
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    if args.database_url and sqlalchemy.inspect(engine_for(url)).get_table_names():
        raise SystemExit(f"{url} is not empty: give the benchmark a database of its own.")
    flask_command(url, "db", "upgrade")
    started = time.perf_counter()
    flask_command(url, "seed-demo", "--posts", str(args.posts), "--authors", str(args.authors))
    print(f"seeded {args.posts:,} posts in {time.perf_counter() - started:.0f} s "
          "(search index included)")
    engine = engine_for(url)
    with engine.connect() as connection:
        # Three posts with a word no demo post has, through the table as an import would.
        connection.exec_driver_sql(
            "INSERT INTO posts (slug, title, body, source, source_format, summary, excerpt, "
            "reading_minutes, search_text, status, published_at, version, review_note, "
            "return_note, author_id, created_at, updated_at) SELECT 'rare-' || id, title, body, "
            f"source, source_format, summary, excerpt, reading_minutes, search_text || ' "
            f"{RARE_WORD}', status, published_at, 1, '', '', author_id, created_at, updated_at "
            "FROM posts ORDER BY id LIMIT 3")
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("VACUUM ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return url


def empty_database(url: str) -> None:
    """Leave a given database as empty as the benchmark found it."""
    flask_command(url, "db", "downgrade", "base")
    engine = engine_for(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    engine.dispose()


def measure(url: str, runs: int) -> None:
    """Time every kind of query through the blog's WSGI app, and print the figures."""
    os.environ.update(blog_environment(url))
    sys.path.insert(0, str(ROOT))
    from blog import create_app

    app = create_app()
    client = app.test_client()
    print(f"{'query':24} {'status':>6} {'results':>14} {'median ms':>10} {'p95 ms':>8}")
    for name, (query, status) in QUERIES.items():
        first = client.get(f"/search?{query}")
        if first.status_code != status:
            raise SystemExit(f"{name}: answered {first.status_code}, not {status}")
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(f"/search?{query}")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == status
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        print(f"{name:24} {status:>6} {matches(first.text):>14} "
              f"{statistics.median(timings):>10.1f} {p95:>8.1f}")


def matches(page: str) -> str:
    """What the page says of the number of matches."""
    for marker, words in (("More than ", "> "), ("No posts match", "0")):
        if marker in page:
            if words == "0":
                return words
            return words + page.split(marker, 1)[1].split(" ", 1)[0]
    if "posts match" in page:
        return page.split("posts match", 1)[0].rsplit(">", 1)[1].strip()
    return "1" if "1 post matches" in page else "-"


def main() -> None:
    """Seed, measure, clean up."""
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = prepare_database(args, Path(folder))
        engine = engine_for(url)
        with engine.connect():
            version = ".".join(str(part) for part in engine.dialect.server_version_info)
        product = "PostgreSQL" if engine.dialect.name == "postgresql" else "SQLite"
        engine.dispose()
        print(f"{product} {version}, {args.posts:,} posts, {args.runs} requests per query, "
              "page cache off")
        try:
            measure(url, args.runs)
        finally:
            if args.database_url and not args.keep:
                empty_database(url)


if __name__ == "__main__":
    main()
