#!/usr/bin/env python3
"""Timing the JSON API at 100,000 posts (docs/performance.md).

Seeds a demo blog (a temporary SQLite file, or an EMPTY PostgreSQL database given with
--database-url, left empty again afterwards), then asks the blog's WSGI app in-process for each
API answer many times and prints the median and 95th percentile in milliseconds: uncached (page
cache off, every request renders: the version, the statements, the JSON) and cached (the page
cache's answer to a reader's repeat). List page 1, a deep cursor page, a deep page number, the
busiest tag's list, that tag with its busiest author, and one post.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blog import create_app  # noqa: E402
from blog.api.cursors import Cursor  # noqa: E402
from blog.api.cursors import encode_cursor  # noqa: E402
from blog.demo import seed_demo  # noqa: E402
from blog.extensions import db  # noqa: E402
from blog.models import Author  # noqa: E402
from blog.models import Post  # noqa: E402
from blog.models import Tag  # noqa: E402
from blog.models import post_tags  # noqa: E402
from blog.models import public_posts  # noqa: E402

# How deep the deep pages are: this far into the newest-first order.
DEPTH = 0.9


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts to seed")
    parser.add_argument("--authors", type=int, default=50, help="demo authors to seed")
    parser.add_argument("--repeat", type=int, default=200, help="requests per answer")
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database to use instead of "
                        "a temporary SQLite file")
    return parser.parse_args()


def make_app(url: str, cached: bool):
    """The blog on url, with its page cache on or off."""
    settings = {"SECRET_KEY": "bench", "DATABASE_URL": url,
                "OIDC_ISSUER": "https://provider.invalid", "OIDC_CLIENT_ID": "bench",
                "OIDC_CLIENT_SECRET": "bench", "PUBLIC_URL": "https://blog.example"}
    if not cached:
        settings["PAGE_CACHE_MAX_ENTRIES"] = 0
    return create_app(settings)


def paths(app, posts: int) -> list[tuple[str, str]]:
    """(label, path) of each answer measured."""
    with app.app_context():
        tag, tag_posts = db.session.execute(
            db.select(Tag.slug, db.func.count()).join(post_tags, post_tags.c.tag_id == Tag.id)
            .group_by(Tag.id, Tag.slug).order_by(db.func.count().desc()).limit(1)).one()
        author = db.session.execute(
            db.select(Author.slug).join(Post, Post.author_id == Author.id)
            .join(post_tags, post_tags.c.post_id == Post.id).join(Tag, Tag.id == post_tags.c.tag_id)
            .where(Tag.slug == tag).group_by(Author.id, Author.slug)
            .order_by(db.func.count().desc()).limit(1)).scalar_one()
        deep = int(posts * DEPTH)
        published_at, post_id, slug = db.session.execute(
            db.select(Post.published_at, Post.id, Post.slug).where(public_posts())
            .order_by(Post.published_at.desc(), Post.id.desc()).offset(deep).limit(1)).one()
        cursor = quote(encode_cursor(Cursor(published_at, post_id)))
    limit = 20
    return [("list, page 1", "/api/v1/posts"),
            (f"list, cursor after post {deep:,}", f"/api/v1/posts?cursor={cursor}"),
            (f"list, page {deep // limit:,}", f"/api/v1/posts?page={deep // limit}"),
            (f"tag ({tag_posts:,} posts), page 1", f"/api/v1/posts?tag={tag}"),
            (f"tag, page {tag_posts * 9 // 10 // limit:,}",
             f"/api/v1/posts?tag={tag}&page={tag_posts * 9 // 10 // limit}"),
            ("tag and author, page 1", f"/api/v1/posts?tag={tag}&author={author}"),
            ("one post", f"/api/v1/posts/{slug}")]


def timed(client, path: str, repeat: int) -> tuple[float, float]:
    """(median, 95th percentile) milliseconds of GET path."""
    samples = []
    assert client.get(path).status_code == 200, path
    for _ in range(repeat):
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
        uncached, cached = make_app(url, cached=False), make_app(url, cached=True)
        with uncached.app_context():
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
            print(f"{database}, {args.repeat} requests each, milliseconds (median / p95)")
            print(f"{'answer':34} {'uncached':>16} {'cached':>16}")
            clients = uncached.test_client(), cached.test_client()
            for label, path in paths(uncached, args.posts):
                rendered = timed(clients[0], path, args.repeat)
                kept = timed(clients[1], path, args.repeat)
                print(f"{label:34} {rendered[0]:7.2f} / {rendered[1]:6.2f} "
                      f"{kept[0]:7.2f} / {kept[1]:6.2f}")
        finally:
            if args.database_url:
                with uncached.app_context():
                    db.drop_all()
            for app in (uncached, cached):
                with app.app_context():
                    db.engine.dispose()


if __name__ == "__main__":
    main()
