"""Forms of the answer editor and of the answer templates."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from intake.answers import services as answers
from intake.labels import LANGUAGE_LABELS, PLEASE_CHOOSE
from intake.languages import LANGUAGES

MAX_TEXT = 20000
PURPOSE_LABELS = {
    "final": _l("Antwort (abschließend)"),
    "acknowledgement": _l("Eingangsbestätigung"),
    "interim": _l("Zwischennachricht"),
}
CHANNEL_LABELS = {
    "email": _l("E-Mail an die angegebene Adresse"),
    "letter": _l("Brief an die angegebene Anschrift (PDF zum Drucken)"),
    "phone": _l("Rückruf unter der angegebenen Telefonnummer (Gespräch festhalten)"),
    "receipt": _l("Auf der Statusseite, abrufbar mit dem Code des Absenders"),
}


def check_finished(_form: object, field: Field) -> None:
    """No text goes out with parts still to be written or with unknown placeholders."""
    left = answers.unfinished(field.data or "")
    if left:
        shown = ", ".join(dict.fromkeys(part[:60] for part in left))
        raise ValidationError(
            _(
                "Bitte ersetzen Sie noch die markierten Stellen (%(parts)s). Stellen in [[ ]] "
                "sind Hinweise für Sie; Platzhalter in { } müssen bekannt sein.",
                parts=shown,
            )
        )


def check_placeholders(_form: object, field: Field) -> None:
    """The rule of `answers.unknown_placeholders`, as a message on the field."""
    unknown = answers.unknown_placeholders(field.data or "")
    if unknown:
        raise ValidationError(
            _(
                "Unbekannte Platzhalter: %(names)s. Möglich sind die unten aufgeführten.",
                names=", ".join(unknown),
            )
        )


class AnswerForm(FlaskForm):
    """One message to the sender: what it is, its text and the way it goes."""

    purpose = RadioField(
        _l("Art der Nachricht"),
        choices=[SelectChoice(k, v) for k, v in PURPOSE_LABELS.items()],
        default="final",
        validators=[InputRequired(_l("Bitte wählen Sie die Art der Nachricht."))],
    )
    text = TextAreaField(
        _l("Text an den Absender"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie einen Text.")),  # spaces alone are no text
            Length(max=MAX_TEXT),
            check_finished,
        ],
    )
    # The language `text` is written in (the status page marks it up with it). Optional, so a
    # form without it (older pages) still sends; the answer's language is then not recorded.
    language = SelectField(
        _l("Sprache des Textes"),
        choices=[SelectChoice(code, LANGUAGE_LABELS[code]) for code in LANGUAGES],
        validators=[Optional()],
    )
    # The officer's German when `text` is a machine-translated draft of it: stored with the
    # answer as the binding original, shown below it on the status page.
    original = TextAreaField(
        _l("Ihr deutscher Text (verbindlich)"),
        validators=[Optional(), Length(max=MAX_TEXT), check_finished],
    )
    channel = RadioField(
        _l("Versandweg"),
        validators=[InputRequired(_l("Bitte wählen Sie einen Versandweg."))],
    )
    # A call back is recorded after it happened: the day of the call (who called is the
    # logged-in account, kept in the audit event).
    called_on = DateField(_l("Datum des Anrufs"), validators=[Optional()])

    def set_channels(self, channels: list[str]) -> None:
        """Offer only the ways this case can be answered."""
        self.channel.choices = [SelectChoice(c, CHANNEL_LABELS[c]) for c in channels]
        if len(channels) == 1 and not self.channel.data:
            self.channel.data = channels[0]

    def validate_called_on(self, field: Field) -> None:
        """A recorded call needs its day, and it cannot lie in the future."""
        if self.channel.data != "phone":
            return
        if field.data is None:
            raise ValidationError(_("Bitte geben Sie das Datum des Anrufs an."))
        if field.data > date.today():
            raise ValidationError(_("Das Datum des Anrufs liegt in der Zukunft."))

    def validate_channel(self, field: Field) -> None:
        """The status page shows the final answer only."""
        if field.data == "receipt" and self.purpose.data != "final":
            raise ValidationError(
                _(
                    "Auf der Statusseite steht nur die abschließende Antwort. Eine "
                    "Eingangsbestätigung oder Zwischennachricht geht nur per E-Mail oder Brief."
                )
            )


class TemplateForm(FlaskForm):
    """An answer template: kind, language, title and text."""

    kind = SelectField(
        _l("Art"),
        choices=[SelectChoice("", PLEASE_CHOOSE)]
        + [SelectChoice(k, v) for k, v in answers.TEMPLATE_KINDS.items()],
        validators=[InputRequired()],
    )
    language = SelectField(
        _l("Sprache"),
        choices=[SelectChoice(code, LANGUAGE_LABELS[code]) for code in LANGUAGES],
        default="de",
        validators=[InputRequired()],
        render_kw={"required": False},  # "de" is always a valid start: no empty option needed
    )
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Bitte geben Sie einen Titel an.")), Length(max=200)],
    )
    body = TextAreaField(
        _l("Text"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie einen Text.")),  # spaces alone are no text
            Length(max=MAX_TEXT),
            check_placeholders,
        ],
    )
    save = SubmitField(_l("Vorlage speichern"))
    delete = SubmitField(_l("Vorlage löschen"))
