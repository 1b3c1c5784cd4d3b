"""The public feedback form. Labels in German (the source language) through Flask-Babel."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from intake.labels import KIND_LABELS, RATING_LABELS
from intake.reception.services import CONTACT_CHANNELS, KINDS, RATINGS
from intake.web.forms import Form

CONTACT_LABELS = {"email": _l("per E-Mail"), "phone": _l("per Telefon"), "post": _l("per Post")}
NO_OFFICE = ""


def _optional_int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class FeedbackForm(Form):
    """Kind, optional rating, the text, and an optional contact block with consent."""

    kind = RadioField(
        _l("Worum geht es?"),
        choices=[SelectChoice(k, KIND_LABELS[k]) for k in KINDS],
        validators=[InputRequired(_l("Bitte wählen Sie aus, worum es geht."))],
    )
    rating = RadioField(
        _l("Wie zufrieden sind Sie insgesamt? (freiwillig)"),
        choices=[SelectChoice(str(r), RATING_LABELS[r]) for r in RATINGS],
        coerce=_optional_int,
        validators=[Optional()],
        validate_choice=False,
    )
    text = TextAreaField(
        _l("Ihre Nachricht"),
        validators=[
            InputRequired(_l("Bitte schreiben Sie uns ein paar Worte.")),
        ],
    )
    office = SelectField(_l("Geschäftsstelle"), choices=[], validate_choice=False)
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    email = StringField(
        _l("E-Mail-Adresse"),
        validators=[
            Optional(),
            Length(max=254),
            Email(
                _l("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."),
                check_deliverability=False,
            ),
        ],
    )
    phone = StringField(_l("Telefonnummer"), validators=[Optional(), Length(max=50)])
    postal_address = TextAreaField(_l("Postanschrift"), validators=[Optional(), Length(max=500)])
    preferred = RadioField(
        _l("Wie möchten Sie eine Antwort erhalten?"),
        choices=[SelectChoice(c, CONTACT_LABELS[c]) for c in CONTACT_CHANNELS],
        validators=[Optional()],
        validate_choice=False,
    )
    consent = BooleanField(
        _l(
            "Ich bin einverstanden, dass meine Kontaktdaten gespeichert werden, "
            "um mir zu antworten."
        )
    )
    # A trap for bots: hidden from people and assistive technology.
    website = StringField(_l("Bitte dieses Feld leer lassen"))
    form_token = HiddenField()

    def __init__(self, *args: Any, text_max: int = 4000, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text_max = text_max

    def validate_text(self, field: TextAreaField) -> None:
        """Length limit stated up front and checked here, in characters."""
        if len((field.data or "").strip()) > self.text_max:
            raise ValidationError(
                _l("Ihre Nachricht ist zu lang: höchstens %(max)d Zeichen.", max=self.text_max)
            )

    def validate_rating(self, field: RadioField) -> None:
        """Only the five faces, or nothing."""
        raw = field.raw_data[0] if field.raw_data else ""
        if raw not in ("", *(str(r) for r in RATINGS)):
            raise ValidationError(_l("Bitte wählen Sie eines der Gesichter – oder keines."))

    def has_contact(self) -> bool:
        """Whether the visitor typed anything into the contact block."""
        return any(
            (f.data or "").strip() for f in (self.name, self.email, self.phone, self.postal_address)
        )

    def validate_consent(self, field: BooleanField) -> None:
        """Contact data only with explicit consent."""
        if self.has_contact() and not field.data:
            raise ValidationError(
                _l(
                    "Bitte stimmen Sie zu, damit wir Ihre Kontaktdaten für "
                    "die Antwort speichern dürfen – oder lassen Sie die "
                    "Felder leer."
                )
            )

    def validate_preferred(self, field: RadioField) -> None:
        """The chosen way to answer needs its data."""
        if not self.has_contact():
            return
        choice = field.data if field.data in CONTACT_CHANNELS else None
        needed = {"email": self.email, "phone": self.phone, "post": self.postal_address}
        if choice is None:
            raise ValidationError(_l("Bitte wählen Sie, wie wir Ihnen antworten sollen."))
        if not (needed[choice].data or "").strip():
            raise ValidationError(_l("Für diese Antwortart fehlen noch Ihre Angaben."))

    def contact_data(self) -> dict[str, str] | None:
        """Contact fields for storage, or None when none were given with consent."""
        if not (self.has_contact() and self.consent.data):
            return None
        return {
            "name": (self.name.data or "").strip(),
            "email": (self.email.data or "").strip(),
            "phone": (self.phone.data or "").strip(),
            "postal_address": (self.postal_address.data or "").strip(),
            "preferred": self.preferred.data or "email",
        }


class StatusForm(Form):
    """Look up a receipt code."""

    code = StringField(
        _l("Ihr Code"),
        validators=[
            InputRequired(_l("Bitte geben Sie Ihren Code ein.")),
            Length(max=40),
        ],
    )
