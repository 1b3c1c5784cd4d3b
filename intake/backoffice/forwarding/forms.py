"""Forms of forwarding a case to a team lead (the lead's statement form is shared with the
link page: `intake.web.forms.StatementForm`).

Field names are distinct from the other forms on a case's page (their ids share it).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from intake.forwarding.services import MAX_DAYS, MIN_DAYS
from intake.web.forms import strip

NOTE_MAX = 2000


def _default_days() -> int:
    return int(current_app.config["FORWARD_LINK_DAYS"])


class ForwardForm(FlaskForm):
    """To whom, with which request, for how long."""

    forward_lead = SelectField(_l("Teamleitung der Geschäftsstelle"), validators=[Optional()])
    forward_email = StringField(
        _l("oder E-Mail-Adresse"),
        validators=[
            Optional(),
            Length(max=254),
            Email(
                _l("Bitte geben Sie eine gültige E-Mail-Adresse an."), check_deliverability=False
            ),
        ],
    )
    forward_note = TextAreaField(
        _l("Bitte an die Teamleitung (freiwillig)"),
        filters=[strip],
        validators=[Optional(), Length(max=NOTE_MAX)],
    )
    forward_days = IntegerField(
        _l("Link gültig (Tage)"),
        default=_default_days,
        validators=[
            InputRequired(_l("Bitte geben Sie an, wie viele Tage der Link gelten soll.")),
            NumberRange(min=MIN_DAYS, max=MAX_DAYS),
        ],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """One recipient: a lead from the list or a typed address."""
        ok: bool = super().validate(extra_validators)
        if ok and not self.recipient:
            self.forward_email.errors = [
                _l("Bitte wählen Sie eine Teamleitung oder geben Sie eine E-Mail-Adresse an.")
            ]
            return False
        return ok

    @property
    def recipient(self) -> str:
        """The chosen address (a typed one wins over the list)."""
        typed = (self.forward_email.data or "").strip()
        return typed or (self.forward_lead.data or "").strip()


class RevokeForm(FlaskForm):
    """End a link early (the CSRF token only)."""
