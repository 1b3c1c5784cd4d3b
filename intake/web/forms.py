"""Forms that more than one delivery package renders.

The team lead answers a forwarded case either through the link page (`intake.forward_link`)
or logged in to the back office (`intake.backoffice.forwarding`). Those packages are
siblings that must not import each other (see `.importlinter`), so the one statement form
they share lives here, below both.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

STATEMENT_MAX = 8000


def strip(value: object) -> object:
    """A WTForms filter: surrounding white space is never part of what was typed."""
    return value.strip() if isinstance(value, str) else value


class StatementForm(FlaskForm):
    """The lead's statement (required) and proposed measures (optional)."""

    statement = TextAreaField(
        _l("Stellungnahme"),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte schreiben Sie Ihre Stellungnahme.")),
            Length(max=STATEMENT_MAX),
        ],
    )
    proposed_measures = TextAreaField(
        _l("Vorgeschlagene Maßnahmen (freiwillig)"),
        filters=[strip],
        validators=[Optional(), Length(max=STATEMENT_MAX)],
    )
