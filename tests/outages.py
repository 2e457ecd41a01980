"""Databases that tests can take away and bring back: cut() and restore()."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.tcp_proxy import TCPProxy


class ProxiedDatabase:
    """PostgreSQL reached through a TCP proxy that can drop every connection, like a failover."""

    survives_open_connections = False

    def __init__(self, proxy: TCPProxy, url: str):
        self.proxy = proxy
        self.url = url

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        self.proxy.cut()

    def restore(self) -> None:
        """Forward connections again."""
        self.proxy.restore()


class MovableDatabase:
    """A SQLite file whose directory is moved away and back.

    A connection SQLite already opened keeps reading the moved file, so only new connections see
    the database gone.
    """

    survives_open_connections = True

    def __init__(self, directory: Path):
        self.directory = directory
        self.away = directory.with_name(directory.name + ".away")
        self.url = f"sqlite:///{directory / 'blog.sqlite'}"

    def cut(self) -> None:
        """Move the directory away: the file cannot be opened any more."""
        shutil.move(self.directory, self.away)

    def restore(self) -> None:
        """Move the directory back, if it is away."""
        if self.away.exists():
            shutil.move(self.away, self.directory)
