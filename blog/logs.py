"""Logging: the blog's events to standard output, one line each; Authlib kept above DEBUG."""

from __future__ import annotations

import logging
import re
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


# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators: anything a
# terminal or a log collector may take as the end of a line or as a command.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    character = match.group()
    code = ord(character)
    return ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(text: str) -> str:
    """text with every control character written as an escape, so it cannot start a new line."""
    return CONTROL_CHARACTERS.sub(_escape, text)


class UTCFormatter(logging.Formatter):
    """LOG_FORMAT with ISO 8601 UTC timestamps, one line per record.

    Request and provider values reach log messages from many call sites (an error parameter, a
    claim, an exception's text); escaping the whole formatted record, traceback included, means
    none of them can forge a line that looks like the blog's own.
    """

    converter = time.gmtime

    def __init__(self) -> None:
        super().__init__(LOG_FORMAT, datefmt="%Y-%m-%dT%H:%M:%SZ")

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line: its message, exception and stack with controls escaped."""
        return one_line(super().format(record))


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
