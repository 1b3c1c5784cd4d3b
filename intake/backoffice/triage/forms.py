"""Forms of the officer's triage: classify, move on, hand off, assign, enter a reaction."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from intake.backoffice.forms import reaction_language_field
from intake.labels import CHANNEL_LABELS, PLEASE_CHOOSE
from intake.reception.services import CONTACT_CHANNELS, KINDS
from intake.triage import cases, rules, workflow

JUSTIFIED_CHOICES = [
    SelectChoice("", _l("noch offen")),
    SelectChoice("1", _l("ja")),
    SelectChoice("0", _l("nein")),
]


def kind_choices() -> list[SelectChoice]:
    """KRM kinds first, then the non-KRM kinds with where they go."""
    krm = [SelectChoice(key, label) for key, label in rules.KRM_KINDS.items()]
    other = [
        SelectChoice(key, f"{h.label} → {h.destination}" if h.destination else h.label)
        for key, h in rules.NON_KRM_KINDS.items()
    ]
    return krm + other


class ClassifyForm(FlaskForm):
    """The officer's classification of a case (RL Nr. 4, GA 4.1/4.2)."""

    kind = SelectField(_l("Art der Kundenreaktion"), validators=[InputRequired()])
    about_conduct = BooleanField(_l("betrifft das persönliche Verhalten von Beschäftigten"))
    justified = RadioField(
        _l("Begründet?"), choices=JUSTIFIED_CHOICES, default="", validators=[Optional()]
    )
    justified_reason = SelectField(
        _l("Grund (GA 4.2)"),
        choices=[SelectChoice("", "–")]
        + [SelectChoice(k, v) for k, v in cases.JUSTIFIED_REASONS.items()],
        validators=[Optional()],
    )
    decision_note = StringField(
        _l("Begründung der Entscheidung (kurz, ohne Namen)"),
        validators=[Optional(), Length(max=cases.CLASSIFY_NOTE_MAX)],
    )
    first_followup_on = DateField(_l("Eingang des 1. Folgetickets"), validators=[Optional()])
    committee_deadline = DateField(
        _l("Frist des Ausschusses (Petition/Eingabe)"), validators=[Optional()]
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # No suggestion, no kind yet: the officer chooses, nothing is filed by default.
        self.kind.choices = [SelectChoice("", PLEASE_CHOOSE), *kind_choices()]


class TransitionForm(FlaskForm):
    """Move a case to the next state."""

    to_state = HiddenField(validators=[InputRequired()])

    def validate_to_state(self, field: HiddenField) -> None:
        """Only known states (the workflow decides which are allowed from here)."""
        if field.data not in workflow.STATES:
            raise ValueError(str(_l("Unbekannter Status.")))


class HandOffForm(FlaskForm):
    """Hand a non-KRM reaction to the office that is responsible."""

    destination = StringField(_l("Abgegeben an"), validators=[DataRequired(), Length(max=120)])


class AssignForm(FlaskForm):
    """Give the case to a staff member."""

    assignee = SelectField(_l("Bearbeitung durch"), validators=[Optional()])
    to_me = HiddenField()  # posted by the "Mir zuweisen" button (name="to_me" value="1")


class FlagForm(FlaskForm):
    """A yes/no switch posted by one button (restrict to anti-corruption, acknowledge)."""

    value = HiddenField(default="1")


class AcknowledgeForm(FlaskForm):
    """The acknowledgement: recorded as sent outside the app, or shown on the status page."""

    channel = HiddenField(default="")

    def validate_channel(self, field: HiddenField) -> None:
        """Empty (sent elsewhere, e.g. by phone) or "receipt" (the status page)."""
        if field.data not in ("", "receipt"):
            raise ValidationError(str(_l("Unbekannter Weg.")))


STAFF_CHANNEL_CHOICES = [SelectChoice(key, CHANNEL_LABELS[key]) for key in cases.STAFF_CHANNELS]
SENDER_KIND_LABELS = {
    "praise": _l("Lob"),
    "idea": _l("Idee"),
    "complaint": _l("Beschwerde"),
    "other": _l("Sonstiges"),
}
PREFERRED_LABELS = {"email": _l("E-Mail"), "phone": _l("Telefon"), "post": _l("Brief")}


class CaseForm(FlaskForm):
    """A reaction staff received by phone, in person, by letter, e-mail or through third parties."""

    channel = SelectField(_l("Eingangsweg"), choices=STAFF_CHANNEL_CHOICES)
    office = SelectField(_l("Geschäftsstelle"), validators=[Optional()])
    received_on = DateField(_l("Eingangsdatum"), validators=[InputRequired()])
    kind = SelectField(
        _l("Anliegen laut Absender"),
        choices=[SelectChoice(k, SENDER_KIND_LABELS[k]) for k in KINDS],
    )
    language = reaction_language_field()
    text = TextAreaField(
        _l("Inhalt (sachlich, ohne Namen von Beschäftigten)"),
        validators=[DataRequired(), Length(max=20000)],
    )
    first_followup_on = DateField(
        _l("Eingang des 1. Folgetickets (nur bei 2. Folgeticket)"), validators=[Optional()]
    )
    committee_deadline = DateField(
        _l("Frist des Ausschusses (Petition/Eingabe)"), validators=[Optional()]
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    email = StringField(_l("E-Mail"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=50)])
    postal_address = TextAreaField(_l("Anschrift"), validators=[Optional(), Length(max=500)])
    preferred = SelectField(
        _l("Antwort gewünscht per"),
        choices=[SelectChoice(k, PREFERRED_LABELS[k]) for k in CONTACT_CHANNELS],
    )

    def contact(self) -> dict[str, str] | None:
        """The contact data, if any was entered."""
        values = {
            "name": (self.name.data or "").strip(),
            "email": (self.email.data or "").strip(),
            "phone": (self.phone.data or "").strip(),
            "postal_address": (self.postal_address.data or "").strip(),
        }
        if not any(values.values()):
            return None
        return {**values, "preferred": self.preferred.data or "email"}
