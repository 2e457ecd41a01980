"""GET /healthz: whether this process and its database answer, for the platform and monitors."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from blog.errors import database_error_reason
from blog.errors import discard_failed_transaction
from blog.extensions import db

bp = Blueprint("health", __name__)

NO_STORE = {"Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
def healthz():
    """200 "ok" when a SELECT 1 succeeds, 503 when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.warning("health check failed: %s", database_error_reason(error))
        discard_failed_transaction()
        return "database unavailable\n", 503, NO_STORE
    return "ok\n", 200, NO_STORE

