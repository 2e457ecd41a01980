"""scripts/read_all_posts.py, run as a user would, against the seeded blog over HTTP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "read_all_posts.py"


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), url, *args], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_it_reads_every_public_post_exactly_once(seeded_api_server):
    url, seeded = seeded_api_server
    result = run(url, "--limit", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    count = len(seeded.public_slugs)
    assert f"posts read: {count}" in lines
    assert f"distinct posts: {count}" in lines
    assert f"posts the blog counts: {count}" in lines
    assert [line for line in lines if line.startswith("page ")] == [
        "page 1: 2 posts", "page 2: 2 posts", "page 3: 1 posts"]
    assert "tags seen: 3" in lines and "authors seen: 2" in lines


def test_it_says_what_went_wrong_when_the_api_refuses(seeded_api_server):
    url, _ = seeded_api_server
    result = run(url, "--limit", "500")
    assert result.returncode != 0
    assert "answered 400" in result.stderr and "'limit' must be from 1 to 100" in result.stderr
