"""Error pages in the site's layout (problem details under /api/); a 500 rolls the session back, a
lost database is a 503."""

from __future__ import annotations

from flask import Flask
from flask import current_app
from flask import g
from flask import render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import InternalServerError

from blog.api.problems import is_api_request
from blog.api.problems import problem
from blog.api.problems import problem_for
from blog.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "You are not allowed to do that: your role on this blog, or the post's "
                         "state, does not allow it."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Method not allowed", "This page cannot be used that way."),
    413: ("Too large", "What you sent is larger than the blog accepts."),
    500: ("Something went wrong", "An error on our side stopped this page. Please try again."),
    503: ("Temporarily unavailable", "The blog is temporarily unavailable. Please try again in a "
                                     "moment."),
}
# Errors that mean the database cannot be reached (down, restarting, failing over, pool
# exhausted), as opposed to a bug in a query. The engine's pool_pre_ping replaces dead connections,
# so the next request after the database is back succeeds without a restart.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError)
RETRY_AFTER_SECONDS = 30


def render_error(status: int, message: str | None = None):
    """The error page for status, with its standard title and an optional specific message."""
    title, default_message = MESSAGES.get(status, ("Error", "Something went wrong."))
    return render_template("error.html", status=status, title=title,
                           message=message or default_message), status


def register_error_handlers(app: Flask) -> None:
    """Install the handlers for the statuses the blog answers with."""

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        return render_error(400, "This form has expired or did not come from this site. "
                                 "Go back, reload the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if is_api_request():
            return problem_for(error)
        response = render_error(error.code)
        if error.code == 405 and error.valid_methods:
            return (*response, {"Allow": ", ".join(error.valid_methods)})
        return response

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()
        if is_api_request():
            return problem(500)
        return render_error(500)

    for error_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_class, database_unavailable)
    # Flask runs teardowns last registered first: this one before Flask-SQLAlchemy's.
    app.teardown_appcontext(close_session_of_lost_database)


def database_unavailable(error: SQLAlchemyError):
    """The 503 page for a request that could not reach the database."""
    current_app.logger.warning("database unavailable: %s", database_error_reason(error))
    discard_failed_transaction()
    # The rollback expired the author loaded for this request: the page's header would load
    # them again from the database that just failed. The 503 page is shown as to a visitor,
    # and no cache may keep it (keep_authors_pages_private no longer sees the author).
    g.user = None
    retry = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if is_api_request():
        return problem(503, headers=retry)
    return (*render_error(503), retry)


def discard_failed_transaction() -> None:
    """Roll the session back after a database error, even when the connection itself is gone."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass  # the connection is gone; the session is discarded at the end of the request anyway


def close_session_of_lost_database(_error: BaseException | None) -> None:
    """End the request's session, even when the database went away after the answer was made.

    Closing rolls back on the connection; if the server stopped since the request's last query
    (a restart, a failover), that rollback fails, and the finished answer would become a 500.
    The pool has already discarded the dead connection: nothing is left to undo.
    """
    try:
        db.session.close()
    except DATABASE_UNAVAILABLE as error:
        current_app.logger.warning("database lost at the end of a request: %s",
                                   database_error_reason(error))


def database_error_reason(error: SQLAlchemyError) -> str:
    """A one-line reason for a database error, without its SQL or bound parameters."""
    original = getattr(error, "orig", None) or error
    first_line = (str(original).strip().splitlines() or [""])[0]
    return f"{type(original).__name__}: {first_line}"[:300]
