"""The benchmark's ceiling: a minimal Flask app serving the blog's own page bytes from memory.

scripts/bench.py fetches the pages from the real blog, writes them to BENCH_CEILING_PAGES (a
directory), and runs this app under the same gunicorn command. Whatever the blog does beyond
this (routing and sessions aside, which this app pays for too) is what its ratio measures.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask import Flask
from flask import Response
from flask import request


def create_app() -> Flask:
    """Serve every path scripts/bench.py recorded (with its query string) with the bytes, type
    and ETag it recorded."""
    folder = Path(os.environ["BENCH_CEILING_PAGES"])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pages = {path: (folder / entry["file"]).read_bytes() for path, entry in manifest.items()}
    etags = {path: entry["etag"] for path, entry in manifest.items()}
    types = {path: entry["type"] for path, entry in manifest.items()}
    app = Flask(__name__)

    def serve(path: str) -> Response:
        body = pages.get(path)
        if body is None:
            return Response("not recorded", status=404)
        etag = etags[path]
        if request.headers.get("If-None-Match") == etag:
            response = Response(status=304)
        else:
            response = Response(body, content_type=types[path])
        response.headers["ETag"] = etag
        return response

    @app.get("/", defaults={"rest": ""})
    @app.get("/<path:rest>")
    def recorded(rest: str):
        query = request.query_string.decode()
        return serve(f"/{rest}?{query}" if query else f"/{rest}")

    return app
