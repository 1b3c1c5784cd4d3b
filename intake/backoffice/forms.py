"""Back-office forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length

from intake.labels import LANGUAGE_LABELS
from intake.languages import DEFAULT, LANGUAGES


def reaction_language_field() -> SelectField:
    """The language a reaction staff key in was written in, by its German name; German unless
    set. A post without the field keeps the default, so older forms still save German.
    """
    return SelectField(
        _l("Sprache der Reaktion"),
        choices=[SelectChoice(code, LANGUAGE_LABELS[code]) for code in LANGUAGES],
        default=DEFAULT,
    )


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = StringField(_l("E-Mail-Adresse"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Passwort"), validators=[InputRequired(), Length(max=1024)])


class CodeForm(FlaskForm):
    """The second step of a login: a code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Sechsstelliger Code aus der App"),
        validators=[InputRequired(_l("Bitte geben Sie den Code ein.")), Length(max=32)],
    )


class SpamForm(FlaskForm):
    """Move into (`1`) or out of (`0`) the spam folder."""

    spam = HiddenField(validators=[InputRequired()])
