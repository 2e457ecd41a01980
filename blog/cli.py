"""Flask commands for operators."""

from __future__ import annotations

import time

import click
from flask import Flask

from blog.extensions import db
from blog.models import LoginSession
from blog.models import utcnow
from blog.posts.kept import purge_expired_drafts


def register_commands(app: Flask) -> None:
    """Add the blog's commands to `flask --app blog`."""

    @app.cli.command("purge-sessions")
    def purge_sessions() -> None:
        """Delete expired login sessions, and expired drafts kept while logged out."""
        result = db.session.execute(
            db.delete(LoginSession).where(LoginSession.expires_at <= utcnow())
        )
        db.session.commit()
        click.echo(f"Deleted {result.rowcount} expired login sessions.")
        click.echo(f"Deleted {purge_expired_drafts()} expired kept drafts.")

    @app.cli.command("seed-demo")
    @click.option("--posts", "post_count", type=click.IntRange(min=0), default=100,
                  show_default=True, help="How many posts to add.")
    @click.option("--authors", "author_count", type=click.IntRange(min=1), default=10,
                  show_default=True, help="How many demo authors write them.")
    @click.option("--seed", type=int, default=1, show_default=True,
                  help="Seed of the random generator: the same seed gives the same text.")
    def seed_demo_command(post_count: int, author_count: int, seed: int) -> None:
        """Add demo authors and posts (for trying and benchmarking the blog at size).

        Demo authors have the issuer "demo", which no provider uses, so nobody can log in as
        them. Run it on a demo database, never on the real blog.
        """
        from blog.demo import seed_demo

        started = time.perf_counter()
        seed_demo(post_count, author_count, seed=seed)
        click.echo(f"Added {author_count} demo authors and {post_count} posts in "
                   f"{time.perf_counter() - started:.1f} s.")
