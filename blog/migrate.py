"""Flask-Migrate, set up only when `flask db` or migration code first needs it.

Flask-Migrate imports Alembic, Mako and more: 12 MB in every web worker, which runs no
migrations (docs/performance.md). The app gets stand-ins instead: app.extensions["migrate"] and the
`db` command group, which load the real ones on first use, so everything written against
Flask-Migrate (flask db ..., flask_migrate.upgrade(), migrations/env.py) works unchanged.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

MIGRATIONS_DIRECTORY = str(Path(__file__).resolve().parent.parent / "migrations")


def defer_migrate(app: Flask, db: SQLAlchemy) -> None:
    """Give the app stand-ins for Flask-Migrate's extension entry and `db` commands."""
    app.extensions["migrate"] = DeferredMigrate(app, db)
    app.cli.add_command(DeferredMigrateCommands(app))


def load_migrate(app: Flask) -> click.Group:
    """Set Flask-Migrate up for the app (if not yet done); return its `db` command group."""
    from flask_migrate import Migrate
    from flask_migrate.cli import db as commands

    stand_in = app.extensions.get("migrate")
    if isinstance(stand_in, DeferredMigrate):
        # Replaces the stand-ins in app.extensions and app.cli with the real ones.
        Migrate(app, stand_in.db, directory=MIGRATIONS_DIRECTORY)
    return commands


class DeferredMigrate:
    """Stands in app.extensions["migrate"]; any attribute read loads Flask-Migrate."""

    def __init__(self, app: Flask, db: SQLAlchemy):
        self.app = app
        self.db = db

    def __getattr__(self, name: str):
        # Only called for attributes this stand-in lacks, such as .migrate and .configure_args.
        load_migrate(self.app)
        return getattr(self.app.extensions["migrate"], name)


class DeferredMigrateCommands(click.Group):
    """The `flask db` group; running any of it loads Flask-Migrate's group, which takes over."""

    def __init__(self, app: Flask):
        super().__init__("db", help="Perform database migrations.")
        self.app = app

    def make_context(self, info_name, args, parent=None, **extra):
        """Let Flask-Migrate's own group parse the command line (and so run it)."""
        return load_migrate(self.app).make_context(info_name, args, parent=parent, **extra)
