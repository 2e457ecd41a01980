#!/usr/bin/env python3
"""Timing the author pages, tag pages and /tags at 100,000 posts (docs/performance.md).

Seeds a demo blog (a temporary SQLite file, or an EMPTY PostgreSQL database given with
--database-url, left empty again afterwards), then renders each page in-process with the page
cache off, many times, and prints the median and 95th percentile in milliseconds: with the
listing's count kept from an earlier render at this version (the usual case), and counted again
(the first render after any change). Shallow and deep pages of the most prolific author and of
the most used tag, the list of tags, and the index for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blog import create_app  # noqa: E402
from blog.demo import seed_demo  # noqa: E402
from blog.extensions import db  # noqa: E402
from blog.models import Author  # noqa: E402
from blog.models import Tag  # noqa: E402
from blog.models import post_tags  # noqa: E402
from blog.posts.counts import EXTENSION_KEY  # noqa: E402


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts to seed")
    parser.add_argument("--authors", type=int, default=50, help="demo authors to seed")
    parser.add_argument("--repeat", type=int, default=200, help="renders per page")
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database to use instead of "
                        "a temporary SQLite file")
    return parser.parse_args()


def make_app(url: str):
    """The blog on url, page cache off: every request renders its page."""
    return create_app({"SECRET_KEY": "bench", "DATABASE_URL": url,
                       "OIDC_ISSUER": "https://provider.invalid", "OIDC_CLIENT_ID": "bench",
                       "OIDC_CLIENT_SECRET": "bench", "PAGE_CACHE_MAX_ENTRIES": 0})


def busiest(app) -> tuple[str, int, str, int]:
    """(slug, public posts) of the most prolific author and of the most used tag."""
    with app.app_context():
        author, author_posts = db.session.execute(
            db.select(Author.slug, db.func.count()).join(Author.posts)
            .group_by(Author.id, Author.slug).order_by(db.func.count().desc()).limit(1)).one()
        tag, tag_posts = db.session.execute(
            db.select(Tag.slug, db.func.count()).join(post_tags, post_tags.c.tag_id == Tag.id)
            .group_by(Tag.id, Tag.slug).order_by(db.func.count().desc()).limit(1)).one()
    return author, author_posts, tag, tag_posts


def timed(app, client, path: str, repeat: int, recount: bool) -> tuple[float, float]:
    """(median, 95th percentile) milliseconds of GET path; recount: forget the counts first."""
    samples = []
    assert client.get(path).status_code == 200, path
    for _ in range(repeat):
        if recount:
            app.extensions.pop(EXTENSION_KEY, None)
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    """Seed, measure, print."""
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = make_app(url)
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            seed_demo(args.posts, args.authors)
            print(f"seeded {args.posts} posts in {time.perf_counter() - started:.1f} s")
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            database = f"{db.engine.dialect.name} {db.engine.dialect.server_version_info}"
        try:
            author, author_posts, tag, tag_posts = busiest(app)
            per_page = app.config["POSTS_PER_PAGE"]
            deep_author = max(1, author_posts * 9 // 10 // per_page)
            deep_tag = max(1, tag_posts * 9 // 10 // per_page)
            pages = [("index, page 1", "/"), ("index, page 5000", "/?page=5000"),
                     (f"author ({author_posts} posts), page 1", f"/authors/{author}"),
                     (f"author, page {deep_author}", f"/authors/{author}?page={deep_author}"),
                     (f"tag ({tag_posts} posts), page 1", f"/tags/{tag}"),
                     (f"tag, page {deep_tag}", f"/tags/{tag}?page={deep_tag}"),
                     ("/tags", "/tags")]
            client = app.test_client()
            print(f"{database}, {args.repeat} renders each, milliseconds (median / p95)")
            print(f"{'page':34} {'count kept':>16} {'counted again':>16}")
            for label, path in pages:
                kept = timed(app, client, path, args.repeat, recount=False)
                again = timed(app, client, path, args.repeat, recount=True)
                print(f"{label:34} {kept[0]:7.2f} / {kept[1]:6.2f} {again[0]:7.2f} / "
                      f"{again[1]:6.2f}")
        finally:
            if args.database_url:
                with app.app_context():
                    db.drop_all()
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main()
