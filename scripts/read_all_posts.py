#!/usr/bin/env python3
"""Read every public post of a blog through its JSON API, page after page by cursor.

Needs only `requests`: an example of the API as a client sees it (docs/api.md). Prints one
line per page and the totals: posts read, distinct posts, tags and authors seen.

    python scripts/read_all_posts.py https://blog.example --limit 100
"""

from __future__ import annotations

import argparse
import sys
import time

import requests

TIMEOUT_SECONDS = 30


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("blog_url", help="the blog's address, e.g. https://blog.example")
    parser.add_argument("--limit", type=int, default=100, help="posts per page (1 to 100)")
    parser.add_argument("--quiet", action="store_true", help="print the totals only")
    return parser.parse_args(argv)


def pages_of_posts(session: requests.Session, blog_url: str, limit: int):
    """Each answer of /api/v1/posts, from the first page to the last, following next_cursor."""
    url = blog_url.rstrip("/") + "/api/v1/posts"
    params: dict[str, str | int] = {"limit": limit}
    while True:
        response = session.get(url, params=params, timeout=TIMEOUT_SECONDS)
        if response.status_code != 200:
            raise SystemExit(f"{response.url} answered {response.status_code}: "
                             f"{response.text[:300]}")
        page = response.json()
        yield page
        if page["next_cursor"] is None:
            return
        params = {"limit": limit, "cursor": page["next_cursor"]}


def main(argv: list[str] | None = None) -> int:
    """Read them all; print what was read. Exit status 1 when a post came twice."""
    args = parse_args(argv)
    started = time.monotonic()
    ids: list[int] = []
    tags: set[str] = set()
    authors: set[str] = set()
    total = None
    with requests.Session() as session:
        for number, page in enumerate(pages_of_posts(session, args.blog_url, args.limit), 1):
            if total is None:
                total = page["total"]  # the first page is numbered, so it counts them
            ids += [item["id"] for item in page["items"]]
            for item in page["items"]:
                tags.update(tag["slug"] for tag in item["tags"])
                authors.update(author["slug"] for author in item["authors"])
            if not args.quiet:
                print(f"page {number}: {len(page['items'])} posts")
    seconds = time.monotonic() - started
    print(f"posts read: {len(ids)}")
    print(f"distinct posts: {len(set(ids))}")
    print(f"posts the blog counts: {total}")
    print(f"tags seen: {len(tags)}")
    print(f"authors seen: {len(authors)}")
    print(f"seconds: {seconds:.2f}")
    return 0 if len(ids) == len(set(ids)) == total else 1


if __name__ == "__main__":
    sys.exit(main())
