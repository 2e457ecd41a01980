"""Flask commands for operators, and what `flask` gets when the configuration is refused."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import FlaskGroup

from blog.caching import keys
from blog.caching.purge import purge_now
from blog.caching.purge import shown_url
from blog.extensions import db
from blog.media.storage import purge_unused_images
from blog.migrate import DeferredMigrateCommands
from blog.models import LoginSession
from blog.models import utcnow
from blog.posts.kept import purge_expired_drafts
from blog.settings import ConfigurationError


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

    @app.cli.command("purge-images")
    def purge_images() -> None:
        """Delete images that no post or page uses, uploaded over a day ago (run it daily)."""
        click.echo(f"Deleted {purge_unused_images()} unused images.")

    @app.cli.command("purge-cache")
    @click.argument("names", nargs=-1)
    def purge_cache(names: tuple[str, ...]) -> None:
        """Purge the shared caches of CACHE_PURGE_URLS: the given surrogate keys (post:12,
        tag:3, ...), or everything ("site") when none is given."""
        urls = app.config["CACHE_PURGE_URLS"]
        if not urls:
            raise click.ClickException("CACHE_PURGE_URLS is empty: there is no cache to purge.")
        answers = purge_now(urls, names or [keys.SITE])
        for url, purged in answers.items():
            click.echo(f"{shown_url(url)}: {'purged' if purged else 'FAILED'}")
        if not all(answers.values()):
            raise click.ClickException("A cache did not take the purge (see the log above).")

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


def refused_on_the_command_line(import_name: str, error: ConfigurationError) -> Flask:
    """What create_app answers when the configuration is refused: `error`, in one of three forms.

    `flask` loads the app just to list its commands (for --help) or to look one up; then this is
    an app with the blog's commands, each of which reports the error when run, so that help
    always works. Inside a command that runs (run, shell, routes load the app there) it is a
    command-line error: the message and exit status 1, no traceback. Anywhere else (gunicorn,
    tests) it is the ConfigurationError itself.
    """
    context = click.get_current_context(silent=True)
    if context is None or not isinstance(context.find_root().command, FlaskGroup):
        raise error
    if not isinstance(context.command, FlaskGroup):
        raise click.ClickException(str(error)) from error
    # The real commands, for their names and help; they never run on this app.
    listed = Flask(import_name)
    register_commands(listed)
    listed.cli.add_command(DeferredMigrateCommands(listed))
    refusing = Flask(import_name)
    for name, command in listed.cli.commands.items():
        refusing.cli.add_command(_refusing(command, error), name)
    return refusing


def _refusing(command: click.Command, error: ConfigurationError) -> click.Command:
    def refuse() -> None:
        raise click.ClickException(str(error))

    # Any arguments are taken, so that `flask db upgrade` reports the configuration, not usage.
    return click.Command(
        command.name, callback=refuse, help=command.help,
        short_help=command.get_short_help_str(), add_help_option=True,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
