"""Friendly error pages in the visitor's language: never a bare 500 or a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from intake.web.extensions import db


def _page(status: int, retry_after: int | None = None) -> tuple[str, int, dict[str, str]]:
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return (
        render_template("errors/error.html", status=status, retry_after=retry_after),
        status,
        headers,
    )


def handle_http(error: HTTPException) -> tuple[str, int, dict[str, str]]:
    """Any HTTP error: our page with the right status."""
    return _page(error.code or 500)


def handle_rate_limit(error: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
    """429 with Retry-After, in the visitor's language."""
    retry_after = 60
    limit = getattr(error, "limit", None)
    if limit is not None:
        retry_after = int(limit.limit.get_expiry())
    return _page(429, retry_after)


def handle_csrf(error: CSRFError) -> ResponseReturnValue:
    """An expired or missing CSRF token: our 400 page.

    A blueprint can do better with its own handler (the public form comes back with the
    text kept: `intake.public.views.csrf_expired`); Flask asks the blueprint's first.
    """
    return _page(400)


def handle_unavailable(error: OperationalError) -> tuple[str, int, dict[str, str]]:
    """The database is locked, overloaded or unreachable: say so, and when to try again."""
    from flask import current_app

    db.session.rollback()
    current_app.logger.warning("database unavailable in %s", request.endpoint)
    return _page(503, retry_after=30)


def handle_unexpected(error: Exception) -> tuple[str, int, dict[str, str]]:
    """Log without request data and answer with the friendly 500 page."""
    from flask import current_app

    db.session.rollback()
    # The type and endpoint only: an exception message may quote what a visitor typed.
    current_app.logger.error("unhandled %s in %s", type(error).__name__, request.endpoint)
    if current_app.config.get("PROPAGATE_UNEXPECTED"):
        raise error
    return _page(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(RateLimitExceeded, handle_rate_limit)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_unavailable)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
