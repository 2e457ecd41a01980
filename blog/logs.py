"""Logging: the blog's events to standard output with time and level; Authlib kept above DEBUG."""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask
from flask.logging import default_handler

from blog.settings import ConfigurationError

LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
# Authlib logs protocol values at DEBUG, the PKCE code_verifier among them.
MINIMUM_LEVELS = {"authlib": logging.INFO}


class StandardOutputHandler(logging.StreamHandler):
    """Writes each record to sys.stdout as it is at that moment.

    Servers and test runners replace sys.stdout; a handler holding on to the stream it was created
    with would write to a closed or forgotten file.
    """

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):
        """The current standard output."""
        return sys.stdout


class UTCFormatter(logging.Formatter):
    """LOG_FORMAT with ISO 8601 UTC timestamps, whatever the server's time zone."""

    converter = time.gmtime

    def __init__(self) -> None:
        super().__init__(LOG_FORMAT, datefmt="%Y-%m-%dT%H:%M:%SZ")


# One handler for the process: create_app may run many times (tests, CLI) on the same logger.
_handler = StandardOutputHandler()
_handler.setFormatter(UTCFormatter())


def configure_logging(app: Flask) -> None:
    """Send app.logger to stdout at LOG_LEVEL, and hold libraries at their MINIMUM_LEVELS.

    Records still propagate to the root logger, where a test runner or an operator's own logging
    configuration may also pick them up.
    """
    logger = app.logger
    try:
        logger.setLevel(str(app.config["LOG_LEVEL"]).upper())
    except ValueError:
        raise ConfigurationError(
            f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {app.config['LOG_LEVEL']!r}."
        ) from None
    # Flask's default handler writes to the WSGI error stream (stderr under gunicorn).
    logger.removeHandler(default_handler)
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    for name, minimum in MINIMUM_LEVELS.items():
        library = logging.getLogger(name)
        if library.getEffectiveLevel() < minimum:
            library.setLevel(minimum)
