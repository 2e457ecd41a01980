"""Flask commands for operators."""

from __future__ import annotations

import click
from flask import Flask

from blog.extensions import db
from blog.models import LoginSession
from blog.models import utcnow


def register_commands(app: Flask) -> None:
    """Add the blog's commands to `flask --app blog`."""

    @app.cli.command("purge-sessions")
    def purge_sessions() -> None:
        """Delete expired login sessions."""
        result = db.session.execute(
            db.delete(LoginSession).where(LoginSession.expires_at <= utcnow())
        )
        db.session.commit()
        click.echo(f"Deleted {result.rowcount} expired login sessions.")
