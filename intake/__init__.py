"""Meinungskarte: anonymous feedback intake for Jobcenter customer-reaction management (KRM).

The factory only registers things; it never migrates, touches the network or exits.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from intake.config import load_config
from intake.params import IdConverter
from intake.web import access, errors, i18n, logs, security, settings
from intake.web.extensions import babel, csrf, db, limiter
from intake.web.ratelimit import init_ratelimit

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the WSGI application; `test_config` replaces the instance config and environment."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INTAKE_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    load_config(app, test_config)
    settings.check(app)  # the rule profile: config cannot import the domain that knows them
    app.url_map.converters["id"] = IdConverter  # bounded ids in every route: `<id:…>`
    logs.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    security.init_app(app)
    access.init_app(app)
    errors.init_app(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Wire the extensions; each reads its settings from `app.config`."""
    db.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app, babel)
    init_ratelimit(app, limiter)


def register_blueprints(app: Flask) -> None:
    """The citizens' pages, the back office (its areas nested, `intake.backoffice`) and the
    team lead's link page: three blueprints, registered here and nowhere else."""
    from intake import backoffice
    from intake.forward_link.views import bp as forward_bp
    from intake.public.views import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(backoffice.create_blueprint())
    app.register_blueprint(forward_bp)


def register_commands(app: Flask) -> None:
    """`flask --app intake …` command groups."""
    from intake.cli import (
        cards_cli,
        db_cli,
        digest_cli,
        offices_cli,
        reports_cli,
        retention_cli,
        reviews_cli,
        users_cli,
    )

    app.cli.add_command(db_cli)
    app.cli.add_command(offices_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(cards_cli)
    app.cli.add_command(reviews_cli)
    app.cli.add_command(digest_cli)
    app.cli.add_command(reports_cli)
