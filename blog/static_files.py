"""Static files: content-hashed URLs cached for a year, served by WhiteNoise in front of Flask."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise

from blog.security import STATIC_HEADERS

# A hashed name changes whenever the content does, so browsers and CDNs may keep it for a year.
HASHED_CACHE_CONTROL = "public, max-age=31536000, immutable"
# The plain names (bookmarked, or from an old page) may change under the same URL.
PLAIN_CACHE_CONTROL = "public, max-age=300"
HASH_LENGTH = 8


def hashed_name(name: str, content: bytes) -> str:
    """css/blog.css -> css/blog.3f9a1c2b.css, the hash taken from the file's content."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    folder, _, filename = name.rpartition("/")
    stem, dot, extension = filename.rpartition(".")
    hashed = f"{stem}.{digest}.{extension}" if dot and stem else f"{filename}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def hashed_names(folder: str) -> dict[str, str]:
    """Map every file under folder (by its URL name, with slashes) to its content-hashed name."""
    root = Path(folder)
    names = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            name = path.relative_to(root).as_posix()
            names[name] = hashed_name(name, path.read_bytes())
    return names


def register_static_files(app: Flask) -> None:
    """Serve /static through WhiteNoise and make url_for('static', ...) give the hashed names.

    In debug mode Flask serves the files itself, so that edits show up without a restart.
    """
    if app.debug or not app.static_folder or not app.static_url_path:
        return
    names = hashed_names(app.static_folder)
    prefix = app.static_url_path.rstrip("/") + "/"
    hashed_urls = {prefix + hashed for hashed in names.values()}

    def add_headers(headers, path: str, url: str) -> None:
        headers["Cache-Control"] = (HASHED_CACHE_CONTROL if url in hashed_urls
                                    else PLAIN_CACHE_CONTROL)
        for name, value in STATIC_HEADERS.items():
            headers[name] = value

    static = WhiteNoise(app.wsgi_app, allow_all_origins=False, add_headers_function=add_headers)
    static.add_files(app.static_folder, prefix=prefix)
    folder = Path(app.static_folder)
    for name, hashed in names.items():
        # The hashed URL serves the file itself: no copies to build or to keep in step.
        static.add_file_to_dictionary(prefix + hashed, str(folder / name))
    app.wsgi_app = static

    @app.url_defaults
    def hashed_static_url(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in names:
            values["filename"] = names[values["filename"]]
