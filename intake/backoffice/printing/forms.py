"""Forms of the service team's printing pages and the paper-card transcription."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from intake.backoffice.forms import reaction_language_field
from intake.labels import KIND_LABELS, LANGUAGE_LABELS, RATING_LABELS
from intake.languages import LANGUAGES, MULTILINGUAL
from intake.printing import services as printing
from intake.reception.services import KINDS, RATINGS

# A paper card dated further back than this is keyed only after a second look.
OLD_CARD_DAYS = 30
LAYOUT_LABELS = {
    "card": _l("Meinungskarten (A6, 4 je A4-Bogen, doppelseitig)"),
    "poster-a4": _l("Plakat A4"),
    "poster-a3": _l("Plakat A3"),
}


def _optional_int(value: object) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def check_printable(form: Any, field: Field) -> None:
    """Refuse what the printer would refuse (a card batch below CARD_MIN_BATCH)."""
    if form.layout.data not in printing.LAYOUTS or field.errors:
        return
    reason = printing.refusal(
        form.layout.data, field.data, int(current_app.config["CARD_MIN_BATCH"])
    )
    if reason:
        raise ValidationError(reason)


class PrintForm(FlaskForm):
    """Office, layout, language and count of a print run."""

    office = SelectField(_l("Geschäftsstelle"), validators=[InputRequired()], validate_choice=True)
    layout = RadioField(
        _l("Was drucken?"),
        choices=[SelectChoice(k, v) for k, v in LAYOUT_LABELS.items()],
        default="card",
        validators=[InputRequired()],
    )
    language = SelectField(
        _l("Sprache der Karten"),
        # Every language by its German name, then the card with a line in each of them.
        choices=[SelectChoice(code, LANGUAGE_LABELS[code]) for code in LANGUAGES]
        + [SelectChoice(MULTILINGUAL, LANGUAGE_LABELS[MULTILINGUAL])],
        default="de",
    )
    count = IntegerField(
        _l("Anzahl"),
        default=200,
        validators=[
            InputRequired(_l("Bitte geben Sie eine Anzahl an.")),
            NumberRange(min=1, max=20000),
            check_printable,
        ],
    )
    request_id = HiddenField()


class CardRequestForm(FlaskForm):
    """A team lead's order of cards."""

    office = SelectField(_l("Geschäftsstelle"), validators=[InputRequired()])
    layout = RadioField(
        _l("Was wird gebraucht?"),
        choices=[SelectChoice(k, v) for k, v in LAYOUT_LABELS.items()],
        default="card",
        validators=[InputRequired()],
    )
    count = IntegerField(
        _l("Anzahl"),
        default=200,
        validators=[
            InputRequired(_l("Bitte geben Sie eine Anzahl an.")),
            NumberRange(min=1, max=20000),
            check_printable,
        ],
    )
    note = StringField(
        _l("Hinweis für das Service-Team (freiwillig)"), validators=[Optional(), Length(max=500)]
    )


class PaperCardForm(FlaskForm):
    """One returned paper card, keyed in."""

    office = SelectField(_l("Geschäftsstelle"), validators=[InputRequired()])
    batch = IntegerField(_l("Auflage (falls auf der Karte)"), validators=[Optional()])
    received_on = DateField(_l("Eingangsdatum"), default=date.today, validators=[InputRequired()])
    language = reaction_language_field()
    kind = RadioField(
        _l("Angekreuzt"),
        choices=[SelectChoice(k, KIND_LABELS[k]) for k in KINDS],
        default="other",
        validators=[InputRequired()],
    )
    rating = RadioField(
        _l("Bewertung"),
        choices=[SelectChoice(str(r), RATING_LABELS[r]) for r in RATINGS],
        coerce=_optional_int,
        validators=[Optional()],
        validate_choice=False,
    )
    text = TextAreaField(
        _l("Text der Karte"),
        validators=[InputRequired(_l("Bitte den Text der Karte abschreiben.")), Length(max=4000)],
    )
    # The date of receipt the officer confirmed after the warning that it lies far back.
    date_confirmed = HiddenField()

    def validate_received_on(self, field: Field) -> None:
        """No card arrives in the future."""
        if field.data is not None and field.data > date.today():
            raise ValidationError(_l("Das Eingangsdatum liegt in der Zukunft."))

    def date_needs_confirming(self) -> bool:
        """A date far back is more often a typo than a late card: ask once before saving."""
        day = self.received_on.data
        if day is None or day >= date.today() - timedelta(days=OLD_CARD_DAYS):
            return False
        return bool(self.date_confirmed.data != day.isoformat())
