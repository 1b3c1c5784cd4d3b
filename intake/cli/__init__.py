"""`flask --app intake …` commands: thin calls into the services, clear errors, exit codes."""

from intake.cli.cards import cards_cli
from intake.cli.database import db_cli
from intake.cli.digest import digest_cli
from intake.cli.offices import offices_cli
from intake.cli.reports import reports_cli
from intake.cli.retention import retention_cli
from intake.cli.reviews import reviews_cli
from intake.cli.users import users_cli

__all__ = [
    "cards_cli",
    "db_cli",
    "digest_cli",
    "offices_cli",
    "reports_cli",
    "retention_cli",
    "reviews_cli",
    "users_cli",
]
